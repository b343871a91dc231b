package io.entire.transport.adapters.http;

import io.entire.transport.application.port.in.LowSpeedLimit;
import io.entire.transport.domain.UserAgent;
import java.time.Duration;
import java.util.Objects;

/**
 * How {@link ApacheHttpExchange} talks HTTP: timeouts, the low-speed rule, TLS verification and the
 * User-Agent, the pool size, the proxy (N1), trust and client certificate (N2, N3).
 *
 * <p>Immutable and thread-safe.
 *
 * @param connectTimeout the longest wait for a TCP connection and its TLS handshake; at least 1 ms,
 *     at most {@code Integer.MAX_VALUE} ms
 * @param readTimeout the longest wait for the next byte of a response (idle read timeout: a stall
 *     this long fails the exchange with a {@link java.net.SocketTimeoutException}); bounded like
 *     {@code connectTimeout}
 * @param skipTlsVerify accept any server certificate for any host name (testing only)
 * @param userAgent the User-Agent header of every request that does not name its own: printable,
 *     not blank
 * @param lowSpeedLimit git's low-speed rule for response bodies: a body that arrives slower than
 *     this on average for its time fails the read with an {@link java.io.IOException} (see {@link
 *     LowSpeedGuard}); {@link LowSpeedLimit#OFF} leaves only the read timeout
 * @param maxConnections the size of the connection pool: at most this many connections in all, and
 *     to one node (L3: one pool per client); at least 1
 * @param proxy which proxy each request goes through, and its credentials (N1; since 0.2); {@link
 *     ProxySettings#JVM_DEFAULT} unless given
 * @param tls the trust and the client certificate (N2, N3; since 0.2); {@link
 *     TlsSettings#JVM_DEFAULT} unless given. {@code skipTlsVerify} still overrides its trust.
 * @param allowHttp whether a plain-http request carrying {@code Authorization} may go through a
 *     proxy, which then sees the credentials in clear (N1; since 0.2); false unless given
 */
public record HttpSettings(
    Duration connectTimeout,
    Duration readTimeout,
    boolean skipTlsVerify,
    String userAgent,
    LowSpeedLimit lowSpeedLimit,
    int maxConnections,
    ProxySettings proxy,
    TlsSettings tls,
    boolean allowHttp) {
  /** The pool size unless one is given: what one transport had before clients shared pools. */
  public static final int DEFAULT_MAX_CONNECTIONS = 64;

  private static final Duration SHORTEST = Duration.ofMillis(1);
  private static final Duration LONGEST = Duration.ofMillis(Integer.MAX_VALUE);

  /**
   * Validates the settings.
   *
   * @throws IllegalArgumentException naming the invalid value
   * @throws NullPointerException when a value is null
   */
  public HttpSettings {
    requireTimeout(connectTimeout, "connectTimeout");
    requireTimeout(readTimeout, "readTimeout");
    UserAgent.require(userAgent);
    Objects.requireNonNull(lowSpeedLimit, "lowSpeedLimit");
    if (maxConnections < 1) {
      throw new IllegalArgumentException("maxConnections must be at least 1: " + maxConnections);
    }
    Objects.requireNonNull(proxy, "proxy");
    Objects.requireNonNull(tls, "tls");
  }

  /**
   * Settings with the JVM's default proxy selector and trust, no client certificate, and no
   * credentials in clear through a proxy.
   *
   * @throws IllegalArgumentException naming the invalid value
   * @throws NullPointerException when a value is null
   */
  public HttpSettings(
      Duration connectTimeout,
      Duration readTimeout,
      boolean skipTlsVerify,
      String userAgent,
      LowSpeedLimit lowSpeedLimit,
      int maxConnections) {
    this(
        connectTimeout,
        readTimeout,
        skipTlsVerify,
        userAgent,
        lowSpeedLimit,
        maxConnections,
        ProxySettings.JVM_DEFAULT,
        TlsSettings.JVM_DEFAULT,
        false);
  }

  /**
   * These settings with another proxy setting.
   *
   * @param proxy the proxy setting
   * @return the new settings
   * @since 0.2
   */
  public HttpSettings withProxy(ProxySettings proxy) {
    return new HttpSettings(
        connectTimeout,
        readTimeout,
        skipTlsVerify,
        userAgent,
        lowSpeedLimit,
        maxConnections,
        proxy,
        tls,
        allowHttp);
  }

  /**
   * These settings with other trust and client certificate.
   *
   * @param tls the TLS setting
   * @return the new settings
   * @since 0.2
   */
  public HttpSettings withTls(TlsSettings tls) {
    return new HttpSettings(
        connectTimeout,
        readTimeout,
        skipTlsVerify,
        userAgent,
        lowSpeedLimit,
        maxConnections,
        proxy,
        tls,
        allowHttp);
  }

  /**
   * These settings with allow-http set or not.
   *
   * @param allowHttp whether plain-http credentials may pass a proxy in clear
   * @return the new settings
   * @since 0.2
   */
  public HttpSettings withAllowHttp(boolean allowHttp) {
    return new HttpSettings(
        connectTimeout,
        readTimeout,
        skipTlsVerify,
        userAgent,
        lowSpeedLimit,
        maxConnections,
        proxy,
        tls,
        allowHttp);
  }

  /**
   * Settings with the default pool size.
   *
   * @throws IllegalArgumentException naming the invalid value
   * @throws NullPointerException when a value is null
   */
  public HttpSettings(
      Duration connectTimeout,
      Duration readTimeout,
      boolean skipTlsVerify,
      String userAgent,
      LowSpeedLimit lowSpeedLimit) {
    this(
        connectTimeout,
        readTimeout,
        skipTlsVerify,
        userAgent,
        lowSpeedLimit,
        DEFAULT_MAX_CONNECTIONS);
  }

  /**
   * Settings without a low-speed rule.
   *
   * @throws IllegalArgumentException naming the invalid value
   * @throws NullPointerException when a value is null
   */
  public HttpSettings(
      Duration connectTimeout, Duration readTimeout, boolean skipTlsVerify, String userAgent) {
    this(connectTimeout, readTimeout, skipTlsVerify, userAgent, LowSpeedLimit.OFF);
  }

  /**
   * A timeout a socket can honour: from 1 ms to {@code Integer.MAX_VALUE} ms. The client's builder
   * checks with this rule as each value is set.
   *
   * @param timeout the value
   * @param name the setting, for the message
   * @return the value
   * @throws IllegalArgumentException naming the setting and the bound it breaks
   */
  public static Duration requireTimeout(Duration timeout, String name) {
    Objects.requireNonNull(timeout, name);
    // Sockets count in int milliseconds and read 0 as "wait forever": a sub-millisecond timeout
    // would silently become no timeout at all.
    if (timeout.compareTo(SHORTEST) < 0) {
      throw new IllegalArgumentException(name + " must be at least 1 ms: " + timeout);
    }
    if (timeout.compareTo(LONGEST) > 0) {
      throw new IllegalArgumentException(
          name + " must be at most " + LONGEST.toMillis() + " ms: " + timeout);
    }
    return timeout;
  }
}
