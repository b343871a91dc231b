package io.entire.transport.adapters.http;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * The certificates of a PEM CA bundle (N2: {@code GIT_SSL_CAINFO}, {@code http.sslCAInfo}, {@code
 * SSL_CERT_FILE}, the builder's PEM path) as trust for one client. Every {@code CERTIFICATE} block
 * is a trust anchor; text between blocks and blocks with other labels are ignored. As in git, the
 * bundle replaces the default trust: the JDK's {@code cacerts} is not added.
 *
 * <p>Immutable and thread-safe.
 *
 * @since 0.2
 */
public final class PemTrust {
  private final List<X509Certificate> certificates;

  private PemTrust(List<X509Certificate> certificates) {
    this.certificates = List.copyOf(certificates);
  }

  /**
   * Reads a bundle.
   *
   * @param bundle the PEM file
   * @return the trust
   * @throws PemException naming the file: missing or unreadable, bad base64, a CERTIFICATE block
   *     that is not an X.509 certificate, or no CERTIFICATE block at all
   */
  public static PemTrust load(Path bundle) throws PemException {
    List<X509Certificate> certificates = new ArrayList<>();
    for (Pem.Block block : Pem.read(bundle)) {
      if (block.label().equals("CERTIFICATE")) {
        certificates.add(certificate(bundle, block));
      }
    }
    if (certificates.isEmpty()) {
      throw new PemException(bundle + ": no certificate in it (no CERTIFICATE block)");
    }
    return new PemTrust(certificates);
  }

  /** Reads one CERTIFICATE block; used by {@link ClientCertificate} too. */
  static X509Certificate certificate(Path file, Pem.Block block) throws PemException {
    try {
      return (X509Certificate)
          CertificateFactory.getInstance("X.509")
              .generateCertificate(new ByteArrayInputStream(block.der()));
    } catch (CertificateException e) {
      throw new PemException(
          file + ": the CERTIFICATE block at line " + block.line() + " is not an X.509 certificate",
          e);
    }
  }

  /** Returns the certificates, in file order. */
  public List<X509Certificate> certificates() {
    return certificates;
  }

  /**
   * The certificates as a key store of trusted entries ({@code ca-0}, {@code ca-1}, …).
   *
   * @return a new in-memory PKCS#12 key store; the caller owns it
   */
  public KeyStore keyStore() {
    try {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      for (int i = 0; i < certificates.size(); i++) {
        store.setCertificateEntry("ca-" + i, certificates.get(i));
      }
      return store;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("the JDK cannot build an in-memory PKCS12 key store", e);
    }
  }

  /**
   * A PKIX trust manager that trusts exactly these certificates as anchors.
   *
   * @return a new trust manager; thread-safe
   */
  public X509TrustManager trustManager() {
    try {
      TrustManagerFactory factory =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      factory.init(keyStore());
      for (TrustManager manager : factory.getTrustManagers()) {
        if (manager instanceof X509TrustManager) {
          return (X509TrustManager) manager;
        }
      }
      throw new IllegalStateException("the JDK's trust manager factory has no X509TrustManager");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK cannot make a trust manager", e);
    }
  }

  /** Returns the number of certificates and their subjects. */
  @Override
  public String toString() {
    List<String> subjects = new ArrayList<>();
    certificates.forEach(c -> subjects.add(c.getSubjectX500Principal().getName()));
    return "PemTrust" + subjects;
  }
}
