package io.entire.transport.adapters.http;

import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Objects;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * What one client trusts and which certificate it presents (N2, N3), never through JVM-wide
 * properties.
 *
 * <ul>
 *   <li>Trust: the JVM's default ({@link #JVM_DEFAULT}), or the CA certificates of a PEM bundle or
 *       a key store ({@link #trusting}), which then replace the default trust, as a bundle does in
 *       git; or a ready {@link SSLContext} ({@link #using}), used as it is for every host.
 *   <li>A client certificate ({@link #withClientCertificate}), presented only in TLS connections of
 *       requests marked in-cluster; other connections are made without it and are never shared with
 *       the ones that have it.
 * </ul>
 *
 * <p>Immutable and thread-safe.
 *
 * @param trust the trust anchors replacing the default, or null for the default (or for the trust
 *     of {@code sslContext})
 * @param sslContext a ready context used for every TLS connection, or null
 * @param clientCertificate the certificate for in-cluster hosts, or null
 * @since 0.2
 */
public record TlsSettings(
    X509TrustManager trust, SSLContext sslContext, ClientCertificate clientCertificate) {

  /** The JVM's default trust, no client certificate: the behaviour before these settings. */
  public static final TlsSettings JVM_DEFAULT = new TlsSettings(null, null, null);

  /**
   * Validates the settings.
   *
   * @throws IllegalArgumentException when {@code sslContext} comes with trust or a client
   *     certificate (a ready context carries its own)
   */
  public TlsSettings {
    if (sslContext != null && (trust != null || clientCertificate != null)) {
      throw new IllegalArgumentException(
          "a ready SSLContext carries its own trust and client certificate: give either the"
              + " SSLContext, or trust and a client certificate");
    }
  }

  /**
   * Trusts exactly the certificates of a PEM bundle, instead of the JVM's default trust.
   *
   * @param bundle the bundle, from {@link PemTrust#load}
   * @return the settings
   */
  public static TlsSettings trusting(PemTrust bundle) {
    return new TlsSettings(Objects.requireNonNull(bundle, "bundle").trustManager(), null, null);
  }

  /**
   * Trusts exactly the certificates of a PEM bundle, instead of the JVM's default trust, reading
   * them when the first certificate chain is checked (a cluster reached over plain http never reads
   * them, as git does not). A bundle that holds no usable certificate fails that check and every
   * later one, with a message naming the file.
   *
   * @param bundle the PEM file
   * @return the settings
   * @throws PemException naming the file when it is missing or not a readable file
   */
  public static TlsSettings trustingOnFirstUse(Path bundle) throws PemException {
    return new TlsSettings(PemBundleTrust.of(Objects.requireNonNull(bundle, "bundle")), null, null);
  }

  /**
   * Trusts exactly the trusted certificates of a key store, instead of the JVM's default trust. The
   * store is read now; later changes to it do not count.
   *
   * @param trustStore the key store
   * @return the settings
   * @throws IllegalArgumentException when the store has no trusted certificate or cannot be read
   */
  public static TlsSettings trusting(KeyStore trustStore) {
    Objects.requireNonNull(trustStore, "trustStore");
    try {
      TrustManagerFactory factory =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      factory.init(trustStore);
      for (TrustManager manager : factory.getTrustManagers()) {
        if (manager instanceof X509TrustManager) {
          return new TlsSettings((X509TrustManager) manager, null, null);
        }
      }
      throw new IllegalArgumentException("the trust store gives no X.509 trust manager");
    } catch (GeneralSecurityException e) {
      // e.g. "the trustAnchors parameter must be non-empty": a store without a certificate
      throw new IllegalArgumentException("the trust store cannot be used: " + e.getMessage(), e);
    }
  }

  /**
   * Uses a ready TLS context for every TLS connection: its trust, and its key managers for every
   * host that asks for a certificate. TLS 1.2 and 1.3 only, and host names are checked, as always.
   *
   * @param sslContext the initialised context
   * @return the settings
   */
  public static TlsSettings using(SSLContext sslContext) {
    return new TlsSettings(null, Objects.requireNonNull(sslContext, "sslContext"), null);
  }

  /**
   * These settings with a client certificate for in-cluster hosts.
   *
   * @param certificate the certificate and key, from {@link ClientCertificate#load}
   * @return the settings
   * @throws IllegalArgumentException when these settings use a ready SSLContext
   */
  public TlsSettings withClientCertificate(ClientCertificate certificate) {
    return new TlsSettings(trust, sslContext, Objects.requireNonNull(certificate, "certificate"));
  }

  /** Says which trust and whether a client certificate; never key material. */
  @Override
  public String toString() {
    String trusted =
        sslContext != null ? "a given SSLContext" : trust == null ? "JVM default" : "given CAs";
    return "TlsSettings[trust="
        + trusted
        + (clientCertificate == null ? "" : ", client " + clientCertificate)
        + "]";
  }
}
