package io.entire.transport.adapters.http;

import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;
import org.apache.hc.client5.http.ssl.ClientTlsStrategyBuilder;
import org.apache.hc.client5.http.ssl.HostnameVerificationPolicy;
import org.apache.hc.client5.http.ssl.NoopHostnameVerifier;
import org.apache.hc.client5.http.ssl.TlsSocketStrategy;
import org.apache.hc.core5.http.ssl.TLS;

/** The two TLS setups of {@link ApacheHttpExchange}: verifying (default) or trusting anything. */
final class TlsSocketStrategies {

  /** TLS 1.2 is the oldest version offered; 1.0 and 1.1 are broken. */
  static final TLS[] VERSIONS = {TLS.V_1_3, TLS.V_1_2};

  private TlsSocketStrategies() {}

  /**
   * Verifies certificates against the JVM's default trust store (which honours the {@code
   * javax.net.ssl.trustStore} properties) and the host name against them.
   */
  static TlsSocketStrategy verifying() {
    return lazily(
        () -> {
          try {
            return ClientTlsStrategyBuilder.create()
                .setSslContext(SSLContext.getDefault())
                .setTlsVersions(VERSIONS)
                .buildClassic();
          } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot create the default TLS context", e);
          }
        });
  }

  /**
   * Builds the real strategy on the first TLS connection: loading the CA certificates is a large
   * part of the helper's startup, and plain-http connections never need them.
   */
  static TlsSocketStrategy lazily(java.util.function.Supplier<TlsSocketStrategy> factory) {
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
          Socket socket,
          String target,
          int port,
          Object attachment,
          org.apache.hc.core5.http.protocol.HttpContext context)
          throws java.io.IOException {
        return delegate().upgrade(socket, target, port, attachment, context);
      }
    };
  }

  /**
   * Accepts any certificate for any host name ({@code skipTlsVerify}, for testing): the trust
   * manager accepts every chain and neither JSSE nor HttpClient checks the host name.
   */
  static TlsSocketStrategy trustingEverything() {
    return lazily(TlsSocketStrategies::trustingEverythingNow);
  }

  private static TlsSocketStrategy trustingEverythingNow() {
    SSLContext context;
    try {
      context = SSLContext.getInstance("TLS");
      context.init(null, new TrustManager[] {new TrustEverything()}, null);
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
