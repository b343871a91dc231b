package io.entire.transport.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.Locale;
import javax.net.ssl.SSLContext;

/**
 * A client certificate the cluster's CA issued (see {@link ClusterTls#clientCertificate()}), with
 * its private key written in every PEM format a client may be handed, so each can be tested:
 *
 * <ul>
 *   <li>{@link #keyFile()}: PKCS#8, {@code -----BEGIN PRIVATE KEY-----};
 *   <li>{@link #traditionalKeyFile()}: PKCS#1 {@code RSA PRIVATE KEY} for an RSA key, SEC1 {@code
 *       EC PRIVATE KEY} for an EC key;
 *   <li>{@link #encryptedKeyFile()}: encrypted PKCS#8, {@code ENCRYPTED PRIVATE KEY}, with {@link
 *       #KEY_PASSWORD}.
 * </ul>
 *
 * <p>Immutable and thread-safe. The files live in the cluster's directory and are deleted when the
 * cluster closes.
 *
 * @since 0.2
 */
public final class ClientCertificate {

  /** The password of {@link #encryptedKeyFile()}. */
  public static final String KEY_PASSWORD = "entire-testkit-key";

  /**
   * The algorithm of a client key.
   *
   * @since 0.2
   */
  public enum KeyType {
    /** RSA 2048; its traditional form is PKCS#1. */
    RSA,
    /** EC P-256; its traditional form is SEC1. */
    EC
  }

  private final KeyType type;
  private final CertificateAuthority.Issued issued;
  private final X509Certificate ca;
  private final Path certificateFile;
  private final Path keyFile;
  private final Path traditionalKeyFile;
  private final Path encryptedKeyFile;

  private ClientCertificate(
      KeyType type, CertificateAuthority.Issued issued, X509Certificate ca, Path dir)
      throws IOException {
    this.type = type;
    this.issued = issued;
    this.ca = ca;
    String base = "client-" + type.name().toLowerCase(Locale.ROOT);
    this.certificateFile =
        write(dir.resolve(base + ".crt"), PemText.certificate(issued.certificate()));
    this.keyFile = write(dir.resolve(base + ".pkcs8.key"), PemText.pkcs8(privateKey()));
    String traditional = type == KeyType.RSA ? ".pkcs1.key" : ".sec1.key";
    this.traditionalKeyFile =
        write(dir.resolve(base + traditional), PemText.traditional(issued.keys()));
    this.encryptedKeyFile =
        write(
            dir.resolve(base + ".encrypted.key"),
            PemText.encryptedPkcs8(privateKey(), KEY_PASSWORD.toCharArray()));
  }

  /** Issues a certificate with a new key of {@code type} and writes its files into {@code dir}. */
  static ClientCertificate issue(CertificateAuthority authority, KeyType type, Path dir) {
    String name = "entire-testkit-client-" + type.name().toLowerCase(Locale.ROOT);
    CertificateAuthority.Issued issued =
        authority.issueClient(name, CertificateAuthority.KeyType.valueOf(type.name()));
    try {
      return new ClientCertificate(type, issued, authority.certificate(), dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write client certificate files: " + e, e);
    }
  }

  private static Path write(Path file, String text) throws IOException {
    return Files.writeString(file, text, StandardCharsets.US_ASCII);
  }

  private java.security.PrivateKey privateKey() {
    return issued.keys().getPrivate();
  }

  /** The key algorithm. */
  public KeyType keyType() {
    return type;
  }

  /**
   * The subject as the servers record it ({@link RecordedRequest#clientCertificate()}), e.g. {@code
   * CN=entire-testkit-client-rsa}.
   */
  public String subject() {
    return issued.certificate().getSubjectX500Principal().getName();
  }

  /** The certificate. */
  public X509Certificate certificate() {
    return issued.certificate();
  }

  /** The certificate as a PEM file. */
  public Path certificateFile() {
    return certificateFile;
  }

  /** The private key as unencrypted PKCS#8 PEM. */
  public Path keyFile() {
    return keyFile;
  }

  /** The private key as PKCS#1 (RSA) or SEC1 (EC) PEM. */
  public Path traditionalKeyFile() {
    return traditionalKeyFile;
  }

  /** The private key as encrypted PKCS#8 PEM, password {@link #KEY_PASSWORD}. */
  public Path encryptedKeyFile() {
    return encryptedKeyFile;
  }

  /**
   * A new PKCS#12 key store holding the key and its chain under alias {@code client}, password
   * {@link #keyStorePassword()}.
   */
  public KeyStore keyStore() {
    return ServerTls.keyStore("client", privateKey(), issued.certificate(), ca);
  }

  /** The password of {@link #keyStore()} and of its key entry (a new array per call). */
  public char[] keyStorePassword() {
    return ServerTls.STORE_PASSWORD.clone();
  }

  /** A new TLS context that presents this certificate and trusts only the cluster's CA. */
  public SSLContext sslContext() {
    return ServerTls.context(keyStore(), ServerTls.trustStore(ca));
  }

  @Override
  public String toString() {
    return "ClientCertificate[" + subject() + ", " + type + ", " + certificateFile + "]";
  }
}
