package io.entire.transport.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringReader;
import java.math.BigInteger;
import java.nio.file.Files;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.RSAPrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import javax.crypto.Cipher;
import javax.crypto.EncryptedPrivateKeyInfo;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A cluster requiring client certificates (N3): the one its CA issued is accepted and recorded,
 * none is refused, and the key files hold each PEM format the client side must handle.
 */
@Timeout(60)
class ClientCertificateTest {

  private static final String REPO = "et/org/repo";
  private static TestCluster cluster;

  @BeforeAll
  static void start() {
    cluster =
        TestCluster.builder()
            .replicas(1)
            .requireClientCertificate()
            .loopbackNames()
            .tokenEndpoint()
            .repository(REPO)
            .start();
  }

  @AfterAll
  static void stop() {
    cluster.close();
  }

  @Test
  void N3_theIssuedRsaAndEcCertificatesAreAcceptedAndRecordedBySubject() throws Exception {
    cluster.clearRequests();
    cluster.replica(0).allowAnonymous(); // the cluster wants exchanged tokens; not the point here
    List<String> subjects;
    try {
      for (ClientCertificate.KeyType type : ClientCertificate.KeyType.values()) {
        ClientCertificate certificate = cluster.tls().clientCertificate(type);
        var response =
            HttpsClusterTest.get(
                HttpsClusterTest.client(certificate.sslContext()),
                Http.infoRefs(cluster.replica(0).url(), REPO));
        assertEquals(200, response.statusCode(), type.name());
      }
      subjects =
          cluster.replica(0).requests().stream().map(RecordedRequest::clientCertificate).toList();
    } finally {
      cluster.reset();
    }
    assertEquals(List.of("CN=entire-testkit-client-rsa", "CN=entire-testkit-client-ec"), subjects);
    assertEquals(cluster.tls().clientCertificate().subject(), "CN=entire-testkit-client-rsa");
    assertTrue(cluster.tls().requiresClientCertificate());
  }

  @Test
  void N3_aHandshakeWithoutAClientCertificateIsRefused() {
    cluster.clearRequests();

    assertThrows(
        IOException.class,
        () ->
            HttpsClusterTest.get(
                HttpsClusterTest.client(cluster.tls().sslContext()),
                Http.infoRefs(cluster.replica(0).url(), REPO)));
    assertTrue(cluster.requests().isEmpty(), "" + cluster.requests());
  }

  @Test
  void N3_theTokenEndpointAsksForNoClientCertificate() throws Exception {
    String url = cluster.tokenEndpoint().tokenUrl();
    assertTrue(url.startsWith("https://token.auth.test:"), url);

    var response = HttpsClusterTest.get(HttpsClusterTest.client(cluster.tls().sslContext()), url);

    assertEquals(405, response.statusCode(), response.body());
  }

  @Test
  void N3_keyFilesHoldPkcs8Pkcs1Sec1AndEncryptedPkcs8OfTheSameKey() throws Exception {
    for (ClientCertificate.KeyType type : ClientCertificate.KeyType.values()) {
      ClientCertificate certificate = cluster.tls().clientCertificate(type);
      String algorithm = type.name();
      PrivateKey pkcs8 = pkcs8(Files.readString(certificate.keyFile()), algorithm);
      assertEquals(certificate.certificate().getPublicKey().getAlgorithm(), pkcs8.getAlgorithm());

      String traditional = Files.readString(certificate.traditionalKeyFile());
      String label = type == ClientCertificate.KeyType.RSA ? "RSA PRIVATE KEY" : "EC PRIVATE KEY";
      assertTrue(traditional.startsWith("-----BEGIN " + label + "-----"), traditional);
      PrivateKeyInfo parsed = ((PEMKeyPair) parse(traditional)).getPrivateKeyInfo();
      assertEquals(secret(pkcs8), secret(key(parsed.getEncoded(), algorithm)), algorithm + " key");

      String encrypted = Files.readString(certificate.encryptedKeyFile());
      assertTrue(encrypted.startsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----"), encrypted);
      assertEquals(
          secret(pkcs8), secret(key(decrypt(encrypted), algorithm)), algorithm + " decrypts");

      String cert = Files.readString(certificate.certificateFile());
      assertTrue(cert.startsWith("-----BEGIN CERTIFICATE-----"), cert);
      assertTrue(certificate.keyStore().isKeyEntry("client"));
    }
  }

  private static PrivateKey pkcs8(String pem, String algorithm) throws Exception {
    assertTrue(pem.startsWith("-----BEGIN PRIVATE KEY-----"), pem);
    return key(der(pem), algorithm);
  }

  private static PrivateKey key(byte[] pkcs8, String algorithm) throws Exception {
    return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
  }

  /** The private number: encodings of one EC key differ in optional fields. */
  private static BigInteger secret(PrivateKey key) {
    return key instanceof ECPrivateKey ec ? ec.getS() : ((RSAPrivateKey) key).getPrivateExponent();
  }

  private static byte[] decrypt(String pem) throws Exception {
    EncryptedPrivateKeyInfo info = new EncryptedPrivateKeyInfo(der(pem));
    char[] password = ClientCertificate.KEY_PASSWORD.toCharArray();
    // the JDK names PBES2 by its parameters, e.g. PBEWithHmacSHA256AndAES_256
    String algorithm = info.getAlgParameters().toString();
    Cipher cipher = Cipher.getInstance(algorithm);
    cipher.init(
        Cipher.DECRYPT_MODE,
        SecretKeyFactory.getInstance(algorithm).generateSecret(new PBEKeySpec(password)),
        info.getAlgParameters());
    return info.getKeySpec(cipher).getEncoded();
  }

  private static Object parse(String pem) throws IOException {
    try (PEMParser parser = new PEMParser(new StringReader(pem))) {
      return parser.readObject();
    }
  }

  private static byte[] der(String pem) {
    String body = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
    return Base64.getDecoder().decode(body);
  }
}
