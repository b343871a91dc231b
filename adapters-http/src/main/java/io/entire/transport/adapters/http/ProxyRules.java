package io.entire.transport.adapters.http;

import java.io.IOException;
import java.net.PasswordAuthentication;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Which proxy, if any, a request goes through (N1): one proxy for https targets, one for http
 * targets (either may be absent), and the {@link NoProxy} hosts that always go direct. Made from
 * the environment by {@link ProxyEnvironment#rules}, or from one configured proxy (git's {@code
 * http.proxy}, the builder's proxy URL) by {@link #all}.
 *
 * <p>{@link #selector()} adapts the rules to {@link ProxySelector} for the HTTP client, and {@link
 * #credentialsFor} answers the client's question "which Basic credentials for this proxy?".
 *
 * <p>Immutable and thread-safe.
 *
 * @since 0.2
 */
public final class ProxyRules {
  /** No proxy for any host. */
  public static final ProxyRules DIRECT = new ProxyRules(null, null, NoProxy.NONE);

  private final ProxyUrl https;
  private final ProxyUrl http;
  private final NoProxy noProxy;

  private ProxyRules(ProxyUrl https, ProxyUrl http, NoProxy noProxy) {
    this.https = https;
    this.http = http;
    this.noProxy = Objects.requireNonNull(noProxy, "noProxy");
  }

  /**
   * Rules with a proxy per target scheme.
   *
   * @param https the proxy for https targets, or null to reach them directly
   * @param http the proxy for http targets, or null to reach them directly
   * @param noProxy the hosts that bypass both
   * @return the rules
   */
  public static ProxyRules of(ProxyUrl https, ProxyUrl http, NoProxy noProxy) {
    return new ProxyRules(https, http, noProxy);
  }

  /**
   * Rules with one proxy for every target (as git's {@code http.proxy} is).
   *
   * @param proxy the proxy
   * @param noProxy the hosts that bypass it
   * @return the rules
   */
  public static ProxyRules all(ProxyUrl proxy, NoProxy noProxy) {
    Objects.requireNonNull(proxy, "proxy");
    return new ProxyRules(proxy, proxy, noProxy);
  }

  /**
   * The proxy for a target.
   *
   * @param target the target URL; its scheme ({@code https} or {@code http}) and host count
   * @return the proxy, or empty to connect directly (no proxy for the scheme, a bypassed host, or
   *     another scheme)
   */
  public Optional<ProxyUrl> proxyFor(URI target) {
    String scheme = target.getScheme() == null ? "" : target.getScheme().toLowerCase(Locale.ROOT);
    ProxyUrl proxy = scheme.equals("https") ? https : scheme.equals("http") ? http : null;
    if (proxy == null || target.getHost() == null || noProxy.matches(target.getHost())) {
      return Optional.empty();
    }
    return Optional.of(proxy);
  }

  /**
   * The Basic credentials for a proxy of these rules.
   *
   * @param host the proxy's host as the HTTP client names it (IPv6 with or without brackets)
   * @param port the proxy's port
   * @return the user name and password from that proxy's URL, or empty when it has none or is not
   *     one of these rules' proxies
   */
  public Optional<PasswordAuthentication> credentialsFor(String host, int port) {
    for (ProxyUrl proxy : proxies()) {
      if (proxy.port() == port && proxy.address().getHostString().equalsIgnoreCase(bare(host))) {
        return proxy.credentials();
      }
    }
    return Optional.empty();
  }

  /** Returns the distinct proxies of these rules (none, one or two). */
  public List<ProxyUrl> proxies() {
    List<ProxyUrl> proxies = new ArrayList<>(2);
    if (https != null) {
      proxies.add(https);
    }
    if (http != null && !http.equals(https)) {
      proxies.add(http);
    }
    return List.copyOf(proxies);
  }

  /** Returns the hosts that bypass the proxies. */
  public NoProxy noProxy() {
    return noProxy;
  }

  /**
   * These rules as a {@link ProxySelector}: {@link Proxy#NO_PROXY} for a direct target, else an
   * HTTP proxy at the proxy's unresolved address. A failed connection to a proxy is not remembered
   * ({@code connectFailed} does nothing): the request fails with the connection's error.
   *
   * @return the selector; thread-safe
   */
  public ProxySelector selector() {
    return new ProxySelector() {
      @Override
      public List<Proxy> select(URI uri) {
        if (uri == null || uri.getScheme() == null || uri.getHost() == null) {
          throw new IllegalArgumentException("a proxy is chosen for a URI with scheme and host");
        }
        return List.of(
            proxyFor(uri)
                .map(proxy -> new Proxy(Proxy.Type.HTTP, proxy.address()))
                .orElse(Proxy.NO_PROXY));
      }

      @Override
      public void connectFailed(URI uri, SocketAddress address, IOException failure) {
        // Nothing to remember: there is no second proxy to fall back to.
      }

      @Override
      public String toString() {
        return ProxyRules.this.toString();
      }
    };
  }

  private static String bare(String host) {
    return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
  }

  /** Returns the proxies (passwords as {@code ***}) and the bypass list. */
  @Override
  public String toString() {
    return "ProxyRules[https=" + https + ", http=" + http + ", noProxy=" + noProxy + "]";
  }
}
