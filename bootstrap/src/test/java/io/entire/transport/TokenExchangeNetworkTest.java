package io.entire.transport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.entire.transport.bootstrap.TokenExchangeAuthModule;
import io.entire.transport.domain.GitService;
import io.entire.transport.testkit.ClientCertificate;
import io.entire.transport.testkit.RecordedRequest;
import io.entire.transport.testkit.TestCluster;
import io.entire.transport.testkit.TestProxy;
import java.io.IOException;
import java.io.InputStream;
import java.net.Authenticator;
import java.net.PasswordAuthentication;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An {@link EntireClient}'s {@link NetworkSettings} reach its token exchange (N1, N2 for A2), and
 * its client certificate does not (N3): a real https cluster with its own CA that requires client
 * certificates, its token endpoint (which only asks for one), and a real proxy.
 */
class TokenExchangeNetworkTest {
  private static final String REPO = "et/org/repo";
  private static final String ADVERTISEMENT_START = "001e# service=git-upload-pack";

  private static TestCluster cluster;
  @TempDir Path dir;
  private TestProxy proxy;

  @BeforeAll
  static void startCluster() {
    cluster =
        TestCluster.builder().requireClientCertificate().tokenEndpoint().repository(REPO).start();
  }

  @AfterAll
  static void stopCluster() {
    cluster.close();
  }

  @BeforeEach
  void startProxy() {
    cluster.reset();
    proxy = TestProxy.start();
  }

  @AfterEach
  void stopProxy() {
    proxy.close();
  }

  /** Trusts the cluster's CA from its PEM file and presents the cluster's client certificate. */
  private static NetworkSettings.Builder clusterNetwork() {
    ClientCertificate certificate = cluster.tls().clientCertificate();
    return NetworkSettings.builder()
        .trustedCertificates(cluster.tls().caCertificateFile())
        .clientCertificate(certificate.certificateFile(), certificate.keyFile());
  }

  private String discover(NetworkSettings network) throws IOException {
    try (EntireClient client =
            EntireClient.builder()
                .authentication(
                    new TokenExchangeAuthModule(
                        URI.create(cluster.tokenEndpoint().tokenUrl()), "login-token-4b8d"))
                .network(network)
                .cacheFile(dir.resolve("cache/nodes.json"))
                .build();
        EntireSession session = client.open(cluster.entryUrl(REPO));
        InputStream refs = session.infoRefs(GitService.UPLOAD_PACK)) {
      return new String(refs.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  private static String hostAndPort(String url) {
    URI uri = URI.create(url);
    return uri.getHost() + ":" + uri.getPort();
  }

  private RecordedRequest connectTo(String url) {
    List<RecordedRequest> seen = proxy.requests();
    return seen.stream()
        .filter(r -> r.method().equals("CONNECT") && r.pathAndQuery().equals(hostAndPort(url)))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no CONNECT to " + hostAndPort(url) + ": " + seen));
  }

  @Test
  void N1_N2_A2_aClientsTokenExchangeGoesThroughItsProxyAndTrustsItsBundle() throws Exception {
    String refs = discover(clusterNetwork().proxy(proxy.url()).build());

    assertTrue(refs.startsWith(ADVERTISEMENT_START), refs);
    assertEquals(1, cluster.tokenEndpoint().exchanges());
    assertEquals(200, connectTo(cluster.tokenEndpoint().tokenUrl()).status());
    assertEquals(200, connectTo(cluster.entryUrl()).status());
  }

  @Test
  void N1_A2_theProxyUrlsUserAndPasswordReachTheTokenExchange() throws Exception {
    proxy.requireBasic("alice", "proxy-pass-2f7c");

    String refs = discover(clusterNetwork().proxy(proxy.urlWithCredentials()).build());

    assertTrue(refs.startsWith(ADVERTISEMENT_START), refs);
    RecordedRequest connect = connectTo(cluster.tokenEndpoint().tokenUrl());
    assertEquals("present, Basic", connect.header("Proxy-Authorization"));
    assertEquals(200, connect.status());
  }

  @Test
  void N3_A2_theClientCertificateGoesToTheClusterAndNeverToTheTokenEndpoint() throws Exception {
    String refs = discover(clusterNetwork().directConnections().build());

    assertTrue(refs.startsWith(ADVERTISEMENT_START), refs);
    List<RecordedRequest> clusterRequests = cluster.requests();
    assertTrue(
        clusterRequests.stream()
            .filter(r -> !r.server().equals("token-endpoint"))
            .allMatch(
                r -> cluster.tls().clientCertificate().subject().equals(r.clientCertificate())),
        clusterRequests.toString());
    List<RecordedRequest> exchanges = cluster.tokenEndpoint().requests();
    assertEquals(1, exchanges.size(), exchanges.toString());
    assertNull(exchanges.get(0).clientCertificate(), "the token endpoint asked, nothing came");
  }

  @Test
  void N1_A2_theAuthenticationNetworkAnswersOnlyForItsProxy() {
    Authenticator proxies =
        NetworkSettings.builder()
            .proxy("http://bob:pass%40word@proxy.example:3128")
            .build()
            .authenticationNetwork()
            .proxyAuthenticator();

    PasswordAuthentication bob =
        ask(proxies, "proxy.example", 3128, Authenticator.RequestorType.PROXY);
    assertEquals("bob", bob.getUserName());
    assertArrayEquals("pass@word".toCharArray(), bob.getPassword());
    assertNull(ask(proxies, "other.example", 3128, Authenticator.RequestorType.PROXY));
    assertNull(ask(proxies, "proxy.example", 3128, Authenticator.RequestorType.SERVER));
  }

  @Test
  void A2_aContextWithoutANetworkHasTheJvmsNetwork() {
    Authentication.Context context =
        new Authentication.Context(Duration.ofSeconds(1), Duration.ofSeconds(2), Clock.systemUTC());

    assertSame(Authentication.Network.JVM_DEFAULT, context.network());
    assertSame(
        Authentication.Network.JVM_DEFAULT.sslContext(),
        Authentication.Network.JVM_DEFAULT.sslContext(),
        "made once");
  }

  private static PasswordAuthentication ask(
      Authenticator authenticator, String host, int port, Authenticator.RequestorType type) {
    return authenticator.requestPasswordAuthenticationInstance(
        host, null, port, "http", "", "Basic", null, type);
  }
}
