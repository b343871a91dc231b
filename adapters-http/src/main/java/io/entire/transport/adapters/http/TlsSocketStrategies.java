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

  /** Verifies certificates against the JVM's trust store and the host name against them. */
  static TlsSocketStrategy verifying() {
    return ClientTlsStrategyBuilder.create().setTlsVersions(VERSIONS).buildClassic();
  }

  /**
   * Accepts any certificate for any host name ({@code skipTlsVerify}, for testing): the trust
   * manager accepts every chain and neither JSSE nor HttpClient checks the host name.
   */
  static TlsSocketStrategy trustingEverything() {
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
