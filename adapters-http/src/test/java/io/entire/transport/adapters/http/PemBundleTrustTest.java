package io.entire.transport.adapters.http;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * N2: a PEM bundle's trust made by {@link TlsSettings#trustingOnFirstUse} is read when the first
 * chain is checked, not before: an http-only cluster never pays for parsing it.
 */
class PemBundleTrustTest {
  @TempDir static Path dir;
  static Path caCert;
  static Path otherCaCert;
  static X509Certificate server;

  @BeforeAll
  static void makeMaterial() throws Exception {
    OpenSsl openssl = new OpenSsl(dir);
    Path caKey = openssl.ecKey("ca.key");
    caCert = openssl.selfSigned(caKey, "CA", "ca.pem");
    otherCaCert = openssl.selfSigned(openssl.ecKey("other.key"), "Other CA", "other.pem");
    Path serverCert =
        openssl.signed(openssl.ecKey("server.key"), "r1.cluster.test", caCert, caKey, "s.pem");
    server = PemTrust.load(serverCert).certificates().get(0);
  }

  @Test
  void N2_theBundleIsReadAtTheFirstCheckNotWhenTheSettingsAreMade() throws Exception {
    Path bundle = dir.resolve("lazy.pem");
    Files.writeString(bundle, "not yet a bundle\n");

    X509TrustManager trust = TlsSettings.trustingOnFirstUse(bundle).trust();
    // Written after the settings were made: a trust that read the file at once would hold nothing.
    Files.copy(caCert, bundle, java.nio.file.StandardCopyOption.REPLACE_EXISTING);

    assertDoesNotThrow(
        () -> trust.checkServerTrusted(new X509Certificate[] {server}, "ECDHE_ECDSA"));
    // Read once: a later change of the file does not count.
    Files.copy(otherCaCert, bundle, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    assertDoesNotThrow(
        () -> trust.checkServerTrusted(new X509Certificate[] {server}, "ECDHE_ECDSA"));
    assertEquals("CN=CA", trust.getAcceptedIssuers()[0].getSubjectX500Principal().getName());
  }

  @Test
  void N2_aBundleOfAnotherCaDoesNotTrustTheServer() throws Exception {
    X509TrustManager trust = TlsSettings.trustingOnFirstUse(otherCaCert).trust();

    assertThrows(
        CertificateException.class,
        () -> trust.checkServerTrusted(new X509Certificate[] {server}, "ECDHE_ECDSA"));
  }

  @Test
  void N2_aMissingOrUnreadableBundleIsRefusedAtOnceNamingTheFile() {
    Path missing = dir.resolve("missing.pem");
    PemException gone =
        assertThrows(PemException.class, () -> TlsSettings.trustingOnFirstUse(missing));
    assertTrue(gone.getMessage().contains(missing.toString()), gone.getMessage());

    PemException directory =
        assertThrows(PemException.class, () -> TlsSettings.trustingOnFirstUse(dir));
    assertTrue(directory.getMessage().contains(dir.toString()), directory.getMessage());
  }

  @Test
  void N2_aBundleWithoutCertificatesFailsEveryCheckNamingTheFile() throws Exception {
    Path empty = Files.writeString(dir.resolve("empty.pem"), "# no certificates here\n");
    X509TrustManager trust = TlsSettings.trustingOnFirstUse(empty).trust();

    for (int attempt = 0; attempt < 2; attempt++) {
      CertificateException e =
          assertThrows(
              CertificateException.class,
              () -> trust.checkServerTrusted(new X509Certificate[] {server}, "ECDHE_ECDSA"));
      assertTrue(e.getMessage().contains(empty.toString()), e.getMessage());
      assertTrue(e.getMessage().contains("no certificate"), e.getMessage());
    }
    assertEquals(0, trust.getAcceptedIssuers().length);
  }
}
