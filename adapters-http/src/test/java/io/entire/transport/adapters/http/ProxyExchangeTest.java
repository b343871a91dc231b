package io.entire.transport.adapters.http;

import static io.entire.transport.adapters.http.NetworkFixture.REPO;
import static io.entire.transport.adapters.http.NetworkFixture.infoRefs;
import static io.entire.transport.adapters.http.NetworkFixture.proxy;
import static io.entire.transport.adapters.http.NetworkFixture.settings;
import static io.entire.transport.adapters.http.NetworkFixture.status;
import static io.entire.transport.adapters.http.NetworkFixture.withToken;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.entire.transport.application.port.in.Cancellation;
import io.entire.transport.application.port.out.HttpRequest;
import io.entire.transport.domain.CleartextCredentialsException;
import io.entire.transport.domain.FailoverPolicy;
import io.entire.transport.domain.Headers;
import io.entire.transport.domain.ProxyAuthenticationException;
import io.entire.transport.testkit.RecordedRequest;
import io.entire.transport.testkit.TestCluster;
import io.entire.transport.testkit.TestProxy;
import java.io.IOException;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * N1 through a real proxy ({@link TestProxy}) to real https and http clusters: {@code CONNECT} for
 * https, absolute form for http, the bypass list, Basic proxy credentials, 407, and the refusal to
 * show plain-http credentials to a proxy.
 */
class ProxyExchangeTest {
  private static final String PROXY_USER = "alice";
  private static final String PROXY_PASSWORD = "proxy-pass-never-shown";

  private static TestCluster https;
  private static TestCluster http;
  private static TlsSettings trustHttps;
  private TestProxy proxy;

  @BeforeAll
  static void startClusters() throws Exception {
    https = TestCluster.builder().https().replicas(1).repository(REPO).start();
    http = TestCluster.builder().replicas(1).repository(REPO).start();
    trustHttps = TlsSettings.trusting(PemTrust.load(https.tls().caCertificateFile()));
  }

  @AfterAll
  static void stopClusters() {
    https.close();
    http.close();
  }

  @BeforeEach
  void startProxy() {
    https.clearRequests();
    http.clearRequests();
    proxy = TestProxy.start();
  }

  @AfterEach
  void stopProxy() {
    proxy.close();
  }

  private ApacheHttpExchange through(String proxyUrl, String noProxy) {
    return new ApacheHttpExchange(settings(proxy(proxyUrl, noProxy), trustHttps));
  }

  @Test
  void N1_anHttpsClusterIsReachedThroughConnectAndTheProxySeesNoAuthorization() throws Exception {
    try (ApacheHttpExchange client = through(proxy.url(), "")) {
      assertEquals(200, status(client, withToken(infoRefs(https, 0))));
    }
    List<RecordedRequest> seen = proxy.requests();
    assertEquals(1, seen.size(), seen.toString());
    assertEquals("CONNECT", seen.get(0).method());
    assertEquals("127.0.0.1:" + https.replica(0).port(), seen.get(0).pathAndQuery());
    assertFalse(seen.get(0).authorizationPresent(), "the token stays inside the tunnel");
    assertTrue(https.replica(0).requests().get(0).authorizationPresent(), "the replica got it");
  }

  @Test
  void N1_aPlainHttpClusterIsReachedThroughTheProxyInAbsoluteForm() throws Exception {
    URI target = infoRefs(http, 0);
    try (ApacheHttpExchange client = through(proxy.url(), "")) {
      assertEquals(200, status(client, HttpRequest.get(target, Headers.empty())));
    }
    List<RecordedRequest> seen = proxy.requests();
    assertEquals(1, seen.size(), seen.toString());
    assertEquals("GET", seen.get(0).method());
    assertEquals(target.toString(), seen.get(0).pathAndQuery());
  }

  @Test
  void N1_hostsOnTheBypassListGoDirectAndTheProxySeesNothing() throws Exception {
    try (ApacheHttpExchange client = through(proxy.url(), "localhost,127.0.0.0/8")) {
      assertEquals(200, status(client, withToken(infoRefs(https, 0))));
      assertEquals(200, status(client, HttpRequest.get(infoRefs(http, 0), Headers.empty())));
    }
    assertEquals(List.of(), proxy.requests());
  }

  @Test
  void N1_basicProxyCredentialsFromTheProxyUrlOpenTunnelsAndForwardRequests() throws Exception {
    proxy.requireBasic(PROXY_USER, PROXY_PASSWORD);
    try (ApacheHttpExchange client = through(proxy.urlWithCredentials(), "")) {
      assertEquals(200, status(client, withToken(infoRefs(https, 0))));
      assertEquals(200, status(client, HttpRequest.get(infoRefs(http, 0), Headers.empty())));
    }
    List<RecordedRequest> seen = proxy.requests();
    assertEquals(List.of("CONNECT", "GET"), seen.stream().map(RecordedRequest::method).toList());
    for (RecordedRequest request : seen) {
      assertEquals(200, request.status(), request.toString());
      assertEquals("present, Basic", request.header("Proxy-Authorization"), request.toString());
    }
    assertNoPasswordInTheDebugLog();
  }

  @Test
  void N1_a407NamesTheProxyAndNeverItsUserOrPasswordAndAbortsFailover() throws Exception {
    proxy.requireBasic(PROXY_USER, PROXY_PASSWORD);
    String wrong = "http://" + PROXY_USER + ":wrong-pass-never-shown@127.0.0.1:" + proxy.port();
    String name = "proxy 127.0.0.1:" + proxy.port();
    try (ApacheHttpExchange client = through(wrong, "")) {
      for (URI target : List.of(infoRefs(https, 0), infoRefs(http, 0))) {
        ProxyAuthenticationException refused =
            assertThrows(
                ProxyAuthenticationException.class,
                () -> status(client, HttpRequest.get(target, Headers.empty())));
        assertTrue(refused.getMessage().startsWith(name + " refused the user and password"));
        assertFalse(refused.getMessage().contains("wrong-pass-never-shown"));
        assertFalse(refused.getMessage().contains(PROXY_USER));
        assertFalse(refused.isRetryable());
        assertEquals(FailoverPolicy.Verdict.ABORT, FailoverPolicy.onFailure(refused));
      }
    }
    try (ApacheHttpExchange client = through(proxy.url(), "")) {
      ProxyAuthenticationException anonymous =
          assertThrows(
              ProxyAuthenticationException.class,
              () -> status(client, withToken(infoRefs(https, 0))));
      assertTrue(anonymous.getMessage().startsWith(name + " requires authentication"));
    }
    assertTrue(https.replica(0).requests().isEmpty() && http.replica(0).requests().isEmpty());
  }

  @Test
  void N1_plainHttpCredentialsThroughAProxyAreRefusedUnlessHttpIsAllowed() throws Exception {
    HttpRequest withToken = withToken(infoRefs(http, 0));
    try (ApacheHttpExchange client = through(proxy.url(), "")) {
      CleartextCredentialsException refused =
          assertThrows(CleartextCredentialsException.class, () -> status(client, withToken));
      assertTrue(
          refused.getMessage().startsWith("refusing to send credentials for 127.0.0.1:"),
          refused.getMessage());
      assertTrue(refused.getMessage().contains("through proxy 127.0.0.1:" + proxy.port()));
      assertFalse(refused.getMessage().contains(NetworkFixture.TOKEN));
      assertEquals(FailoverPolicy.Verdict.ABORT, FailoverPolicy.onFailure(refused));
    }
    assertEquals(List.of(), proxy.requests(), "nothing was sent");

    HttpSettings allowing = settings(proxy(proxy.url(), ""), trustHttps).withAllowHttp(true);
    try (ApacheHttpExchange client = new ApacheHttpExchange(allowing)) {
      assertEquals(200, status(client, withToken));
    }
    assertTrue(proxy.requests().get(0).authorizationPresent(), "allowed: sent through in clear");
  }

  @Test
  void N1_anUnreachableProxyIsAConnectionFailureThatNamesTheProxy() throws Exception {
    int closed;
    try (ServerSocket socket = new ServerSocket(0)) {
      closed = socket.getLocalPort();
    }
    try (ApacheHttpExchange client =
        through("http://" + PROXY_USER + ":" + PROXY_PASSWORD + "@127.0.0.1:" + closed, "")) {
      ConnectException down =
          assertThrows(ConnectException.class, () -> status(client, withToken(infoRefs(https, 0))));
      assertTrue(
          down.getMessage().startsWith("cannot connect to proxy 127.0.0.1:" + closed + ": "),
          down.getMessage());
      assertFalse(down.getMessage().contains(PROXY_PASSWORD));
      assertEquals(FailoverPolicy.Verdict.FAIL_OVER, FailoverPolicy.onFailure(down));
    }
  }

  @Test
  void N1_aTunnelTheProxyCannotOpenIsAConnectionFailureThatNamesTheProxy() throws Exception {
    int closed;
    try (ServerSocket socket = new ServerSocket(0)) {
      closed = socket.getLocalPort();
    }
    URI dead = URI.create("https://127.0.0.1:" + closed + "/" + REPO + "/info/refs");
    try (ApacheHttpExchange client = through(proxy.url(), "")) {
      IOException failed =
          assertThrows(
              IOException.class,
              () -> client.exchange(HttpRequest.get(dead, Headers.empty()), new Cancellation()));
      assertTrue(
          failed
              .getMessage()
              .startsWith(
                  "proxy 127.0.0.1:"
                      + proxy.port()
                      + " did not open a tunnel to 127.0.0.1:"
                      + closed
                      + ": HTTP 502"),
          failed.getMessage());
      assertEquals(FailoverPolicy.Verdict.FAIL_OVER, FailoverPolicy.onFailure(failed));
    }
  }

  private static void assertNoPasswordInTheDebugLog() throws IOException {
    Path log = Path.of("target", "test-debug.log");
    if (Files.exists(log)) {
      String text = Files.readString(log, StandardCharsets.UTF_8);
      String basic =
          Base64.getEncoder()
              .encodeToString((PROXY_USER + ":" + PROXY_PASSWORD).getBytes(StandardCharsets.UTF_8));
      assertFalse(text.contains(PROXY_PASSWORD), "the proxy password reached the debug log");
      assertFalse(text.contains(basic), "the proxy credentials reached the debug log");
    }
  }
}
