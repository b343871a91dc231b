package io.entire.transport.adapters.http;

import static io.entire.transport.adapters.http.ApacheHttpExchangeTest.get;
import static io.entire.transport.adapters.http.ApacheHttpExchangeTest.readAll;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.entire.transport.application.port.in.Cancellation;
import io.entire.transport.application.port.in.RequestBody;
import io.entire.transport.application.port.out.HttpRequest;
import io.entire.transport.application.port.out.HttpResponse;
import io.entire.transport.domain.Headers;
import io.entire.transport.domain.TransportException;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * F9 (hardening_3): a server may close an idle keep-alive connection right after a complete
 * response, without {@code Connection: close} (RFC 9112 §9.5). The next request on that pooled
 * connection fails before any response byte; the exchange resends it once on a new connection, and
 * only a failure there reaches the caller (F2).
 */
class ConnectionReuseTest {
  private static final Duration HANG_GUARD = Duration.ofSeconds(10);

  private final ApacheHttpExchange http =
      new ApacheHttpExchange(
          new HttpSettings(Duration.ofSeconds(5), Duration.ofSeconds(10), false, "entire-test"));

  @AfterEach
  void closeClient() {
    http.close();
  }

  @Test
  void hardening_3_F9_getOnAConnectionTheServerClosedAfterItsResponseIsResentOnANewConnection()
      throws Exception {
    try (ClosingAfterFirstResponse server = ClosingAfterFirstResponse.start(false)) {
      assertEquals("first", fetch(get(server.uri())));
      server.awaitFirstConnectionClosed();

      assertTimeoutPreemptively(HANG_GUARD, () -> assertEquals("second", fetch(get(server.uri()))));

      assertEquals(2, server.raw.connectionCount(), "the stale connection and one new one");
      server.raw.takeRequest();
      assertEquals("GET", server.raw.takeRequest().method(), "the resent request arrived");
    }
  }

  @Test
  void hardening_3_F9_overTlsTheRequestIsResentOnANewConnectionToo() throws Exception {
    try (ApacheHttpExchange trusting =
            new ApacheHttpExchange(
                new HttpSettings(
                    Duration.ofSeconds(5), Duration.ofSeconds(10), true, "entire-test"));
        ClosingAfterFirstResponse server = ClosingAfterFirstResponse.startTls()) {
      assertEquals("first", fetch(trusting, get(server.uri())));
      server.awaitFirstConnectionClosed();

      assertTimeoutPreemptively(
          HANG_GUARD, () -> assertEquals("second", fetch(trusting, get(server.uri()))));

      assertEquals(2, server.raw.connectionCount());
    }
  }

  @Test
  void hardening_3_F9_postBodyIsSentCompleteOnTheNewConnection() throws Exception {
    byte[] payload = new byte[300_000]; // larger than socket buffers: may break mid-send
    new java.util.Random(3).nextBytes(payload);
    try (ClosingAfterFirstResponse server = ClosingAfterFirstResponse.start(false)) {
      assertEquals("first", fetch(get(server.uri())));
      server.awaitFirstConnectionClosed();

      HttpRequest post =
          new HttpRequest(
              "POST", server.uri(), Headers.empty(), RequestBody.ofBytes(payload), false);
      assertTimeoutPreemptively(HANG_GUARD, () -> assertEquals("second", fetch(post)));

      assertEquals(2, server.raw.connectionCount());
      server.raw.takeRequest();
      RawHttpServer.Request resent = server.raw.takeRequest();
      assertEquals("POST", resent.method());
      assertEquals(payload.length, resent.bodyLength());
      assertArrayEquals(payload, resent.body(), "the whole body, from its first byte");
    }
  }

  @Test
  void hardening_3_F9_whenTheNewConnectionFailsTooTheFailureReachesTheCaller() throws Exception {
    try (ClosingAfterFirstResponse server = ClosingAfterFirstResponse.start(true)) {
      assertEquals("first", fetch(get(server.uri())));
      server.awaitFirstConnectionClosed();

      IOException e =
          assertTimeoutPreemptively(
              HANG_GUARD, () -> assertThrows(IOException.class, () -> fetch(get(server.uri()))));

      assertFalse(e instanceof TransportException, "a connection failure for F2: " + e);
      assertEquals(2, server.raw.connectionCount(), "resent once, not again");
    }
  }

  @Test
  void hardening_3_F9_aFailureOnANewConnectionIsNotResent() throws Exception {
    try (RawHttpServer server =
        RawHttpServer.start(
            c -> {
              c.readRequest();
              c.close();
            })) {
      IOException e =
          assertTimeoutPreemptively(
              HANG_GUARD,
              () ->
                  assertThrows(
                      IOException.class,
                      () -> http.exchange(get(server.uri("/r")), new Cancellation())));

      assertFalse(e instanceof TransportException, e.toString());
      assertEquals(1, server.connectionCount());
    }
  }

  @Test
  void hardening_3_F9_aResetAfterTheWholeRequestWasReadIsNotResent() throws Exception {
    // The server had the request and dropped it on purpose, perhaps after acting on it (a push):
    // that node failed (F2), and a POST must not be repeated on such evidence (RFC 9110 §9.2.2).
    try (RawHttpServer server =
        RawHttpServer.start(
            c -> {
              c.readRequest();
              c.respond(200, "first");
              c.readRequest();
              c.reset();
            })) {
      assertEquals("first", fetch(get(server.uri("/r"))));
      HttpRequest post =
          new HttpRequest(
              "POST",
              server.uri("/r"),
              Headers.empty(),
              RequestBody.ofBytes(new byte[] {1, 2, 3}),
              false);

      IOException e =
          assertTimeoutPreemptively(
              HANG_GUARD, () -> assertThrows(IOException.class, () -> fetch(post)));

      assertFalse(e instanceof TransportException, e.toString());
      assertEquals(1, server.connectionCount(), "not resent: " + e);
    }
  }

  @Test
  void hardening_3_F9_aReadTimeoutOnAReusedConnectionIsNotResent() throws Exception {
    // A node that is slow to answer is not a closed connection: resending would double the wait.
    // A read timeout of 1 s, not less: the first answer must arrive within it on a loaded machine.
    try (ApacheHttpExchange impatient =
            new ApacheHttpExchange(
                new HttpSettings(
                    Duration.ofSeconds(5), Duration.ofSeconds(1), false, "entire-test"));
        RawHttpServer server =
            RawHttpServer.start(
                c -> {
                  c.readRequest();
                  c.respond(200, "first");
                  c.readRequest();
                  c.hang();
                })) {
      try (HttpResponse first = impatient.exchange(get(server.uri("/r")), new Cancellation())) {
        assertEquals("first", readAll(first.body()));
      }

      IOException e =
          assertTimeoutPreemptively(
              HANG_GUARD,
              () ->
                  assertThrows(
                      IOException.class,
                      () -> impatient.exchange(get(server.uri("/r")), new Cancellation())));

      assertTrue(e instanceof SocketTimeoutException, e.toString());
      assertEquals(1, server.connectionCount());
    }
  }

  private String fetch(HttpRequest request) throws IOException {
    return fetch(http, request);
  }

  private static String fetch(ApacheHttpExchange exchange, HttpRequest request) throws IOException {
    try (HttpResponse response = exchange.exchange(request, new Cancellation())) {
      assertEquals(200, response.status());
      return readAll(response.body());
    }
  }

  /**
   * Answers the first request of the first connection completely (Content-Length, no {@code
   * Connection: close}) and then closes that connection; later connections answer "second", or,
   * when {@code failLater}, read the request and close without an answer.
   */
  private static final class ClosingAfterFirstResponse implements AutoCloseable {
    final RawHttpServer raw;
    private final CountDownLatch firstClosed;

    private ClosingAfterFirstResponse(RawHttpServer raw, CountDownLatch firstClosed) {
      this.raw = raw;
      this.firstClosed = firstClosed;
    }

    static ClosingAfterFirstResponse start(boolean failLater) throws IOException {
      CountDownLatch firstClosed = new CountDownLatch(1);
      return new ClosingAfterFirstResponse(
          RawHttpServer.start(handler(failLater, firstClosed)), firstClosed);
    }

    static ClosingAfterFirstResponse startTls() throws Exception {
      CountDownLatch firstClosed = new CountDownLatch(1);
      return new ClosingAfterFirstResponse(
          RawHttpServer.startTls(TestTls.serverContext(), handler(false, firstClosed)),
          firstClosed);
    }

    private static RawHttpServer.Handler handler(boolean failLater, CountDownLatch firstClosed) {
      AtomicInteger connections = new AtomicInteger();
      return c -> {
        if (connections.incrementAndGet() == 1) {
          c.readRequest();
          c.respond(200, "first");
          c.close();
          firstClosed.countDown();
          return;
        }
        if (failLater) {
          c.readRequest();
          c.close();
          return;
        }
        while (c.readRequest() != null) {
          c.respond(200, "second");
        }
      };
    }

    URI uri() {
      return raw.uri("/et/repo/info/refs");
    }

    void awaitFirstConnectionClosed() throws InterruptedException {
      assertTrue(firstClosed.await(5, TimeUnit.SECONDS), "the server closed its first connection");
    }

    @Override
    public void close() throws IOException {
      raw.close();
    }
  }
}
