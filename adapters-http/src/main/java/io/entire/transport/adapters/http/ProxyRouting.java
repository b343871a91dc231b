package io.entire.transport.adapters.http;

import io.entire.transport.application.port.out.HttpRequest;
import io.entire.transport.domain.CleartextCredentialsException;
import io.entire.transport.domain.ProxyAuthenticationException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.PasswordAuthentication;
import java.net.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.client5.http.auth.UsernamePasswordCredentials;
import org.apache.hc.client5.http.impl.DefaultSchemePortResolver;
import org.apache.hc.client5.http.impl.auth.BasicScheme;
import org.apache.hc.client5.http.impl.routing.DefaultRoutePlanner;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.client5.http.routing.HttpRoutePlanner;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.protocol.HttpContext;

/**
 * The proxy part of {@link ApacheHttpExchange} (N1): chooses the proxy of each request once, from
 * {@link ProxySettings}, and makes HttpClient take it; refuses plain-http credentials through a
 * proxy without allow-http; sends the proxy's Basic credentials; and turns the proxy's refusals
 * into errors that name it.
 *
 * <p>Proxy authentication is preemptive Basic, as curl does with credentials in the proxy URL: the
 * request's context gets a Basic scheme for the proxy host, which HttpClient uses for the {@code
 * CONNECT} of an https target and for an http request in absolute form. HttpClient's own challenge
 * handling stays off ({@code RequestConfig.setAuthenticationEnabled(false)} also stops it from
 * answering a 407), so a 407 always means the proxy refused what was sent (or that nothing was),
 * and becomes {@link ProxyAuthenticationException}.
 *
 * <p>Thread-safe (the selector and credentials of the settings must be).
 */
final class ProxyRouting {

  /** The request-context attribute naming the proxy (an {@link HttpHost}) of the request. */
  private static final String PROXY = "io.entire.transport.proxy";

  private final ProxySettings settings;
  private final boolean allowHttp;

  ProxyRouting(ProxySettings settings, boolean allowHttp) {
    this.settings = settings;
    this.allowHttp = allowHttp;
  }

  /**
   * The proxy of one request, or none.
   *
   * @param proxy the proxy, or null to go direct
   * @param credentials the Basic credentials sent to it, or null
   */
  record Choice(HttpHost proxy, PasswordAuthentication credentials) {
    static final Choice DIRECT = new Choice(null, null);

    /** {@code host:port} of the proxy, for messages: never its user or password. */
    String name() {
      return proxy.toHostString();
    }

    boolean withCredentials() {
      return credentials != null;
    }

    /** Never the credentials. */
    @Override
    public String toString() {
      return proxy == null ? "direct" : "proxy " + name() + (withCredentials() ? " (Basic)" : "");
    }
  }

  /**
   * Asks the selector once for the request's target.
   *
   * @throws CleartextCredentialsException for a plain-http request with {@code Authorization}
   *     through a proxy without allow-http
   */
  Choice choose(HttpRequest request) throws CleartextCredentialsException {
    InetSocketAddress address = null;
    for (Proxy proxy : settings.selector().select(request.uri())) {
      if (proxy.type() == Proxy.Type.HTTP && proxy.address() instanceof InetSocketAddress) {
        address = (InetSocketAddress) proxy.address();
        break;
      }
      if (proxy.type() == Proxy.Type.DIRECT) {
        break;
      }
    }
    if (address == null) {
      return Choice.DIRECT;
    }
    HttpHost proxy = new HttpHost("http", address.getHostString(), address.getPort());
    if (isPlainHttp(request) && request.headers().contains("Authorization") && !allowHttp) {
      throw new CleartextCredentialsException(
          "refusing to send credentials for "
              + new HttpHost("http", request.uri().getHost(), request.uri().getPort())
                  .toHostString()
              + " through proxy "
              + proxy.toHostString()
              + ": the request is plain http, so the proxy would see the credentials in clear"
              + " text; use https, bypass the proxy for this host (NO_PROXY), or allow http");
    }
    Optional<PasswordAuthentication> credentials =
        settings.credentials().forProxy(address.getHostString(), address.getPort());
    return new Choice(proxy, credentials.orElse(null));
  }

  /** Makes the request in {@code context} go through the chosen proxy, with its credentials. */
  void prepare(Choice choice, HttpClientContext context) {
    if (choice.proxy() == null) {
      return;
    }
    context.setAttribute(PROXY, choice.proxy());
    if (choice.withCredentials()) {
      // HttpClient adds Proxy-Authorization from this scheme to the CONNECT or the request.
      BasicScheme basic = new BasicScheme(StandardCharsets.UTF_8);
      basic.initPreemptive(
          new UsernamePasswordCredentials(
              choice.credentials().getUserName(), choice.credentials().getPassword()));
      context.resetAuthExchange(choice.proxy(), basic);
    }
  }

  /** A route planner that takes the proxy {@link #prepare} put into the request's context. */
  static HttpRoutePlanner planner() {
    return new DefaultRoutePlanner(DefaultSchemePortResolver.INSTANCE) {
      @Override
      protected HttpHost determineProxy(HttpHost target, HttpContext context) {
        Object proxy = context == null ? null : context.getAttribute(PROXY);
        return proxy instanceof HttpHost ? (HttpHost) proxy : null;
      }
    };
  }

  /**
   * Checks the response head of a request that went through a proxy.
   *
   * @throws ProxyAuthenticationException on a 407
   * @throws IOException when the proxy refused the {@code CONNECT} of an https target (the response
   *     is the proxy's, not the target's): a connection failure, so the next node is tried
   */
  static void checkAnswer(
      Choice choice, HttpRequest request, ClassicHttpResponse response, HttpClientContext context)
      throws IOException {
    if (choice.proxy() == null) {
      return;
    }
    int status = response.getCode();
    if (status == 407) {
      throw new ProxyAuthenticationException(
          choice.withCredentials()
              ? "proxy "
                  + choice.name()
                  + " refused the user and password of the proxy URL"
                  + " (HTTP 407 Proxy Authentication Required)"
              : "proxy "
                  + choice.name()
                  + " requires authentication (HTTP 407 Proxy"
                  + " Authentication Required): give the proxy URL a user and password,"
                  + " http://user:password@host:port");
    }
    if (!isPlainHttp(request) && context.getSSLSession() == null) {
      // HttpClient hands back the proxy's answer to a CONNECT that did not open a tunnel.
      throw new IOException(
          "proxy "
              + choice.name()
              + " did not open a tunnel to "
              + new HttpHost("https", request.uri().getHost(), request.uri().getPort())
                  .toHostString()
              + ": HTTP "
              + status
              + (response.getReasonPhrase() == null ? "" : " " + response.getReasonPhrase()));
    }
  }

  /**
   * Names the proxy in a failure to connect to it (the only connection a proxied request makes
   * itself); other failures are returned as they are. Still a connection failure: failover.
   */
  static IOException reword(Choice choice, IOException failure) {
    if (choice.proxy() == null
        || !(failure instanceof ConnectException || failure instanceof ConnectTimeoutException)) {
      return failure;
    }
    ConnectException named =
        new ConnectException(
            "cannot connect to proxy " + choice.name() + ": " + failure.getMessage());
    named.initCause(failure);
    return named;
  }

  private static boolean isPlainHttp(HttpRequest request) {
    return request.uri().getScheme().toLowerCase(Locale.ROOT).equals("http");
  }

  @Override
  public String toString() {
    return "ProxyRouting[" + settings + (allowHttp ? ", allowHttp" : "") + "]";
  }
}
