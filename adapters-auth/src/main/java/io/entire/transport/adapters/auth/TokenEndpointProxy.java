package io.entire.transport.adapters.auth;

import io.entire.transport.domain.CredentialException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.PasswordAuthentication;
import java.net.Proxy;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
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
 * The proxy of one token exchange (N1 for A2): chosen once per exchange from {@link
 * TokenEndpointNetwork}, handed to HttpClient through the request context, with preemptive Basic
 * credentials; the proxy's refusals become errors that name it (never its user or password).
 *
 * <p>HttpClient's challenge handling is off for the exchange client, so a 407 means the proxy
 * refused what was sent (or that nothing was). adapters-http has the same logic for the data plane
 * ({@code ProxyRouting}); adapters never depend on each other, and this copy reports through {@link
 * CredentialException}.
 *
 * <p>Stateless, so thread-safe.
 */
final class TokenEndpointProxy {

  /** The request-context attribute naming the proxy (an {@link HttpHost}) of the exchange. */
  private static final String PROXY = "io.entire.transport.auth.proxy";

  private TokenEndpointProxy() {}

  /**
   * The proxy of one exchange, or none.
   *
   * @param proxy the proxy, or null to go direct
   * @param credentials the Basic credentials sent to it, or null
   */
  record Choice(HttpHost proxy, PasswordAuthentication credentials) {
    static final Choice DIRECT = new Choice(null, null);

    boolean isDirect() {
      return proxy == null;
    }

    /** {@code host:port} of the proxy, for messages: never its user or password. */
    String name() {
      return proxy.toHostString();
    }

    /** Never the credentials. */
    @Override
    public String toString() {
      return isDirect() ? "direct" : "proxy " + name() + (credentials != null ? " (Basic)" : "");
    }
  }

  /**
   * A refusal by the proxy, raised inside HttpClient's response handler and turned into a {@link
   * CredentialException} by the caller.
   */
  static final class Refusal extends IOException {
    private static final long serialVersionUID = 1L;
    private final boolean retryable;

    Refusal(String message, boolean retryable) {
      super(message);
      this.retryable = retryable;
    }

    boolean isRetryable() {
      return retryable;
    }
  }

  /**
   * Asks the selector once for the exchange URL.
   *
   * @throws CredentialException when a plain-http endpoint would be reached through a proxy: the
   *     login token would cross the network in clear text (nothing is sent)
   */
  static Choice choose(TokenEndpointNetwork network, URI url, String displayUrl)
      throws CredentialException {
    InetSocketAddress address = null;
    for (Proxy proxy : network.proxySelector().select(url)) {
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
    if (!"https".equals(url.getScheme().toLowerCase(Locale.ROOT))) {
      throw new CredentialException(
          "refusing to send the login token to "
              + displayUrl
              + " through proxy "
              + proxy.toHostString()
              + ": the token endpoint is plain http, so the proxy would see the login token in"
              + " clear text; use https, or bypass the proxy for this host (NO_PROXY)");
    }
    return new Choice(
        proxy, network.credentialsFor(address.getHostString(), address.getPort()).orElse(null));
  }

  /** Makes the exchange in {@code context} go through the chosen proxy, with its credentials. */
  static void prepare(Choice choice, HttpClientContext context) {
    if (choice.isDirect()) {
      return;
    }
    context.setAttribute(PROXY, choice.proxy());
    if (choice.credentials() != null) {
      // HttpClient writes Proxy-Authorization from this scheme into the CONNECT.
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
   * Checks the answer of an exchange that went through a proxy: HttpClient returns the proxy's own
   * answer to a {@code CONNECT} that opened no tunnel as if it were the endpoint's.
   *
   * @throws Refusal on a 407 (not retryable: the proxy settings must change) or when no tunnel was
   *     opened (retryable: the endpoint could not be reached)
   */
  static void checkAnswer(
      Choice choice, URI url, ClassicHttpResponse response, HttpClientContext context)
      throws Refusal {
    if (choice.isDirect()) {
      return;
    }
    int status = response.getCode();
    if (status == 407) {
      throw new Refusal(
          choice.credentials() != null
              ? "proxy "
                  + choice.name()
                  + " refused the proxy user and password (HTTP 407 Proxy Authentication"
                  + " Required)"
              : "proxy "
                  + choice.name()
                  + " requires authentication (HTTP 407 Proxy Authentication Required): give"
                  + " the proxy URL a user and password, http://user:password@host:port",
          false);
    }
    if (context.getSSLSession() == null) {
      throw new Refusal(
          "proxy "
              + choice.name()
              + " did not open a tunnel to "
              + new HttpHost("https", url.getHost(), url.getPort()).toHostString()
              + ": HTTP "
              + status
              + (response.getReasonPhrase() == null ? "" : " " + response.getReasonPhrase()),
          true);
    }
  }

  /** Names the proxy in a failure to connect to it; other failures are returned as they are. */
  static IOException reword(Choice choice, IOException failure) {
    if (choice.isDirect()
        || !(failure instanceof ConnectException || failure instanceof ConnectTimeoutException)) {
      return failure;
    }
    ConnectException named =
        new ConnectException(
            "cannot connect to proxy " + choice.name() + ": " + failure.getMessage());
    named.initCause(failure);
    return named;
  }
}
