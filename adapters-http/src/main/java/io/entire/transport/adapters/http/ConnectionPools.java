package io.entire.transport.adapters.http;

import java.io.Closeable;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.config.TlsConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.io.SocketConfig;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;

/**
 * The HttpClient instances of one {@link ApacheHttpExchange}, configured from its {@link
 * HttpSettings}: the pooled client that sends every request first, and the client that resends a
 * request that met a stale pooled connection (F9).
 *
 * <p>Thread-safe. {@link #close()} shuts both down and aborts what is still in flight.
 */
final class ConnectionPools implements Closeable {
  private final HttpSettings settings;

  /** The pool of {@link #pooled}: fast fallback (D1) connects into it ahead of an exchange. */
  private final PoolingHttpClientConnectionManager pooledConnections;

  /** Sends every request first; its connections are pooled and reused. */
  private final CloseableHttpClient pooled;

  /**
   * Resends a request that met a stale pooled connection (F9). Its connections are never kept, so
   * its pool never holds an idle one: each resend gets a new connection, never another stale one.
   * Made on the first resend: most processes (a git command's helper) never need it.
   */
  private CloseableHttpClient fresh;

  private boolean closed;

  ConnectionPools(HttpSettings settings) {
    this.settings = settings;
    this.pooledConnections = newManager(settings);
    this.pooled = newClient(settings, pooledConnections, true);
  }

  CloseableHttpClient pooled() {
    return pooled;
  }

  PoolingHttpClientConnectionManager pooledConnections() {
    return pooledConnections;
  }

  synchronized CloseableHttpClient fresh() {
    if (closed) {
      throw new IllegalStateException("the HTTP exchange is closed");
    }
    if (fresh == null) {
      fresh = newClient(settings, newManager(settings), false);
    }
    return fresh;
  }

  private static PoolingHttpClientConnectionManager newManager(HttpSettings settings) {
    Timeout connectTimeout = Timeout.of(settings.connectTimeout());
    Timeout readTimeout = Timeout.of(settings.readTimeout());
    return PoolingHttpClientConnectionManagerBuilder.create()
        .setConnectionFactory(new UnloggedConnectionFactory())
        .setTlsSocketStrategy(
            TlsSocketStrategies.forClient(settings.tls(), settings.skipTlsVerify()))
        .setDefaultTlsConfig(
            TlsConfig.custom()
                .setSupportedProtocols(TlsSocketStrategies.VERSIONS)
                // The handshake belongs to connecting, as in git's CURLOPT_CONNECTTIMEOUT.
                .setHandshakeTimeout(connectTimeout)
                .build())
        .setDefaultSocketConfig(
            SocketConfig.custom().setSoTimeout(readTimeout).setTcpNoDelay(true).build())
        .setDefaultConnectionConfig(
            ConnectionConfig.custom()
                .setConnectTimeout(connectTimeout)
                .setSocketTimeout(readTimeout)
                // A connection that idled for a second is checked before reuse: one that the
                // server closed meanwhile is then dropped without costing a resend (F9).
                .setValidateAfterInactivity(TimeValue.ofSeconds(1))
                .build())
        .setMaxConnPerRoute(settings.maxConnections())
        .setMaxConnTotal(settings.maxConnections())
        .build();
  }

  private static CloseableHttpClient newClient(
      HttpSettings settings,
      PoolingHttpClientConnectionManager connections,
      boolean keepConnections) {
    Timeout readTimeout = Timeout.of(settings.readTimeout());
    HttpClientBuilder builder =
        HttpClients.custom()
            .setConnectionManager(connections)
            .setRequestExecutor(new StaleConnectionDetector())
            .setRoutePlanner(ProxyRouting.planner())
            .disableRedirectHandling()
            .disableAutomaticRetries()
            .disableContentCompression()
            .disableCookieManagement()
            .disableAuthCaching()
            .disableDefaultUserAgent()
            .setDefaultRequestConfig(
                RequestConfig.custom()
                    .setResponseTimeout(readTimeout)
                    // Sessions of one client share the pool (L3): a call waits for a free
                    // connection as long as it would wait for a byte, not just a connect timeout.
                    .setConnectionRequestTimeout(readTimeout)
                    .setAuthenticationEnabled(false)
                    .setRedirectsEnabled(false)
                    .setExpectContinueEnabled(false)
                    .setProtocolUpgradeEnabled(false)
                    .build());
    if (!keepConnections) {
      builder.setConnectionReuseStrategy((request, response, context) -> false);
    }
    return builder.build();
  }

  /** Shuts both clients down, aborting requests still in flight. Idempotent. */
  @Override
  public void close() {
    CloseableHttpClient resending;
    synchronized (this) {
      closed = true;
      resending = fresh;
    }
    try {
      pooled.close(CloseMode.IMMEDIATE);
    } finally {
      if (resending != null) {
        resending.close(CloseMode.IMMEDIATE);
      }
    }
  }
}
