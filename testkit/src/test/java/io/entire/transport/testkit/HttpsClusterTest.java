package io.entire.transport.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * An https cluster by loopback name (N2): trusted through its own CA, refused without it, and
 * reachable by real {@code git} with {@code GIT_SSL_CAINFO}.
 */
@Timeout(60)
class HttpsClusterTest {

  private static final String REPO = "et/org/repo";
  private static TestCluster cluster;

  @TempDir Path work;

  @BeforeAll
  static void start() {
    cluster = TestCluster.builder().replicas(2).https().loopbackNames().repository(REPO).start();
  }

  @AfterAll
  static void stop() {
    cluster.close();
  }

  @BeforeEach
  void reset() {
    cluster.reset();
  }

  static HttpClient client(SSLContext context) {
    return HttpClient.newBuilder()
        .sslContext(context)
        .followRedirects(HttpClient.Redirect.NEVER)
        .connectTimeout(Duration.ofSeconds(5))
        .version(HttpClient.Version.HTTP_1_1)
        .build();
  }

  static HttpResponse<String> get(HttpClient client, String url) throws Exception {
    return client.send(
        HttpRequest.newBuilder(URI.create(url)).timeout(Http.TIMEOUT).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void loopbackNamesResolveToLoopbackInTheTestJvm() throws Exception {
    assertEquals("127.0.0.1", InetAddress.getByName("r1.cluster.test").getHostAddress());
    assertEquals("127.0.0.1", InetAddress.getByName(LoopbackNames.ENTRY).getHostAddress());
    assertEquals("127.0.0.2", InetAddress.getByName(LoopbackNames.OUTSIDER).getHostAddress());
    LoopbackNames.requireResolvable();
    assertEquals(LoopbackNames.hostsFileContent(), Files.readString(cluster.hostsFile()));
    assertEquals(
        "-Djdk.net.hosts.file=" + cluster.hostsFile().toAbsolutePath(),
        LoopbackNames.jvmOption(cluster.hostsFile()));
  }

  @Test
  void N2_clientTrustingTheClusterCaFetchesInfoRefsOverHttpsByName() throws Exception {
    String base = cluster.replica(0).url();
    assertTrue(base.matches("https://r0\\.cluster\\.test:\\d+"), base);

    HttpResponse<String> response =
        get(client(cluster.tls().sslContext()), Http.infoRefs(base, REPO));

    assertEquals(200, response.statusCode());
    assertTrue(response.body().contains("# service=git-upload-pack"), response.body());
    assertEquals(
        "https://r0.cluster.test:"
            + cluster.replica(0).port()
            + ",https://r1.cluster.test:"
            + cluster.replica(1).port(),
        response.headers().firstValue(TestCluster.REPLICAS_HEADER).orElseThrow());
    RecordedRequest recorded = cluster.replica(0).requests().get(0);
    assertEquals("r0.cluster.test:" + cluster.replica(0).port(), recorded.host());
    assertNull(recorded.clientCertificate());
  }

  @Test
  void N2_entryRedirectsToReplicasByHttpsName() throws Exception {
    HttpResponse<String> response =
        get(client(cluster.tls().sslContext()), Http.infoRefs(cluster.entryUrl(), REPO));

    assertEquals(307, response.statusCode());
    String location = response.headers().firstValue("Location").orElseThrow();
    assertTrue(location.startsWith("https://r0.cluster.test:"), location);
    assertTrue(cluster.entryUrl().startsWith("https://entry.cluster.test:"), cluster.entryUrl());
  }

  @Test
  void N2_clientWithoutTheClusterCaFailsTheHandshake() throws Exception {
    HttpClient defaultTrust = client(SSLContext.getDefault());

    assertThrows(
        SSLHandshakeException.class,
        () -> get(defaultTrust, Http.infoRefs(cluster.replica(0).url(), REPO)));
    assertTrue(cluster.requests().isEmpty(), "" + cluster.requests());
  }

  @Test
  void N2_certificatesNameTheServerItsAddressAndComeFromTheClusterCa() throws Exception {
    X509Certificate ca = cluster.tls().caCertificate();
    String pem = Files.readString(cluster.tls().caCertificateFile());
    assertEquals(cluster.tls().caCertificatePem(), pem);
    assertTrue(pem.startsWith("-----BEGIN CERTIFICATE-----"), pem);
    assertTrue(ca.getBasicConstraints() >= 0, "a CA certificate");
    assertTrue(cluster.tls().trustStore().isCertificateEntry("entire-testkit-ca"));
    // by address, as git and curl reach it: the certificate names 127.0.0.1 too
    String byAddress = cluster.replica(1).addressUrl();
    assertTrue(byAddress.startsWith("https://127.0.0.1:"), byAddress);
    assertEquals(
        200, get(client(cluster.tls().sslContext()), Http.infoRefs(byAddress, REPO)).statusCode());
  }

  @Test
  void N2_anotherClustersCaIsNotTrusted() throws Exception {
    try (TestCluster other = TestCluster.builder().replicas(1).https().start()) {
      HttpClient trustsOther = client(other.tls().sslContext());
      assertThrows(
          SSLHandshakeException.class,
          () -> get(trustsOther, Http.infoRefs(cluster.replica(0).url(), REPO)));
      assertTrue(other.replica(0).url().startsWith("https://127.0.0.1:"), other.replica(0).url());
    }
  }

  @Test
  void N2_anHttpsOutsiderByNameShakesHandsWithTheClusterCaAndRecordsWhatArrived() throws Exception {
    try (OutsiderServer outsider = OutsiderServer.startHttps(cluster.tls())) {
      String url = outsider.url() + "/anything";
      assertTrue(url.startsWith("https://outsider.other.test:"), url);
      HttpResponse<String> response =
          client(cluster.tls().sslContext())
              .send(
                  HttpRequest.newBuilder(URI.create(url))
                      .timeout(Http.TIMEOUT)
                      .header("Authorization", "Bearer leaked-token")
                      .build(),
                  HttpResponse.BodyHandlers.ofString());

      assertEquals(200, response.statusCode());
      assertTrue(outsider.requests().get(0).authorizationPresent());
      assertTrue(outsider.addressUrl().startsWith("https://127.0.0.2:"), outsider.addressUrl());
    }
  }

  @Test
  void N2_realGitListsRefsOverHttpsWithTheCaFromGitSslCainfo() {
    String url = cluster.replica(0).addressUrl() + "/" + REPO;
    IsolatedGit git = cluster.git();

    IsolatedGit.Result untrusted = git.run(work, "ls-remote", url);
    IsolatedGit.Result trusted =
        git.withEnv("GIT_SSL_CAINFO", cluster.tls().caCertificateFile().toString())
            .run(work, "ls-remote", url);

    assertFalse(untrusted.ok(), untrusted.stdout());
    assertTrue(untrusted.stderr().contains("certificate"), untrusted.stderr());
    assertTrue(trusted.ok(), trusted.stderr());
    assertTrue(trusted.stdout().contains("refs/heads/main"), trusted.stdout());
  }
}
