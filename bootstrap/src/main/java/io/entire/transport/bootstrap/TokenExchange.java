package io.entire.transport.bootstrap;

import io.entire.transport.Authentication;
import io.entire.transport.adapters.auth.TokenEndpointNetwork;
import io.entire.transport.adapters.auth.TokenExchangeCredentials;
import io.entire.transport.application.port.out.CredentialPort;
import java.net.URI;

/**
 * The token exchange adapter (A2) of one client, made the same way by {@link
 * TokenExchangeAuthModule} and {@link EnvironmentAuthentication}; kept apart from the former so
 * that the latter loads no Guice class (the helper's start path, DESIGN §7).
 */
final class TokenExchange {
  private TokenExchange() {}

  /**
   * An adapter that goes through the context's proxy and trusts what it trusts (N1, N2), never
   * presenting the cluster's client certificate (N3).
   */
  static CredentialPort credentials(
      URI exchangeUrl, String loginToken, Authentication.Context context) {
    Authentication.Network network = context.network();
    return new TokenExchangeCredentials(
        exchangeUrl,
        loginToken,
        context.clock(),
        context.connectTimeout(),
        context.readTimeout(),
        new TokenEndpointNetwork(
            network.proxySelector(), network.proxyAuthenticator(), network::sslContext));
  }
}
