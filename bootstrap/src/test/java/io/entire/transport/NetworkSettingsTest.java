package io.entire.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.entire.transport.bootstrap.StaticTokenAuthModule;
import io.entire.transport.domain.GitService;
import io.entire.transport.domain.ProxyAuthenticationException;
import io.entire.transport.domain.TransportException;
import io.entire.transport.testkit.ClientCertificate;
import io.entire.transport.testkit.RecordedRequest;
import io.entire.transport.testkit.TestCluster;
import io.entire.transport.testkit.TestProxy;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A client's {@link NetworkSettings} against an https cluster with its own CA that asks for a
 * client certificate, and a real proxy (N1–N4): trust, proxy, certificate and extra headers reach
 * the wire as configured.
 */
@Timeout(60)
class NetworkSettingsTest {
  private static final String REPO = "et/org/repo";
  private static final String TOKEN = "network-test-token-4711";
  private static final String ADVERTISEMENT_START = "001e# service=git-upload-pack";

  private static TestCluster cluster;
  private static TestProxy proxy;

  @TempDir Path dir;

  @BeforeAll
  static void start() {
    cluster =
        TestCluster.builder()
            .replicas(2)
            .https()
            .requireClientCertificate()
            .requireBearer(TOKEN)
            .repository(REPO)
            .start();
    proxy = TestProxy.start();
  }

  @AfterAll
  static void stop() {
    proxy.close();
    cluster.close();
  }

  @BeforeEach
  void reset() {
    cluster.reset();
    proxy.clearRequests();
    proxy.allowAnonymous();
  }

  private static NetworkSettings.Builder trustingTheCluster() {
    ClientCertificate certificate = cluster.tls().clientCertificate();
    return NetworkSettings.builder()
        .directConnections()
        .trustedCertificates(cluster.tls().caCertificateFile())
        .clientCertificate(certificate.certificateFile(), certificate.keyFile());
  }

  private String discover(NetworkSettings network) throws IOException {
    try (EntireClient client =
            EntireClient.builder()
                .authentication(new StaticTokenAuthModule(TOKEN))
                .cacheFile(dir.resolve("nodes.json"))
                .network(network)
                .build();
        EntireSession session = client.open(cluster.entryUrl() + "/" + REPO);
        InputStream refs = session.infoRefs(GitService.UPLOAD_PACK)) {
      return new String(refs.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void N2_N3_aClientTrustingTheClustersCaWithItsCertificateListsRefsOverHttps() throws IOException {
    assertTrue(discover(trustingTheCluster().build()).startsWith(ADVERTISEMENT_START));

    List<RecordedRequest> requests = cluster.requests();
    assertFalse(requests.isEmpty());
    for (RecordedRequest request : requests) {
      assertEquals(cluster.tls().clientCertificate().subject(), request.clientCertificate(), "N3");
    }
  }

  @Test
  void N2_theJvmsDefaultTrustDoesNotTrustTheClustersCa() {
    ClientCertificate certificate = cluster.tls().clientCertificate();
    NetworkSettings defaultTrust =
        NetworkSettings.builder()
            .directConnections()
            .clientCertificate(certificate.certificateFile(), certificate.keyFile())
            .build();

    TransportException e = assertThrows(TransportException.class, () -> discover(defaultTrust));

    assertTrue(cluster.requests().isEmpty(), "no request passed the handshake");
    assertFalse(e.getMessage().contains(TOKEN), e.getMessage());
  }

  @Test
  void N3_withoutAClientCertificateTheClusterRefusesTheHandshake() {
    NetworkSettings noCertificate =
        NetworkSettings.builder()
            .directConnections()
            .trustedCertificates(cluster.tls().caCertificateFile())
            .build();

    assertThrows(TransportException.class, () -> discover(noCertificate));
    assertTrue(cluster.requests().isEmpty());
  }

  @Test
  void N1_anHttpsClusterThroughTheProxyShowsItOnlyConnectTunnels() throws IOException {
    assertTrue(
        discover(trustingTheCluster().proxy(proxy.url()).build()).startsWith(ADVERTISEMENT_START));

    List<RecordedRequest> seen = proxy.requests();
    assertFalse(seen.isEmpty(), "the requests went through the proxy");
    for (RecordedRequest request : seen) {
      assertEquals("CONNECT", request.method(), request.toString());
      assertFalse(request.authorizationPresent(), "the proxy never sees the cluster's token");
    }
    assertFalse(cluster.requests().isEmpty());
  }

  @Test
  void N1_noProxyBypassesTheProxyForTheClustersHost() throws IOException {
    assertTrue(
        discover(trustingTheCluster().proxy(proxy.url()).noProxy("127.0.0.1").build())
            .startsWith(ADVERTISEMENT_START));

    assertTrue(proxy.requests().isEmpty(), proxy.requests().toString());
  }

  @Test
  void N1_aProxyRefusingItsCredentialsIsAClearErrorWithoutThePassword() {
    proxy.requireBasic("alice", "right-password");
    String wrong = "http://alice:wrong-password@" + proxy.host() + ":" + proxy.port();

    ProxyAuthenticationException e =
        assertThrows(
            ProxyAuthenticationException.class,
            () -> discover(trustingTheCluster().proxy(wrong).build()));

    assertTrue(e.getMessage().contains(String.valueOf(proxy.port())), e.getMessage());
    assertFalse(e.getMessage().contains("wrong-password"), e.getMessage());
    assertFalse(e.isRetryable());
  }

  @Test
  void N1_proxyBasicCredentialsFromTheProxyUrlAreAccepted() throws IOException {
    proxy.requireBasic("alice", "right-password");
    String url = "http://alice:right-password@" + proxy.host() + ":" + proxy.port();

    assertTrue(discover(trustingTheCluster().proxy(url).build()).startsWith(ADVERTISEMENT_START));
  }

  @Test
  void N4_extraHeadersReachTheClustersServers() throws IOException {
    discover(trustingTheCluster().extraHeader("X-Team", "tools").build());

    for (RecordedRequest request : cluster.requests()) {
      assertEquals("tools", request.header("X-Team"), request.toString());
    }
  }

  @Test
  void N1_N2_N3_N4_badSettingsAreRefusedWhenSetNamingWhatIsWrong() throws IOException {
    IllegalArgumentException proxyUrl =
        assertThrows(
            IllegalArgumentException.class,
            () -> NetworkSettings.builder().proxy("socks5://u:hunter2@proxy:1080"));
    assertFalse(proxyUrl.getMessage().contains("hunter2"), proxyUrl.getMessage());

    Path missing = dir.resolve("missing-ca.pem");
    IllegalArgumentException ca =
        assertThrows(
            IllegalArgumentException.class,
            () -> NetworkSettings.builder().trustedCertificates(missing));
    assertTrue(ca.getMessage().contains(missing.toString()), ca.getMessage());

    ClientCertificate certificate = cluster.tls().clientCertificate();
    IllegalArgumentException encrypted =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                NetworkSettings.builder()
                    .clientCertificate(
                        certificate.certificateFile(), certificate.encryptedKeyFile()));
    assertTrue(encrypted.getMessage().contains("encrypted"), encrypted.getMessage());
    String keyText = Files.readString(certificate.encryptedKeyFile());
    assertFalse(encrypted.getMessage().contains(keyText.lines().skip(1).findFirst().orElseThrow()));

    assertThrows(
        IllegalArgumentException.class,
        () -> NetworkSettings.builder().extraHeader("Bad Name", "x"));
    IllegalArgumentException framing =
        assertThrows(
            IllegalArgumentException.class,
            () -> NetworkSettings.builder().extraHeader("Content-Length", "5"));
    assertTrue(framing.getMessage().contains("Content-Length"), framing.getMessage());
    IllegalArgumentException injected =
        assertThrows(
            IllegalArgumentException.class,
            () -> NetworkSettings.builder().extraHeader("X-Token", "secret-value\r\nX-Evil: 1"));
    assertFalse(injected.getMessage().contains("secret-value"), injected.getMessage());
  }
}
