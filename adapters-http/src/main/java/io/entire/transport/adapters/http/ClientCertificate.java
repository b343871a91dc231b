package io.entire.transport.adapters.http;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.X509KeyManager;

/**
 * A client certificate from PEM files (N3: {@code GIT_SSL_CERT}/{@code GIT_SSL_KEY}, {@code
 * http.sslCert}/{@code http.sslKey}, builder options): the certificate chain (leaf first, as in a
 * TLS Certificate message) and its private key, read by {@link PemKey}. Both may be one file. The
 * key must belong to the leaf certificate: that is checked by signing with it, so a mix-up fails
 * here with a clear message rather than in the handshake.
 *
 * <p>Immutable and thread-safe. Which hosts get the certificate is the caller's choice (N3: only
 * in-cluster hosts).
 *
 * @since 0.2
 */
public final class ClientCertificate {
  private static final String ALIAS = "client";
  // The key store lives in memory only; its password protects nothing and is not a secret.
  private static final char[] STORE_PASSWORD = "in-memory".toCharArray();

  private final List<X509Certificate> chain;
  private final PrivateKey key;

  private ClientCertificate(List<X509Certificate> chain, PrivateKey key) {
    this.chain = List.copyOf(chain);
    this.key = key;
  }

  /**
   * Reads a certificate chain and its key.
   *
   * @param certificateFile PEM with one or more CERTIFICATE blocks, the client's own first
   * @param keyFile PEM with the private key (may be {@code certificateFile})
   * @return the client certificate
   * @throws PemException naming the file: as {@link PemTrust#load} and {@link PemKey#read}, or when
   *     the key does not belong to the certificate
   */
  public static ClientCertificate load(Path certificateFile, Path keyFile) throws PemException {
    List<X509Certificate> chain = new ArrayList<>();
    for (Pem.Block block : Pem.read(certificateFile)) {
      if (block.label().equals("CERTIFICATE")) {
        chain.add(PemTrust.certificate(certificateFile, block));
      }
    }
    if (chain.isEmpty()) {
      throw new PemException(certificateFile + ": no certificate in it (no CERTIFICATE block)");
    }
    PrivateKey key = PemKey.read(keyFile);
    if (!belongTogether(chain.get(0), key)) {
      throw new PemException(
          keyFile + ": the private key does not belong to the certificate in " + certificateFile);
    }
    return new ClientCertificate(chain, key);
  }

  /** Signs a fixed text with the key and verifies it with the certificate's public key. */
  private static boolean belongTogether(X509Certificate certificate, PrivateKey key) {
    String algorithm;
    switch (key.getAlgorithm()) {
      case "RSA":
        algorithm = "SHA256withRSA";
        break;
      case "EC":
        algorithm = "SHA256withECDSA";
        break;
      default:
        algorithm = key.getAlgorithm(); // EdDSA, Ed25519, Ed448 sign with their own name
    }
    byte[] probe = "entire-transport key check".getBytes(StandardCharsets.US_ASCII);
    try {
      Signature signer = Signature.getInstance(algorithm);
      signer.initSign(key);
      signer.update(probe);
      byte[] signature = signer.sign();
      Signature verifier = Signature.getInstance(algorithm);
      verifier.initVerify(certificate.getPublicKey());
      verifier.update(probe);
      return verifier.verify(signature);
    } catch (GeneralSecurityException e) {
      return false; // e.g. an EC key with an RSA certificate
    }
  }

  /** Returns the certificate chain, the client's own certificate first. */
  public List<X509Certificate> chain() {
    return chain;
  }

  /**
   * The chain and key as a key store with one key entry.
   *
   * @return a new in-memory PKCS#12 key store; the caller owns it
   */
  public KeyStore keyStore() {
    try {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      store.setKeyEntry(ALIAS, key, STORE_PASSWORD, chain.toArray(new X509Certificate[0]));
      return store;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("the JDK cannot store the client key in memory", e);
    }
  }

  /**
   * A key manager that presents this certificate.
   *
   * @return a new key manager; thread-safe
   */
  public X509KeyManager keyManager() {
    try {
      KeyManagerFactory factory =
          KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      factory.init(keyStore(), STORE_PASSWORD);
      for (KeyManager manager : factory.getKeyManagers()) {
        if (manager instanceof X509KeyManager) {
          return (X509KeyManager) manager;
        }
      }
      throw new IllegalStateException("the JDK's key manager factory has no X509KeyManager");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK cannot make a key manager", e);
    }
  }

  /** Returns the certificate's subject, never the key. */
  @Override
  public String toString() {
    return "ClientCertificate[" + chain.get(0).getSubjectX500Principal().getName() + "]";
  }
}
