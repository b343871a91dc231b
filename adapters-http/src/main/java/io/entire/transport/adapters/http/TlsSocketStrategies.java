package io.entire.transport.adapters.http;

import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.client5.http.ssl.ClientTlsStrategyBuilder;
import org.apache.hc.client5.http.ssl.HostnameVerificationPolicy;
import org.apache.hc.client5.http.ssl.NoopHostnameVerifier;
import org.apache.hc.client5.http.ssl.TlsSocketStrategy;
import org.apache.hc.core5.http.protocol.HttpContext;
import org.apache.hc.core5.http.ssl.TLS;

/**
 * The TLS setups of {@link ApacheHttpExchange}: one per client from its {@link TlsSettings} (N2),
 * verifying (default) or trusting anything ({@code skipTlsVerify}), and with a client certificate,
 * a second one that presents it (N3), chosen per request.
 */
final class TlsSocketStrategies {

  /** TLS 1.2 is the oldest version offered; 1.0 and 1.1 are broken. */
  static final TLS[] VERSIONS = {TLS.V_1_3, TLS.V_1_2};

  /**
   * The request-context attribute that makes a TLS connection present the client certificate:
   * {@link Boolean#TRUE} for a request marked in-cluster (N3). Such connections are pooled under
   * their own user token, so a connection made with the certificate never carries a request that
   * must not have it, and the other way round.
   */
  static final String PRESENT_CLIENT_CERTIFICATE = "io.entire.transport.present-client-certificate";

  private TlsSocketStrategies() {}

  /**
   * The strategy of a client: without a client certificate one setup for every connection; with
   * one, a setup that presents it for connections whose request context says {@link
   * #PRESENT_CLIENT_CERTIFICATE}, and one that does not for all others. Each is made on its first
   * use.
   */
  static TlsSocketStrategy forClient(TlsSettings tls, boolean skipTlsVerify) {
    TlsSocketStrategy anonymous = lazily(() -> build(tls, skipTlsVerify, false));
    if (tls.clientCertificate() == null) {
      return anonymous;
    }
    TlsSocketStrategy presenting = lazily(() -> build(tls, skipTlsVerify, true));
    return (socket, target, port, attachment, context) ->
        (presentsCertificate(context) ? presenting : anonymous)
            .upgrade(socket, target, port, attachment, context);
  }

  /**
   * Marks a request's context for {@link #forClient}: with a client certificate, whether this
   * request presents it, and the pool's user token that keeps connections with and without it apart
   * (a pooled connection is reused only for the same token). Without one, nothing.
   */
  static void mark(HttpClientContext context, TlsSettings tls, boolean inCluster) {
    if (tls.clientCertificate() == null) {
      return;
    }
    context.setAttribute(PRESENT_CLIENT_CERTIFICATE, inCluster);
    context.setUserToken(inCluster ? CertificateUse.PRESENTED : CertificateUse.WITHHELD);
  }

  /** The pool's user tokens: which connections carry the client certificate. */
  private enum CertificateUse {
    PRESENTED,
    WITHHELD
  }

  private static boolean presentsCertificate(HttpContext context) {
    return context != null && Boolean.TRUE.equals(context.getAttribute(PRESENT_CLIENT_CERTIFICATE));
  }

  private static TlsSocketStrategy build(
      TlsSettings tls, boolean skipTlsVerify, boolean withCertificate) {
    KeyManager[] keys =
        withCertificate ? new KeyManager[] {tls.clientCertificate().keyManager()} : null;
    if (skipTlsVerify) {
      return trustingEverything(keys);
    }
    SSLContext context;
    try {
      if (tls.sslContext() != null) {
        context = tls.sslContext();
      } else if (tls.trust() == null && keys == null) {
        context = SSLContext.getDefault(); // the JVM's trust store, as before N2
      } else {
        context = SSLContext.getInstance("TLS");
        // null trust managers: the JVM's default trust (with a client certificate only)
        context.init(keys, tls.trust() == null ? null : new TrustManager[] {tls.trust()}, null);
      }
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot create the TLS context", e);
    }
    return ClientTlsStrategyBuilder.create()
        .setSslContext(context)
        .setTlsVersions(VERSIONS)
        .buildClassic();
  }

  /**
   * Builds the real strategy on the first TLS connection: loading the CA certificates is a large
   * part of the helper's startup, and plain-http connections never need them.
   */
  private static TlsSocketStrategy lazily(java.util.function.Supplier<TlsSocketStrategy> factory) {
    return new TlsSocketStrategy() {
      private volatile TlsSocketStrategy delegate;

      private TlsSocketStrategy delegate() {
        TlsSocketStrategy d = delegate;
        if (d == null) {
          synchronized (this) {
            d = delegate;
            if (d == null) {
              d = factory.get();
              delegate = d;
            }
          }
        }
        return d;
      }

      @Override
      public javax.net.ssl.SSLSocket upgrade(
          Socket socket, String target, int port, Object attachment, HttpContext context)
          throws java.io.IOException {
        return delegate().upgrade(socket, target, port, attachment, context);
      }
    };
  }

  /**
   * Accepts any certificate for any host name ({@code skipTlsVerify}, for testing): the trust
   * manager accepts every chain and neither JSSE nor HttpClient checks the host name.
   *
   * @param keys the client certificate's key managers, or null for none
   */
  private static TlsSocketStrategy trustingEverything(KeyManager[] keys) {
    SSLContext context;
    try {
      context = SSLContext.getInstance("TLS");
      context.init(keys, new TrustManager[] {new TrustEverything()}, null);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot create a TLS context", e);
    }
    return ClientTlsStrategyBuilder.create()
        .setSslContext(context)
        .setTlsVersions(VERSIONS)
        // BUILTIN would make JSSE check the host name, whatever the verifier below says.
        .setHostVerificationPolicy(HostnameVerificationPolicy.CLIENT)
        .setHostnameVerifier(NoopHostnameVerifier.INSTANCE)
        .buildClassic();
  }

  /**
   * Trusts every certificate. It extends {@link X509ExtendedTrustManager} because JSSE wraps a
   * plain {@code X509TrustManager} in one that still checks the host name.
   */
  private static final class TrustEverything extends X509ExtendedTrustManager {
    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {}

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {}

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }
}
