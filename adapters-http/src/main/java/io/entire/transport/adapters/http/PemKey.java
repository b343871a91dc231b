package io.entire.transport.adapters.http;

import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A private key from a PEM file (N3), for a client certificate. Accepted: {@code PRIVATE KEY}
 * (PKCS#8: RSA, EC, Ed25519/Ed448), {@code RSA PRIVATE KEY} (PKCS#1) and {@code EC PRIVATE KEY}
 * (SEC1), the formats {@code openssl} writes and git (through curl) reads. The first key block in
 * the file is used; other blocks (a certificate, {@code EC PARAMETERS}) are skipped, so one file
 * may hold both certificate and key.
 *
 * <p>The JDK reads PKCS#8 only, so PKCS#1 and SEC1 keys are wrapped in a PKCS#8 PrivateKeyInfo —
 * {@code SEQUENCE { INTEGER 0, AlgorithmIdentifier, OCTET STRING { the key as it was } }} — which
 * is exactly how PKCS#8 carries them (RFC 5208; RFC 5915 §2 for EC). The RSA AlgorithmIdentifier is
 * fixed ({@code rsaEncryption}, NULL parameters); the EC one ({@code id-ecPublicKey} and the named
 * curve) needs the curve, which a SEC1 key carries in its optional {@code [0] parameters} field: a
 * SEC1 key without it, or with explicit curve parameters, is refused.
 *
 * <p>Encrypted keys ({@code ENCRYPTED PRIVATE KEY}, or a {@code Proc-Type: 4,ENCRYPTED} header) are
 * refused with a message that says so: there is no one to ask for a passphrase. No message ever
 * holds key material.
 *
 * @since 0.2
 */
public final class PemKey {
  private static final List<String> PKCS8_ALGORITHMS = List.of("RSA", "EC", "EdDSA", "RSASSA-PSS");

  private PemKey() {}

  /**
   * Reads the private key of a PEM file.
   *
   * @param file the file
   * @return the key
   * @throws PemException naming the file: missing or unreadable, no key block, an encrypted key, or
   *     a block that is not a valid key
   */
  public static PrivateKey read(Path file) throws PemException {
    for (Pem.Block block : Pem.read(file)) {
      String label = block.label();
      boolean procTypeEncrypted =
          block
              .headers()
              .getOrDefault("Proc-Type", "")
              .toUpperCase(Locale.ROOT)
              .contains("ENCRYPTED");
      if (label.equals("ENCRYPTED PRIVATE KEY")
          || (label.endsWith("PRIVATE KEY") && procTypeEncrypted)) {
        throw new PemException(
            file
                + ": the private key is encrypted ("
                + (procTypeEncrypted ? "Proc-Type: 4,ENCRYPTED" : label)
                + "); store it unencrypted, e.g. with openssl pkey -in <key> -out <plain key>");
      }
      switch (label) {
        case "PRIVATE KEY":
          return pkcs8(file, block, block.der());
        case "RSA PRIVATE KEY":
          return pkcs8(
              file,
              block,
              Der.encode(
                  Der.SEQUENCE,
                  Der.VERSION_0,
                  Der.RSA_ALGORITHM,
                  Der.encode(Der.OCTET_STRING, block.der())));
        case "EC PRIVATE KEY":
          return pkcs8(file, block, ecPkcs8(file, block));
        default:
          break;
      }
    }
    throw new PemException(
        file
            + ": no private key (expected a PRIVATE KEY, RSA PRIVATE KEY or EC PRIVATE KEY block)");
  }

  /** Wraps a SEC1 ECPrivateKey, taking the curve from its {@code [0] parameters}. */
  private static byte[] ecPkcs8(Path file, Pem.Block block) throws PemException {
    Optional<byte[]> curve =
        Der.sequence(block.der()).stream()
            .flatMap(List::stream)
            .filter(element -> element.tag() == Der.CONTEXT_0)
            .map(Der.Element::content)
            .filter(content -> content.length > 0 && content[0] == Der.OBJECT_IDENTIFIER)
            .findFirst();
    if (curve.isEmpty()) {
      throw new PemException(
          file
              + ": the EC PRIVATE KEY block at line "
              + block.line()
              + " does not name its curve (a named curve in its parameters field is needed)");
    }
    return Der.encode(
        Der.SEQUENCE,
        Der.VERSION_0,
        Der.encode(Der.SEQUENCE, Der.EC_PUBLIC_KEY, curve.get()),
        Der.encode(Der.OCTET_STRING, block.der()));
  }

  private static PrivateKey pkcs8(Path file, Pem.Block block, byte[] der) throws PemException {
    PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(der);
    GeneralSecurityException last = null;
    for (String algorithm : PKCS8_ALGORITHMS) {
      try {
        return KeyFactory.getInstance(algorithm).generatePrivate(spec);
      } catch (GeneralSecurityException e) {
        last = e;
      }
    }
    throw new PemException(
        file
            + ": the "
            + block.label()
            + " block at line "
            + block.line()
            + " is not a valid RSA, EC or EdDSA private key",
        last);
  }
}
