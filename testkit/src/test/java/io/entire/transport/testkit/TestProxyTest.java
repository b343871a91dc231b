package io.entire.transport.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The {@link TestProxy} (N1): CONNECT tunnels, absolute-form forwarding, Basic auth, its log. */
@Timeout(60)
class TestProxyTest {

  private static final String REPO = "et/org/repo";
  private static final String TOKEN = "cluster-token-4711";
  private static final String PROXY_PASSWORD = "proxy-pass-0815";

  private static TestCluster https;
  private static TestCluster http;
  private TestProxy proxy;

  @TempDir Path work;

  @BeforeAll
  static void clusters() {
    https =
        TestCluster.builder()
            .replicas(1)
            .https()
            .loopbackNames()
            .requireBearer(TOKEN)
            .repository(REPO)
            .start();
    http = TestCluster.builder().replicas(1).requireBearer(TOKEN).repository(REPO).start();
  }

  @AfterAll
  static void stopClusters() {
    https.close();
    http.close();
  }

  @BeforeEach
  void startProxy() {
    https.reset();
    http.reset();
    proxy = TestProxy.start();
  }

  @AfterEach
  void stopProxy() {
    proxy.close();
  }

  private HttpClient clientThroughProxy() {
    return HttpClient.newBuilder()
        .proxy(ProxySelector.of(new InetSocketAddress(proxy.host(), proxy.port())))
        .sslContext(https.tls().sslContext())
        .connectTimeout(Duration.ofSeconds(5))
        .version(HttpClient.Version.HTTP_1_1)
        .build();
  }

  private HttpResponse<String> getWithToken(String url) throws Exception {
    return clientThroughProxy()
        .send(
            HttpRequest.newBuilder(URI.create(url))
                .timeout(Http.TIMEOUT)
                .header("Authorization", "Bearer " + TOKEN)
                .GET()
                .build(),
            HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void N1_connectTunnelsHttpsToAClusterByNameAndTheProxySeesOnlyTheTarget() throws Exception {
    String url = Http.infoRefs(https.replica(0).url(), REPO);

    HttpResponse<String> response = getWithToken(url);

    assertEquals(200, response.statusCode(), response.body());
    RecordedRequest seen = proxy.requests().get(0);
    assertEquals(TestProxy.NAME, seen.server());
    assertEquals("CONNECT", seen.method());
    assertEquals("r0.cluster.test:" + https.replica(0).port(), seen.pathAndQuery());
    assertEquals(200, seen.status());
    assertFalse(seen.authorizationPresent(), "the cluster's Authorization stays inside TLS");
    assertEquals(1, proxy.requests().size(), "" + proxy.requests());
    assertTrue(https.replica(0).requests().get(0).authorizationPresent());
  }

  @Test
  void N1_absoluteFormIsForwardedAndTheLogShowsAuthorizationPassedInClear() throws Exception {
    String url = Http.infoRefs(http.replica(0).url(), REPO);

    HttpResponse<String> response = getWithToken(url);

    assertEquals(200, response.statusCode(), response.body());
    assertTrue(response.body().contains("# service=git-upload-pack"), response.body());
    RecordedRequest seen = proxy.requests().get(0);
    assertEquals("GET", seen.method());
    assertEquals(url, seen.pathAndQuery());
    assertEquals(200, seen.status());
    assertTrue(seen.authorizationPresent(), "Authorization went through the proxy in clear");
    assertEquals("present, Bearer", seen.header("Authorization"));
    assertFalse(seen.toString().contains(TOKEN), seen.toString());
    RecordedRequest atOrigin = http.replica(0).requests().get(0);
    assertEquals("/" + REPO + "/info/refs?service=git-upload-pack", atOrigin.pathAndQuery());
    assertNull(atOrigin.header("Proxy-Authorization"));
  }

  @Test
  void N1_missingOrWrongProxyCredentialsGet407WithABasicChallenge() throws Exception {
    proxy.requireBasic("alice", PROXY_PASSWORD);
    String target = "r0.cluster.test:" + https.replica(0).port();

    String none = connect(target, null);
    String wrong = connect(target, "alice:not-the-password");
    String right = connect(target, "alice:" + PROXY_PASSWORD);

    assertTrue(none.startsWith("HTTP/1.1 407 "), none);
    assertTrue(
        none.contains("Proxy-Authenticate: Basic realm=\"" + TestProxy.REALM + "\"\r\n"), none);
    assertTrue(wrong.startsWith("HTTP/1.1 407 "), wrong);
    assertTrue(right.startsWith("HTTP/1.1 200 "), right);
    List<RecordedRequest> seen = proxy.requests();
    assertEquals(List.of(407, 407, 200), seen.stream().map(RecordedRequest::status).toList());
    assertNull(seen.get(0).header("Proxy-Authorization"));
    assertEquals("present, Basic", seen.get(2).header("Proxy-Authorization"));
    assertFalse(seen.toString().contains(PROXY_PASSWORD), seen.toString());
    assertEquals(
        "http://alice:" + PROXY_PASSWORD + "@127.0.0.1:" + proxy.port(),
        proxy.urlWithCredentials());
  }

  @Test
  void N1_anUnknownTargetGets502AndAnHttpsUrlInAbsoluteForm400() throws Exception {
    String unknown = connect("nowhere.invalid:443", null);
    String absoluteHttps = request("GET https://r0.cluster.test:1/ HTTP/1.1\r\nHost: x\r\n\r\n");

    assertTrue(unknown.startsWith("HTTP/1.1 502 "), unknown);
    assertTrue(absoluteHttps.startsWith("HTTP/1.1 400 "), absoluteHttps);
    assertEquals(
        List.of(502, 400), proxy.requests().stream().map(RecordedRequest::status).toList());
  }

  @Test
  void N1_closingTheProxyEndsAnOpenTunnel() throws Exception {
    try (Socket socket = Http.connect(proxy.host(), proxy.port())) {
      String target = "r0.cluster.test:" + https.replica(0).port();
      Http.send(socket, "CONNECT " + target + " HTTP/1.1\r\nHost: " + target + "\r\n\r\n");
      InputStream in = socket.getInputStream();
      assertTrue(Http.readHead(in).startsWith("HTTP/1.1 200 "));

      proxy.close();

      assertEquals(-1, readOrEnd(in), "the tunnel ended");
    }
  }

  @Test
  void N1_realGitListsRefsByNameThroughTheProxyWithBasicAuth() {
    proxy.requireBasic("alice", PROXY_PASSWORD);
    // git (curl) cannot resolve r0.cluster.test itself; through the proxy it need not
    String url = https.replica(0).url() + "/" + REPO;
    IsolatedGit git =
        https.git().withEnv("GIT_SSL_CAINFO", https.tls().caCertificateFile().toString());

    IsolatedGit.Result result =
        git.run(
            work,
            "-c",
            "http.proxy=" + proxy.urlWithCredentials(),
            "-c",
            "http.extraHeader=Authorization: Bearer " + TOKEN,
            "ls-remote",
            url);

    assertTrue(result.ok(), result.stderr());
    assertTrue(result.stdout().contains("refs/heads/main"), result.stdout());
    assertTrue(
        proxy.requests().stream().anyMatch(r -> r.method().equals("CONNECT") && r.status() == 200),
        "" + proxy.requests());
  }

  private String connect(String target, String userPassword) throws IOException {
    String auth =
        userPassword == null
            ? ""
            : "Proxy-Authorization: Basic "
                + Base64.getEncoder().encodeToString(userPassword.getBytes(StandardCharsets.UTF_8))
                + "\r\n";
    return request("CONNECT " + target + " HTTP/1.1\r\nHost: " + target + "\r\n" + auth + "\r\n");
  }

  /** Sends {@code text} on a new connection and returns the response head. */
  private String request(String text) throws IOException {
    try (Socket socket = Http.connect(proxy.host(), proxy.port())) {
      Http.send(socket, text);
      return Http.readHead(socket.getInputStream());
    }
  }

  private static int readOrEnd(InputStream in) {
    try {
      return in.read();
    } catch (IOException e) {
      return -1; // reset instead of FIN: ended as well
    }
  }
}
