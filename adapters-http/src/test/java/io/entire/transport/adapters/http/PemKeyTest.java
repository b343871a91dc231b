package io.entire.transport.adapters.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** N3: private keys in the PEM formats openssl writes; encrypted keys refused clearly. */
class PemKeyTest {
  @TempDir static Path dir;
  static OpenSsl openssl;
  static Path rsaPkcs8;
  static Path ecPkcs8;

  @BeforeAll
  static void makeKeys() {
    openssl = new OpenSsl(dir);
    rsaPkcs8 = openssl.rsaKey("rsa.key");
    ecPkcs8 = openssl.ecKey("ec.key");
  }

  @Test
  void N3_readsPkcs8RsaAndEcKeys() throws Exception {
    assertEquals("RSA", PemKey.read(rsaPkcs8).getAlgorithm());
    assertEquals("EC", PemKey.read(ecPkcs8).getAlgorithm());
  }

  @Test
  void N3_convertsPkcs1RsaToTheSameKey() throws Exception {
    Path pkcs1 = openssl.pkcs1(rsaPkcs8, "rsa1.key");
    assertTrue(Files.readString(pkcs1).contains("BEGIN RSA PRIVATE KEY"), "openssl wrote PKCS#1");

    PrivateKey converted = PemKey.read(pkcs1);

    assertArrayEquals(PemKey.read(rsaPkcs8).getEncoded(), converted.getEncoded());
  }

  @Test
  void N3_convertsSec1EcWithItsCurveToTheSameKey() throws Exception {
    Path sec1 = openssl.sec1(ecPkcs8, "ec1.key");
    assertTrue(Files.readString(sec1).contains("BEGIN EC PRIVATE KEY"), "openssl wrote SEC1");

    java.security.interfaces.ECPrivateKey converted =
        (java.security.interfaces.ECPrivateKey) PemKey.read(sec1);
    java.security.interfaces.ECPrivateKey original =
        (java.security.interfaces.ECPrivateKey) PemKey.read(ecPkcs8);

    assertEquals(original.getS(), converted.getS());
    assertEquals(original.getParams().getCurve(), converted.getParams().getCurve());
  }

  @Test
  void N3_skipsOtherBlocksSuchAsEcParametersAndCertificates() throws Exception {
    Path params = openssl.run("p.pem", "ecparam", "-name", "prime256v1", "-out", "p.pem");
    Path cert = openssl.selfSigned(ecPkcs8, "me", "me.pem");
    Path combined =
        Files.writeString(
            dir.resolve("combined.pem"),
            Files.readString(params)
                + Files.readString(cert)
                + Files.readString(openssl.sec1(ecPkcs8, "ec2.key")));

    assertEquals("EC", PemKey.read(combined).getAlgorithm());
  }

  @Test
  void N3_refusesAnEncryptedPkcs8KeyRsaOrEc() {
    for (Path plain : new Path[] {rsaPkcs8, ecPkcs8}) {
      String name = "enc8-" + plain.getFileName();
      Path encrypted =
          openssl.run(
              name,
              "pkey",
              "-in",
              plain.toString(),
              "-aes256",
              "-passout",
              "pass:pw",
              "-out",
              name);

      PemException e = assertThrows(PemException.class, () -> PemKey.read(encrypted));

      assertTrue(
          e.getMessage().startsWith(encrypted + ": the private key is encrypted"), e.getMessage());
      assertTrue(e.getMessage().contains("ENCRYPTED PRIVATE KEY"), e.getMessage());
    }
  }

  @Test
  void N3_refusesProcTypeEncryptedRsaAndEcKeys() {
    Path rsa =
        openssl.run(
            "enc1.key",
            "rsa",
            "-in",
            rsaPkcs8.toString(),
            "-traditional",
            "-aes256",
            "-passout",
            "pass:pw",
            "-out",
            "enc1.key");
    Path ec =
        openssl.run(
            "encec.key",
            "ec",
            "-in",
            ecPkcs8.toString(),
            "-aes256",
            "-passout",
            "pass:pw",
            "-out",
            "encec.key");

    for (Path key : new Path[] {rsa, ec}) {
      PemException e = assertThrows(PemException.class, () -> PemKey.read(key));
      assertTrue(
          e.getMessage().contains("the private key is encrypted (Proc-Type: 4,ENCRYPTED)"),
          e.getMessage());
    }
  }

  @Test
  void N3_aFileWithoutKeyOrWithABrokenKeyIsNamedWithoutContent() throws Exception {
    Path cert = openssl.selfSigned(rsaPkcs8, "me", "only-cert.pem");
    Path broken =
        Files.writeString(
            dir.resolve("broken.key"),
            "-----BEGIN RSA PRIVATE KEY-----\nMIIBc2VjcmV0LWJ5dGVz\n-----END RSA PRIVATE KEY-----\n");

    PemException none = assertThrows(PemException.class, () -> PemKey.read(cert));
    PemException bad = assertThrows(PemException.class, () -> PemKey.read(broken));

    assertTrue(none.getMessage().startsWith(cert + ": no private key"), none.getMessage());
    assertEquals(
        broken
            + ": the RSA PRIVATE KEY block at line 1 is not a valid RSA, EC or EdDSA private key",
        bad.getMessage());
    assertFalse(bad.getMessage().contains("MIIB"));
  }

  @Test
  void N3_aSec1KeyWithoutCurveIsRefusedClearly() throws Exception {
    // SEQUENCE { INTEGER 1, OCTET STRING (32 bytes) } — no [0] parameters.
    byte[] der =
        Der.encode(
            Der.SEQUENCE,
            new byte[] {0x02, 0x01, 0x01},
            Der.encode(Der.OCTET_STRING, new byte[32]));
    Path key =
        Files.writeString(
            dir.resolve("nocurve.key"),
            "-----BEGIN EC PRIVATE KEY-----\n"
                + java.util.Base64.getEncoder().encodeToString(der)
                + "\n-----END EC PRIVATE KEY-----\n");

    PemException e = assertThrows(PemException.class, () -> PemKey.read(key));

    assertTrue(e.getMessage().contains("does not name its curve"), e.getMessage());
  }
}
