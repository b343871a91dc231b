package io.entire.transport.adapters.http;

import static io.entire.transport.adapters.http.NetworkFixture.REPO;
import static io.entire.transport.adapters.http.NetworkFixture.infoRefs;
import static io.entire.transport.adapters.http.NetworkFixture.settings;
import static io.entire.transport.adapters.http.NetworkFixture.status;
import static io.entire.transport.adapters.http.NetworkFixture.withToken;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.entire.transport.testkit.TestCluster;
import java.security.KeyStore;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * N2: per-client trust from a PEM bundle, a key store or a ready SSLContext, against real https
 * clusters, each with its own CA; a bundle replaces the default trust.
 */
class TrustSettingsTest {
  private static TestCluster cluster;
  private static TestCluster other;

  @BeforeAll
  static void startClusters() {
    cluster = TestCluster.builder().https().replicas(1).repository(REPO).start();
    other = TestCluster.builder().https().replicas(1).repository(REPO).start();
  }

  @AfterAll
  static void stopClusters() {
    cluster.close();
    other.close();
  }

  private static int statusWith(TlsSettings tls) throws Exception {
    try (ApacheHttpExchange http = new ApacheHttpExchange(settings(ProxySettings.DIRECT, tls))) {
      return status(http, withToken(infoRefs(cluster, 0)));
    }
  }

  @Test
  void N2_aPemBundleAKeyStoreOrAnSslContextTrustTheClusterForThisClientOnly() throws Exception {
    KeyStore store = cluster.tls().trustStore();
    SSLContext context = cluster.tls().sslContext();
    for (TlsSettings tls :
        List.of(
            TlsSettings.trusting(PemTrust.load(cluster.tls().caCertificateFile())),
            TlsSettings.trusting(store),
            TlsSettings.using(context))) {
      assertEquals(200, statusWith(tls), tls.toString());
    }
  }

  @Test
  void N2_withTheDefaultTrustTheClusterIsRefusedInTheHandshake() {
    cluster.clearRequests();
    SSLHandshakeException refused =
        assertThrows(SSLHandshakeException.class, () -> statusWith(TlsSettings.JVM_DEFAULT));
    assertTrue(refused.getMessage().contains("PKIX path building failed"), refused.getMessage());
    assertEquals(List.of(), cluster.replica(0).requests(), "no request got through");
  }

  @Test
  void N2_aBundleReplacesTheDefaultTrustRatherThanAddingToIt() throws Exception {
    SSLContext jvmDefault = SSLContext.getDefault();
    // Make the JVM's default trust the cluster, for this test only, as cacerts would a public CA.
    SSLContext.setDefault(cluster.tls().sslContext());
    try {
      assertEquals(200, statusWith(TlsSettings.JVM_DEFAULT), "the default now trusts it");
      TlsSettings otherBundle =
          TlsSettings.trusting(PemTrust.load(other.tls().caCertificateFile()));
      assertThrows(SSLHandshakeException.class, () -> statusWith(otherBundle));
    } finally {
      SSLContext.setDefault(jvmDefault);
    }
  }

  @Test
  void N2_aReadySslContextComesAloneWithoutTrustOrClientCertificate() throws Exception {
    TlsSettings ready = TlsSettings.using(cluster.tls().sslContext());
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                ready.withClientCertificate(
                    ClientCertificate.load(
                        cluster.tls().clientCertificate().certificateFile(),
                        cluster.tls().clientCertificate().keyFile())));
    assertTrue(e.getMessage().startsWith("a ready SSLContext carries its own"), e.getMessage());
  }
}
