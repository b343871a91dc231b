package io.entire.transport.adapters.http;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.Collections;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** N2: a PEM CA bundle as per-client trust; errors name the file and never its content. */
class PemTrustTest {
  @TempDir static Path dir;
  static Path caOneCert;
  static Path caOneKey;
  static Path caTwoCert;
  static Path serverCert;

  @BeforeAll
  static void makeMaterial() {
    OpenSsl openssl = new OpenSsl(dir);
    caOneKey = openssl.ecKey("ca1.key");
    caOneCert = openssl.selfSigned(caOneKey, "CA One", "ca1.pem");
    Path caTwoKey = openssl.rsaKey("ca2.key");
    caTwoCert = openssl.selfSigned(caTwoKey, "CA Two", "ca2.pem");
    serverCert =
        openssl.signed(
            openssl.ecKey("server.key"), "r1.cluster.test", caOneCert, caOneKey, "server.pem");
  }

  @Test
  void N2_readsEveryCertificateOfABundleWithCommentsBetween() throws Exception {
    Path bundle = dir.resolve("bundle.pem");
    Files.writeString(
        bundle,
        "# company roots\n\n"
            + Files.readString(caOneCert)
            + "\nsome text openssl ignores\n"
            + Files.readString(caTwoCert));

    PemTrust trust = PemTrust.load(bundle);

    assertEquals(2, trust.certificates().size());
    assertEquals(2, Collections.list(trust.keyStore().aliases()).size());
    assertTrue(trust.toString().contains("CA One"), trust.toString());
  }

  @Test
  void N2_trustsCertificatesIssuedByTheBundleOnly() throws Exception {
    X509Certificate server = PemTrust.load(serverCert).certificates().get(0);
    X509Certificate issuer = PemTrust.load(caOneCert).certificates().get(0);

    X509TrustManager trustsIssuer = PemTrust.load(caOneCert).trustManager();
    X509TrustManager trustsOther = PemTrust.load(caTwoCert).trustManager();

    assertDoesNotThrow(
        () ->
            trustsIssuer.checkServerTrusted(new X509Certificate[] {server, issuer}, "ECDHE_ECDSA"));
    assertThrows(
        CertificateException.class,
        () -> trustsOther.checkServerTrusted(new X509Certificate[] {server}, "ECDHE_ECDSA"));
    assertEquals(1, trustsIssuer.getAcceptedIssuers().length, "the bundle replaces cacerts");
  }

  @Test
  void N2_aMissingFileIsNamed() {
    Path missing = dir.resolve("nope.pem");

    PemException e = assertThrows(PemException.class, () -> PemTrust.load(missing));

    assertEquals(missing + ": no such file", e.getMessage());
  }

  @Test
  void N2_aFileWithoutCertificateIsNamed() throws Exception {
    Path keyOnly = Files.writeString(dir.resolve("key-only.pem"), Files.readString(caOneKey));

    PemException e = assertThrows(PemException.class, () -> PemTrust.load(keyOnly));

    assertTrue(e.getMessage().startsWith(keyOnly + ": no certificate in it"), e.getMessage());
    assertFalse(e.getMessage().contains("MII"), "no content in the message");
  }

  @Test
  void N2_badBase64IsNamedWithoutTheContent() throws Exception {
    Path broken =
        Files.writeString(
            dir.resolve("broken.pem"),
            "# x\n-----BEGIN CERTIFICATE-----\nMIIB!!secretish!!\n-----END CERTIFICATE-----\n");

    PemException e = assertThrows(PemException.class, () -> PemTrust.load(broken));

    assertEquals(broken + ": bad base64 in the CERTIFICATE block at line 2", e.getMessage());
  }

  @Test
  void N2_aBlockWithoutEndAndANonCertificateAreNamed() throws Exception {
    Path unterminated =
        Files.writeString(dir.resolve("open.pem"), "-----BEGIN CERTIFICATE-----\nMIIB\n");
    Path notX509 =
        Files.writeString(
            dir.resolve("junk.pem"),
            "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n");

    assertTrue(
        assertThrows(PemException.class, () -> PemTrust.load(unterminated))
            .getMessage()
            .contains("block at line 1 has no END line"));
    assertTrue(
        assertThrows(PemException.class, () -> PemTrust.load(notX509))
            .getMessage()
            .contains("is not an X.509 certificate"));
  }
}
