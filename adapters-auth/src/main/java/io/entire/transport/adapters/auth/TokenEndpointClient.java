package io.entire.transport.adapters.auth;

import io.entire.transport.application.port.in.Cancellation;
import io.entire.transport.domain.CredentialException;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.config.TlsConfig;
import org.apache.hc.client5.http.entity.UrlEncodedFormEntity;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.client5.http.ssl.ClientTlsStrategyBuilder;
import org.apache.hc.client5.http.ssl.TlsSocketStrategy;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.NameValuePair;
import org.apache.hc.core5.http.protocol.HttpContext;
import org.apache.hc.core5.http.ssl.TLS;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.util.Timeout;

/**
 * The HTTP side of the token exchange: POSTs a form to the one token endpoint and reads its answer
 * (at most 64 KiB). Redirects are never followed and nothing is retried, so the login token goes to
 * exactly that URL; its connections never feed HttpClient's header and wire logs (A5). It reaches
 * the endpoint through the proxy and with the trust of its {@link TokenEndpointNetwork} (N1, N2),
 * and presents no client certificate unless that network's TLS context holds one.
 *
 * <p>Owns a small HttpClient 5 connection pool, made on the first exchange: the helper builds the
 * adapter on its start path, and most runs find a cached token or never need one (an HttpClient
 * pool costs startup). {@link #close()} releases it, after which every exchange fails.
 *
 * <p>Thread-safe: the pool is made and released under a lock; HttpClient's pool is thread-safe.
 */
final class TokenEndpointClient implements Closeable {
  private static final int MAX_BODY_BYTES = 64 * 1024;

  /** TLS 1.2 is the oldest version offered; 1.0 and 1.1 are broken. */
  private static final TLS[] TLS_VERSIONS = {TLS.V_1_3, TLS.V_1_2};

  private final URI url;
  private final String displayUrl;
  private final Duration connectTimeout;
  private final Duration responseTimeout;
  private final TokenEndpointNetwork network;
  private final Object clientLock = new Object();
  private CloseableHttpClient client; // guarded by clientLock
  private final AtomicBoolean closed = new AtomicBoolean();

  /**
   * @param url the token endpoint, already checked by {@link TokenEndpointUrl}
   * @param connectTimeout time to establish a connection
   * @param responseTimeout time to wait for the answer and between its bytes
   * @param network the proxy and TLS trust to reach the endpoint with
   */
  TokenEndpointClient(
      URI url, Duration connectTimeout, Duration responseTimeout, TokenEndpointNetwork network) {
    this.url = url;
    this.displayUrl = TokenEndpointUrl.display(url);
    this.connectTimeout = connectTimeout;
    this.responseTimeout = responseTimeout;
    this.network = network;
  }

  /** The endpoint's answer: its status and its whole body. */
  record Reply(int status, byte[] body) {
    boolean isSuccess() {
      return status >= 200 && status <= 299;
    }
  }

  boolean isClosed() {
    return closed.get();
  }

  /**
   * POSTs {@code form} as {@code application/x-www-form-urlencoded}, asking for JSON.
   *
   * @throws CredentialException when the endpoint cannot be reached or read (also through its
   *     proxy), the proxy refused, the call was cancelled, or this client is closed
   */
  Reply post(List<NameValuePair> form, Cancellation cancellation) throws CredentialException {
    TokenEndpointProxy.Choice route = TokenEndpointProxy.choose(network, url, displayUrl); // N1
    HttpClientContext context = HttpClientContext.create();
    TokenEndpointProxy.prepare(route, context);
    HttpPost post = new HttpPost(url);
    post.setHeader("Accept", "application/json");
    post.setEntity(new UrlEncodedFormEntity(form, StandardCharsets.UTF_8));
    // DESIGN §3: aborting the POST closes its connection, which ends a wait on a hanging endpoint
    // at once.
    try (Cancellation.Registration onCancel = cancellation.onCancel(post::cancel)) {
      return client()
          .execute(
              post,
              context,
              response -> {
                // N1: a proxy's own answer (407, a CONNECT it refused) is never read as the
                // endpoint's.
                TokenEndpointProxy.checkAnswer(route, url, response, context);
                return readReply(response);
              });
    } catch (IOException | IllegalStateException e) {
      if (cancellation.isCancelled()) {
        throw new CredentialException("token exchange at " + displayUrl + " cancelled", e);
      }
      if (e instanceof TokenEndpointProxy.Refusal refusal) {
        throw new CredentialException(
            "token exchange at " + displayUrl + " failed: " + refusal.getMessage(),
            refusal,
            refusal.isRetryable());
      }
      if (e instanceof IOException failure) {
        IOException io = TokenEndpointProxy.reword(route, failure);
        // L5: retryable, the endpoint was unreachable or did not answer in time.
        throw new CredentialException(
            "token exchange at " + displayUrl + " failed: " + describe(io), e, true);
      }
      throw new CredentialException("token exchange client is closed", e);
    }
  }

  /** Releases the connections. Idempotent. */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      synchronized (clientLock) {
        if (client != null) {
          client.close(CloseMode.GRACEFUL);
        }
      }
    }
  }

  private CloseableHttpClient client() throws CredentialException {
    synchronized (clientLock) {
      // Checked under the lock so a client is never made after close() released the old one.
      if (closed.get()) {
        throw new CredentialException("token exchange client is closed");
      }
      if (client == null) {
        client = newClient(connectTimeout, responseTimeout, network);
      }
      return client;
    }
  }

  private static Reply readReply(ClassicHttpResponse response) throws IOException {
    HttpEntity entity = response.getEntity();
    byte[] body = new byte[0];
    if (entity != null) {
      try (InputStream in = entity.getContent()) {
        body = readBounded(in);
      }
    }
    return new Reply(response.getCode(), body);
  }

  private static byte[] readBounded(InputStream in) throws IOException {
    if (in == null) {
      return new byte[0];
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buffer = new byte[8192];
    int n;
    while ((n = in.read(buffer)) >= 0) {
      if (out.size() + n > MAX_BODY_BYTES) {
        throw new IOException("response larger than " + MAX_BODY_BYTES + " bytes");
      }
      out.write(buffer, 0, n);
    }
    return out.toByteArray();
  }

  private static String describe(IOException e) {
    String message = e.getMessage();
    return message == null || message.isBlank()
        ? e.getClass().getSimpleName()
        : e.getClass().getSimpleName() + ": " + message;
  }

  private static CloseableHttpClient newClient(
      Duration connectTimeout, Duration responseTimeout, TokenEndpointNetwork network) {
    ConnectionConfig connection =
        ConnectionConfig.custom()
            .setConnectTimeout(Timeout.of(connectTimeout))
            .setSocketTimeout(Timeout.of(responseTimeout))
            .build();
    RequestConfig request =
        RequestConfig.custom()
            .setResponseTimeout(Timeout.of(responseTimeout))
            .setConnectionRequestTimeout(Timeout.of(responseTimeout))
            .setRedirectsEnabled(false)
            // Proxy credentials are preemptive (TokenEndpointProxy), so a 407 is the proxy's
            // refusal, reported as such, and never answered with other credentials.
            .setAuthenticationEnabled(false)
            .build();
    return HttpClients.custom()
        .setConnectionManager(
            PoolingHttpClientConnectionManagerBuilder.create()
                // A5: no header/wire debug logs, which would show the login and minted tokens.
                .setConnectionFactory(new UnloggedConnectionFactory())
                // N2: the trust of the client this adapter serves, never JVM-wide properties.
                .setTlsSocketStrategy(new LazyTls(network))
                .setDefaultTlsConfig(
                    TlsConfig.custom()
                        .setSupportedProtocols(TLS_VERSIONS)
                        .setHandshakeTimeout(Timeout.of(connectTimeout))
                        .build())
                .setDefaultConnectionConfig(connection)
                .setMaxConnTotal(4)
                .setMaxConnPerRoute(4)
                .build())
        .setDefaultRequestConfig(request)
        .setRoutePlanner(TokenEndpointProxy.planner()) // N1: the proxy chosen per exchange
        // The login token goes to exactly the configured URL: no redirects, no silent retries.
        .disableRedirectHandling()
        .disableAutomaticRetries()
        .disableCookieManagement()
        .disableAuthCaching()
        .build();
  }

  /**
   * Asks the network for its TLS context on the first TLS connection only: a plain-http (loopback)
   * endpoint never needs one, and loading trust anchors costs startup.
   */
  private static final class LazyTls implements TlsSocketStrategy {
    private final TokenEndpointNetwork network;
    private volatile TlsSocketStrategy delegate;

    LazyTls(TokenEndpointNetwork network) {
      this.network = network;
    }

    @Override
    public SSLSocket upgrade(
        Socket socket, String target, int port, Object attachment, HttpContext context)
        throws IOException {
      return delegate().upgrade(socket, target, port, attachment, context);
    }

    private TlsSocketStrategy delegate() throws SSLException {
      TlsSocketStrategy d = delegate;
      if (d == null) {
        synchronized (this) {
          d = delegate;
          if (d == null) {
            SSLContext tls;
            try {
              tls = Objects.requireNonNull(network.tls().get(), "the network gave no TLS context");
            } catch (RuntimeException e) {
              // An IOException: anything else would read as "client closed" to post().
              throw new SSLException("cannot create the TLS context: " + e.getMessage(), e);
            }
            d =
                ClientTlsStrategyBuilder.create()
                    .setSslContext(tls)
                    .setTlsVersions(TLS_VERSIONS)
                    .buildClassic();
            delegate = d;
          }
        }
      }
      return d;
    }
  }
}
