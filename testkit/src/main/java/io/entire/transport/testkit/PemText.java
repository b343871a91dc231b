package io.entire.transport.testkit;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.sec.ECPrivateKey;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.PKCS8Generator;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8EncryptorBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.util.io.pem.PemObject;

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
  static String traditional(KeyPair keys) {
    PrivateKey key = keys.getPrivate();
    if (!key.getAlgorithm().equals("EC")) {
      return write(key);
    }
    // SEC1 as openssl writes it: with the curve and the public key. The JDK's PKCS#8 leaves both
    // out of the inner structure (the curve is in its algorithm identifier), and a SEC1 key
    // without its curve is unreadable.
    PrivateKeyInfo info = PrivateKeyInfo.getInstance(key.getEncoded());
    ECPrivateKey inner = ECPrivateKey.getInstance(info.getPrivateKey().getOctets());
    ECPrivateKey full =
        new ECPrivateKey(
            ((java.security.interfaces.ECPrivateKey) key).getParams().getOrder().bitLength(),
            inner.getKey(),
            SubjectPublicKeyInfo.getInstance(keys.getPublic().getEncoded()).getPublicKeyData(),
            info.getPrivateKeyAlgorithm().getParameters());
    try {
      return write(new PemObject("EC PRIVATE KEY", full.getEncoded()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
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
