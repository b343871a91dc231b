package io.entire.transport.bootstrap;

import com.google.inject.Provides;
import com.google.inject.Singleton;
import io.entire.transport.adapters.auth.TokenExchangeCredentials;
import io.entire.transport.application.port.in.TransportConfig;
import io.entire.transport.application.port.out.CredentialPort;
import java.net.URI;
import java.time.Clock;
import java.util.Objects;

/**
 * Authenticates with tokens minted per repository and action by RFC 8693 token exchange (A2), e.g.
 * in a service holding a login token: binds {@link CredentialPort} to {@link
 * TokenExchangeCredentials}, one per injector, using the injector's {@link Clock} and the
 * transport's connect and read timeouts for the exchange call (so it needs {@link
 * TransportModule}). A client's {@link io.entire.transport.NetworkSettings} reach the exchange too:
 * its proxy and trust, never its client certificate.
 *
 * <p>The exchange URL rule (https unless loopback) and the token are checked when the module is
 * created. The adapter owns a small connection pool: {@link EntireTransport#close()} closes it.
 *
 * <p>Immutable and thread-safe; {@link #toString()} never shows the token.
 *
 * @since 0.1
 */
public final class TokenExchangeAuthModule extends AuthModule {
  private final URI exchangeUrl;
  private final String loginToken;

  /**
   * Creates the module.
   *
   * @param exchangeUrl the token endpoint; {@code https}, or {@code http} on a loopback host
   * @param loginToken the login token to exchange
   * @throws IllegalArgumentException when the URL is not acceptable or the token is blank (never
   *     shown)
   */
  public TokenExchangeAuthModule(URI exchangeUrl, String loginToken) {
    Objects.requireNonNull(exchangeUrl, "exchangeUrl");
    Objects.requireNonNull(loginToken, "loginToken");
    // Validate with the adapter's own rules now; the adapter makes its client lazily, so this
    // throwaway instance costs nothing and holds no connections.
    new TokenExchangeCredentials(exchangeUrl, loginToken, Clock.systemUTC()).close();
    this.exchangeUrl = exchangeUrl;
    this.loginToken = loginToken;
  }

  @Override
  protected void configure() {}

  // Reached only through TransportModule, i.e. EntireTransports.open, the one-repository path,
  // whose configuration still carries the client's connection settings (deprecated there since
  // 0.2): the token endpoint is called with the same timeouts as the client that settingsOf builds.
  @SuppressWarnings("deprecation")
  @Provides
  @Singleton
  CredentialPort credentials(Clock clock, TransportConfig config) {
    return newCredentials(new Context(config.connectTimeout(), config.readTimeout(), clock));
  }

  /**
   * {@inheritDoc}
   *
   * <p>The exchange goes through the context's proxy (with its Basic credentials, {@code CONNECT}
   * for an https endpoint) and trusts what the context trusts (N1, N2), never presenting the
   * cluster's client certificate (N3).
   */
  @Override
  public CredentialPort newCredentials(Context context) {
    return TokenExchange.credentials(exchangeUrl, loginToken, context);
  }

  @Override
  public String toString() {
    return "TokenExchangeAuthModule[" + exchangeUrl.getHost() + ", loginToken=<redacted>]";
  }
}
