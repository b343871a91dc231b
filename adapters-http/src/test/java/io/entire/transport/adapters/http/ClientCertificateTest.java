package io.entire.transport.adapters.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import javax.net.ssl.X509KeyManager;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** N3: a client certificate chain and its key as a key manager for the TLS handshake. */
class ClientCertificateTest {
  @TempDir static Path dir;
  static OpenSsl openssl;
  static Path caCert;
  static Path caKey;

  @BeforeAll
  static void makeCa() {
    openssl = new OpenSsl(dir);
    caKey = openssl.ecKey("ca.key");
    caCert = openssl.selfSigned(caKey, "Client CA", "ca.pem");
  }

  @Test
  void N3_rsaPkcs1KeyAndChainBecomeAKeyManager() throws Exception {
    Path key = openssl.rsaKey("alice.key");
    Path leaf = openssl.signed(key, "alice", caCert, caKey, "alice.pem");
    Path chain =
        Files.writeString(
            dir.resolve("alice-chain.pem"), Files.readString(leaf) + Files.readString(caCert));

    ClientCertificate client = ClientCertificate.load(chain, openssl.pkcs1(key, "alice1.key"));

    assertEquals(2, client.chain().size());
    X509KeyManager manager = client.keyManager();
    String alias = manager.chooseClientAlias(new String[] {"RSA"}, null, null);
    assertNotNull(alias, "the key manager offers the RSA certificate");
    X509Certificate[] presented = manager.getCertificateChain(alias);
    assertEquals(2, presented.length);
    assertTrue(presented[0].getSubjectX500Principal().getName().contains("alice"));
    assertEquals("RSA", manager.getPrivateKey(alias).getAlgorithm());
  }

  @Test
  void N3_ecSec1KeyInTheSameFileAsTheCertificate() throws Exception {
    Path key = openssl.ecKey("bob.key");
    Path leaf = openssl.signed(key, "bob", caCert, caKey, "bob.pem");
    Path both =
        Files.writeString(
            dir.resolve("bob-both.pem"),
            Files.readString(leaf) + Files.readString(openssl.sec1(key, "bob1.key")));

    ClientCertificate client = ClientCertificate.load(both, both);

    KeyStore store = client.keyStore();
    assertEquals(1, store.size());
    PrivateKey stored = (PrivateKey) store.getKey("client", "in-memory".toCharArray());
    assertEquals("EC", stored.getAlgorithm());
    assertNotNull(client.keyManager().chooseClientAlias(new String[] {"EC"}, null, null));
  }

  @Test
  void N3_aKeyOfAnotherCertificateIsRefused() throws Exception {
    Path leaf = openssl.signed(openssl.ecKey("carol.key"), "carol", caCert, caKey, "carol.pem");
    Path otherKey = openssl.ecKey("mallory.key");

    PemException e = assertThrows(PemException.class, () -> ClientCertificate.load(leaf, otherKey));

    assertEquals(
        otherKey + ": the private key does not belong to the certificate in " + leaf,
        e.getMessage());
  }

  @Test
  void N3_anEncryptedKeyIsRefusedWithThatMessage() {
    Path key = openssl.rsaKey("dave.key");
    Path leaf = openssl.signed(key, "dave", caCert, caKey, "dave.pem");
    Path encrypted =
        openssl.run(
            "dave-enc.key",
            "pkey",
            "-in",
            key.toString(),
            "-aes256",
            "-passout",
            "pass:pw",
            "-out",
            "dave-enc.key");

    PemException e =
        assertThrows(PemException.class, () -> ClientCertificate.load(leaf, encrypted));

    assertTrue(e.getMessage().contains("is encrypted"), e.getMessage());
  }

  @Test
  void N3_aCertificateFileWithoutCertificateIsNamed() throws Exception {
    Path key = openssl.ecKey("erin.key");

    PemException e = assertThrows(PemException.class, () -> ClientCertificate.load(key, key));

    assertTrue(e.getMessage().startsWith(key + ": no certificate in it"), e.getMessage());
  }
}
