package io.entire.transport.adapters.http;

import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * The trust of a PEM CA bundle (N2), read when the first certificate chain is checked: parsing a
 * system bundle (about 150 certificates) costs tens of milliseconds on a fresh JVM, which git pays
 * for every command, and a cluster reached over plain http never needs it (curl, under git, also
 * reads its bundle only for a TLS connection). The file is checked to be a readable regular file
 * when this is made; what it holds is checked on first use, once: a bundle that cannot be used
 * fails that chain check and every later one with the same message, naming the file.
 *
 * <p>Thread-safe: the first checks may race; one of them reads the bundle.
 */
final class PemBundleTrust extends X509ExtendedTrustManager {
  private final Path bundle;
  private final Object lock = new Object();
  private volatile X509ExtendedTrustManager trust;
  private volatile String failure; // the message of a bundle that cannot be used

  private PemBundleTrust(Path bundle) {
    this.bundle = bundle;
  }

  /**
   * The trust of a bundle, not yet read.
   *
   * @throws PemException naming the file when it is missing, not a regular file or unreadable
   */
  static PemBundleTrust of(Path bundle) throws PemException {
    if (!Files.exists(bundle)) {
      throw new PemException(bundle + ": no such file");
    }
    if (!Files.isRegularFile(bundle) || !Files.isReadable(bundle)) {
      throw new PemException(bundle + ": cannot be read (not a readable file)");
    }
    return new PemBundleTrust(bundle);
  }

  private X509ExtendedTrustManager loaded() throws CertificateException {
    X509ExtendedTrustManager ready = trust;
    if (ready != null) {
      return ready;
    }
    synchronized (lock) {
      if (trust == null && failure == null) {
        try {
          X509TrustManager manager = PemTrust.load(bundle).trustManager();
          if (!(manager instanceof X509ExtendedTrustManager)) {
            throw new IllegalStateException("the JDK's PKIX trust manager is not extended");
          }
          trust = (X509ExtendedTrustManager) manager;
        } catch (PemException e) {
          failure = e.getMessage();
        }
      }
      if (trust == null) {
        throw new CertificateException("the CA bundle cannot be used: " + failure);
      }
      return trust;
    }
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
      throws CertificateException {
    loaded().checkServerTrusted(chain, authType, socket);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    loaded().checkServerTrusted(chain, authType, engine);
  }

  @Override
  public void checkServerTrusted(X509Certificate[] chain, String authType)
      throws CertificateException {
    loaded().checkServerTrusted(chain, authType);
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
      throws CertificateException {
    loaded().checkClientTrusted(chain, authType, socket);
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
      throws CertificateException {
    loaded().checkClientTrusted(chain, authType, engine);
  }

  @Override
  public void checkClientTrusted(X509Certificate[] chain, String authType)
      throws CertificateException {
    loaded().checkClientTrusted(chain, authType);
  }

  /** The anchors, which reads the bundle; none when it cannot be used. */
  @Override
  public X509Certificate[] getAcceptedIssuers() {
    try {
      return loaded().getAcceptedIssuers();
    } catch (CertificateException e) {
      return new X509Certificate[0];
    }
  }

  @Override
  public String toString() {
    return "PemBundleTrust[" + bundle + "]";
  }
}
