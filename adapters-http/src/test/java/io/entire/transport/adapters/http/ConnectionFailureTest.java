package io.entire.transport.adapters.http;

import static io.entire.transport.adapters.http.ApacheHttpExchangeTest.get;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.entire.transport.application.port.in.Cancellation;
import io.entire.transport.application.port.out.HttpResponse;
import io.entire.transport.domain.FailoverPolicy;
import io.entire.transport.domain.TransportException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.time.Duration;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * F2: every way of not getting a response surfaces as a plain {@link IOException} (never a {@link
 * TransportException}), which the failover policy classifies as "fail over".
 */
class ConnectionFailureTest {
  private static final Duration HANG_GUARD = Duration.ofSeconds(5);

  @Test
  void f2ConnectionRefused() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }
    URI uri = URI.create("http://127.0.0.1:" + closedPort + "/r");
    try (ApacheHttpExchange http = exchange(Duration.ofSeconds(5), false)) {
      IOException e = assertConnectionFailure(() -> http.exchange(get(uri), new Cancellation()));
      assertTrue(e instanceof ConnectException, e.toString());
    }
  }

  @Test
  void f2ConnectionResetBeforeAnyResponse() throws Exception {
    try (RawHttpServer server =
            RawHttpServer.start(
                c -> {
                  c.readRequest();
                  c.reset();
                });
        ApacheHttpExchange http = exchange(Duration.ofSeconds(5), false)) {
      assertConnectionFailure(() -> http.exchange(get(server.uri("/r")), new Cancellation()));
    }
  }

  @Test
  void f2ConnectionClosedWithoutAResponse() throws Exception {
    try (RawHttpServer server =
            RawHttpServer.start(
                c -> {
                  c.readRequest();
                  c.close();
                });
        ApacheHttpExchange http = exchange(Duration.ofSeconds(5), false)) {
      assertConnectionFailure(() -> http.exchange(get(server.uri("/r")), new Cancellation()));
    }
  }

  @Test
  void f2NoResponseHeadWithinTheReadTimeout() throws Exception {
    try (RawHttpServer server =
            RawHttpServer.start(
                c -> {
                  c.readRequest();
                  c.hang();
                });
        ApacheHttpExchange http = exchange(Duration.ofMillis(300), false)) {
      IOException e =
          assertConnectionFailure(() -> http.exchange(get(server.uri("/r")), new Cancellation()));
      assertTrue(e instanceof SocketTimeoutException, e.toString());
    }
  }

  @Test
  void f2UntrustedCertificateFailsTheTlsHandshake() throws Exception {
    try (RawHttpServer server = tlsServer();
        ApacheHttpExchange http = exchange(Duration.ofSeconds(5), false)) {
      IOException e =
          assertConnectionFailure(
              () -> http.exchange(get(server.localhostUri("/r")), new Cancellation()));
      assertTrue(e instanceof SSLHandshakeException, e.toString());
    }
  }

  @Test
  void f2TlsHandshakeThatNeverCompletesTimesOutAfterTheConnectTimeout() throws Exception {
    try (RawHttpServer server = RawHttpServer.start(RawHttpServer.Connection::hang);
        ApacheHttpExchange http =
            new ApacheHttpExchange(
                new HttpSettings(
                    Duration.ofMillis(300), Duration.ofSeconds(30), false, "entire-test"))) {
      assertConnectionFailure(() -> http.exchange(get(server.httpsUri("/r")), new Cancellation()));
    }
  }

  @Test
  void skipTlsVerifyAcceptsASelfSignedCertificateForAnyHostName() throws Exception {
    try (RawHttpServer server = tlsServer();
        ApacheHttpExchange http = exchange(Duration.ofSeconds(5), true)) {
      // The certificate is self-signed and names neither 127.0.0.1 nor localhost.
      for (URI uri : new URI[] {server.uri("/r"), server.localhostUri("/r")}) {
        try (HttpResponse response = http.exchange(get(uri), new Cancellation())) {
          assertEquals(200, response.status());
          assertEquals("secure", new String(response.body().readAllBytes()));
        }
      }
    }
  }

  private static RawHttpServer tlsServer() throws Exception {
    return RawHttpServer.startTls(
        TestTls.serverContext(),
        c -> {
          while (c.readRequest() != null) {
            c.respond(200, "secure");
          }
        });
  }

  private static ApacheHttpExchange exchange(Duration readTimeout, boolean skipTlsVerify) {
    return new ApacheHttpExchange(
        new HttpSettings(Duration.ofSeconds(5), readTimeout, skipTlsVerify, "entire-test"));
  }

  private static IOException assertConnectionFailure(Executable call) {
    return assertTimeoutPreemptively(
        HANG_GUARD,
        () -> {
          IOException e = assertThrows(IOException.class, call);
          assertFalse(e instanceof TransportException, "a plain I/O failure: " + e);
          assertEquals(FailoverPolicy.Verdict.FAIL_OVER, FailoverPolicy.onFailure(e));
          return e;
        });
  }
}
