package io.entire.transport.adapters.http;

import java.io.IOException;
import java.net.PasswordAuthentication;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Which HTTP proxy a client's requests go through, and the Basic credentials for it (N1).
 *
 * <p>For each request the selector is asked once with the target URI; the first {@link
 * Proxy.Type#HTTP} proxy it lists is used: https targets through a {@code CONNECT} tunnel, http
 * targets in absolute form. {@link Proxy#NO_PROXY}, an empty list or only SOCKS entries mean a
 * direct connection (SOCKS is not spoken at the HTTP level).
 *
 * <p>The default, {@link #JVM_DEFAULT}, asks {@link ProxySelector#getDefault()} at each request, so
 * a library embedded in an application honours the JVM's {@code https.proxyHost}, {@code
 * http.proxyHost} and {@code http.nonProxyHosts} properties as {@code HttpURLConnection} does.
 *
 * <p>Immutable and thread-safe when the selector and the credentials are.
 *
 * @param selector chooses the proxy per target URI
 * @param credentials the Basic user and password for a proxy, by its host and port
 * @since 0.2
 */
public record ProxySettings(ProxySelector selector, Credentials credentials) {

  /**
   * Answers "which user and password for this proxy?".
   *
   * @since 0.2
   */
  @FunctionalInterface
  public interface Credentials {
    /** No credentials for any proxy. */
    Credentials NONE = (host, port) -> Optional.empty();

    /**
     * The Basic credentials for a proxy.
     *
     * @param host the proxy's host as the selector gave it
     * @param port the proxy's port
     * @return the user name and password, or empty to send none
     */
    Optional<PasswordAuthentication> forProxy(String host, int port);
  }

  /** The JVM's default selector, asked at each request, without proxy credentials. */
  public static final ProxySettings JVM_DEFAULT =
      new ProxySettings(new JvmDefaultSelector(), Credentials.NONE);

  /** Every request goes direct. */
  public static final ProxySettings DIRECT = of(ProxyRules.DIRECT);

  /**
   * Validates the settings.
   *
   * @throws NullPointerException when a value is null
   */
  public ProxySettings {
    Objects.requireNonNull(selector, "selector");
    Objects.requireNonNull(credentials, "credentials");
  }

  /**
   * Settings from proxy rules (the environment, git's {@code http.proxy}, a proxy URL): their
   * selector, and the user and password of each proxy's URL.
   *
   * @param rules the rules
   * @return the settings
   */
  public static ProxySettings of(ProxyRules rules) {
    Objects.requireNonNull(rules, "rules");
    return new ProxySettings(rules.selector(), rules::credentialsFor);
  }

  /**
   * Settings from a selector of the caller's, without proxy credentials.
   *
   * @param selector the selector
   * @return the settings
   */
  public static ProxySettings of(ProxySelector selector) {
    return new ProxySettings(selector, Credentials.NONE);
  }

  /** Names the selector; never credentials. */
  @Override
  public String toString() {
    return "ProxySettings[" + selector + "]";
  }

  /** Delegates to whatever {@link ProxySelector#getDefault()} is at the time of the request. */
  private static final class JvmDefaultSelector extends ProxySelector {
    @Override
    public List<Proxy> select(URI uri) {
      ProxySelector selector = ProxySelector.getDefault();
      return selector == null ? List.of(Proxy.NO_PROXY) : selector.select(uri);
    }

    @Override
    public void connectFailed(URI uri, SocketAddress address, IOException failure) {
      ProxySelector selector = ProxySelector.getDefault();
      if (selector != null) {
        selector.connectFailed(uri, address, failure);
      }
    }

    @Override
    public String toString() {
      return "the JVM's default proxy selector";
    }
  }
}
