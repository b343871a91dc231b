package io.entire.transport.adapters.http;

import io.entire.transport.application.port.in.LowSpeedLimit;
import java.time.Duration;
import java.util.Objects;

/**
 * How {@link ApacheHttpExchange} talks HTTP: timeouts, the low-speed rule, TLS verification and the
 * User-Agent.
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
 */
public record HttpSettings(
    Duration connectTimeout,
    Duration readTimeout,
    boolean skipTlsVerify,
    String userAgent,
    LowSpeedLimit lowSpeedLimit,
    int maxConnections) {
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
    requireUserAgent(userAgent);
    Objects.requireNonNull(lowSpeedLimit, "lowSpeedLimit");
    if (maxConnections < 1) {
      throw new IllegalArgumentException("maxConnections must be at least 1: " + maxConnections);
    }
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
   * A User-Agent that can go on the wire: printable and not blank. The client's builder checks with
   * this rule as each value is set.
   *
   * @param userAgent the value
   * @return the value
   * @throws IllegalArgumentException when it is not printable or blank (control characters shown as
   *     {@code ?})
   */
  public static String requireUserAgent(String userAgent) {
    Objects.requireNonNull(userAgent, "userAgent");
    if (userAgent.isBlank() || userAgent.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
      throw new IllegalArgumentException(
          "userAgent must be printable and not blank: \""
              + userAgent.replaceAll("\\p{Cntrl}", "?")
              + "\"");
    }
    return userAgent;
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
