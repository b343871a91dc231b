package io.entire.transport.testkit;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.PKCS8Generator;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.bouncycastle.operator.OperatorCreationException;

/**
 * PEM text of certificates and private keys, in each key format the client side must read or
 * refuse: PKCS#8 ({@code PRIVATE KEY}), the "traditional" OpenSSL forms (PKCS#1 {@code RSA PRIVATE
 * KEY} for RSA, SEC1 {@code EC PRIVATE KEY} for EC) and encrypted PKCS#8 ({@code ENCRYPTED PRIVATE
 * KEY}, PBES2 with AES-256-CBC).
 *
 * <p>Stateless and thread-safe. The BouncyCastle provider is used as an instance for the key
 * encryption only, never registered with {@link java.security.Security}: the testkit must not
 * change the JVM-wide providers of the tests that use it.
 */
final class PemText {

  private PemText() {}

  /** Loaded on first use only: building the provider takes a noticeable moment. */
  private static final class Provider {
    static final BouncyCastleProvider INSTANCE = new BouncyCastleProvider();
  }

  static String certificate(X509Certificate certificate) {
    return write(certificate);
  }

  /** Unencrypted PKCS#8. */
  static String pkcs8(PrivateKey key) {
    try {
      return write(new JcaPKCS8Generator(key, null));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** PKCS#1 for an RSA key, SEC1 for an EC key (what {@code openssl} wrote before PKCS#8). */
  static String traditional(PrivateKey key) {
    return write(key);
  }

  /** PKCS#8 encrypted with {@code password}. */
  static String encryptedPkcs8(PrivateKey key, char[] password) {
    try {
      JceOpenSSLPKCS8EncryptorBuilder encryptor =
          new JceOpenSSLPKCS8EncryptorBuilder(PKCS8Generator.AES_256_CBC)
              .setProvider(Provider.INSTANCE)
              .setRandom(new SecureRandom())
              .setPassword(password);
      return write(new JcaPKCS8Generator(key, encryptor.build()));
    } catch (OperatorCreationException | IOException e) {
      throw new IllegalStateException("cannot encrypt a testkit key: " + e.getMessage(), e);
    }
  }

  private static String write(Object object) {
    StringWriter text = new StringWriter();
    try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
      writer.writeObject(object);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write PEM: " + e.getMessage(), e);
    }
    return text.toString();
  }
}
