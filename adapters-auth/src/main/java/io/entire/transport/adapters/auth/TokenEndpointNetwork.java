package io.entire.transport.adapters.auth;

import java.io.IOException;
import java.net.Authenticator;
import java.net.PasswordAuthentication;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.security.GeneralSecurityException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;

/**
 * How the token exchange reaches its endpoint through a company network (DESIGN §13 N1, N2 for the
 * token endpoint of A2): the proxy, the proxy's Basic credentials and the TLS context whose trust
 * decides which endpoint certificates are accepted. In JDK types, so whoever wires the adapter can
 * pass the settings of the client it serves without this adapter knowing the HTTP adapter's types.
 *
 * <ul>
 *   <li>{@code proxySelector} is asked once per exchange with the exchange URL; the first {@link
 *       Proxy.Type#HTTP} proxy it lists is used (https through a {@code CONNECT} tunnel), DIRECT,
 *       an empty list or only SOCKS entries mean a direct connection. A plain-http (loopback)
 *       endpoint is never reached through a proxy: the login token would cross the network in clear
 *       text.
 *   <li>{@code proxyAuthenticator} is asked for {@link Authenticator.RequestorType#PROXY}
 *       credentials of the chosen proxy (host as the selector gave it, and port), sent as
 *       preemptive Basic.
 *   <li>{@code tls} gives the context for the endpoint's TLS connection, asked once, on the first
 *       https exchange (loading trust anchors costs startup). It should carry trust only: the
 *       client certificate of a cluster is never meant for the token endpoint (N3), so build it
 *       without key managers. TLS 1.2 and 1.3 only, and the host name is always checked.
 * </ul>
 *
 * <p>Immutable and thread-safe when its parts are.
 *
 * @param proxySelector chooses the proxy for the exchange URL
 * @param proxyAuthenticator answers proxy credential requests; one that answers null sends none
 * @param tls the TLS context for the endpoint, asked on the first https exchange
 * @since 0.2
 */
public record TokenEndpointNetwork(
    ProxySelector proxySelector, Authenticator proxyAuthenticator, Supplier<SSLContext> tls) {

  /**
   * No proxy and the JVM's default trust anchors without any client key: how the exchange ran
   * before 0.2, and what the constructors of {@link TokenExchangeCredentials} without a network
   * use.
   */
  public static final TokenEndpointNetwork DIRECT =
      new TokenEndpointNetwork(
          new DirectSelector(), new NoProxyCredentials(), TokenEndpointNetwork::defaultTrust);

  /**
   * Validates the parts.
   *
   * @throws NullPointerException when a part is null
   */
  public TokenEndpointNetwork {
    Objects.requireNonNull(proxySelector, "proxySelector");
    Objects.requireNonNull(proxyAuthenticator, "proxyAuthenticator");
    Objects.requireNonNull(tls, "tls");
  }

  /**
   * A TLS context with the JVM's default trust anchors and no key managers, so no certificate is
   * ever presented (unlike {@link SSLContext#getDefault()}, whose key managers follow {@code
   * javax.net.ssl.keyStore}).
   *
   * @return a new context
   * @throws IllegalStateException when the JVM cannot make one
   */
  public static SSLContext defaultTrust() {
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, null, null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot create the default TLS context", e);
    }
  }

  /** The Basic credentials the authenticator gives for a proxy, if any. */
  Optional<PasswordAuthentication> credentialsFor(String host, int port) {
    return Optional.ofNullable(
        proxyAuthenticator.requestPasswordAuthenticationInstance(
            host, null, port, "http", "", "Basic", null, Authenticator.RequestorType.PROXY));
  }

  /** Names the selector; never credentials. */
  @Override
  public String toString() {
    return "TokenEndpointNetwork[proxy=" + proxySelector + "]";
  }

  /** Every URI goes direct. */
  private static final class DirectSelector extends ProxySelector {
    @Override
    public List<Proxy> select(URI uri) {
      return List.of(Proxy.NO_PROXY);
    }

    @Override
    public void connectFailed(URI uri, SocketAddress address, IOException failure) {}

    @Override
    public String toString() {
      return "direct";
    }
  }

  /** Answers every request with none (the base class's {@code getPasswordAuthentication}). */
  private static final class NoProxyCredentials extends Authenticator {}
}
