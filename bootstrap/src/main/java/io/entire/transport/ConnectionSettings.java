package io.entire.transport;

import io.entire.transport.adapters.http.HttpSettings;
import io.entire.transport.application.port.in.LowSpeedLimit;
import io.entire.transport.application.port.in.TransportConfig;
import java.time.Duration;

/**
 * How a client talks HTTP (DESIGN §9, L1): what {@link EntireClient.Builder} collects, turned into
 * the HTTP adapter's settings and into the connection settings of its sessions' configurations.
 * Said once here, so a session never talks differently from its client's pool.
 *
 * <p>{@link TransportConfig}'s connection settings are deprecated since 0.2 (they are the
 * client's), and this is the one class that still translates between them and a client's: {@link
 * #of} for {@code EntireClient.Builder.settingsOf} (the one-repository path), {@link
 * #configBuilder} and {@link #requireSameAs} for {@code EntireClient.open(TransportConfig)}, which
 * keeps refusing a configuration that asks for other settings than its client's. Hence the
 * suppressed warnings.
 */
@SuppressWarnings("deprecation") // the one translation of TransportConfig's connection settings
record ConnectionSettings(
    Duration connectTimeout,
    Duration readTimeout,
    LowSpeedLimit lowSpeedLimit,
    String userAgent,
    boolean allowHttp,
    boolean skipTlsVerify,
    int maxConnections,
    NetworkSettings network) {

  /**
   * The connection settings a configuration carries, with {@code maxConnections} (which a
   * configuration has not).
   */
  static ConnectionSettings of(TransportConfig config, int maxConnections) {
    return new ConnectionSettings(
        config.connectTimeout(),
        config.readTimeout(),
        config.lowSpeedLimit(),
        config.userAgent(),
        config.allowHttp(),
        config.skipTlsVerify(),
        maxConnections,
        NetworkSettings.DEFAULT);
  }

  /** The HTTP adapter's settings: the pool the client owns. */
  HttpSettings http() {
    return new HttpSettings(
            connectTimeout, readTimeout, skipTlsVerify, userAgent, lowSpeedLimit, maxConnections)
        .withProxy(network.proxy())
        .withTls(network.tls())
        .withAllowHttp(allowHttp);
  }

  /** A configuration builder for a session, with these settings. */
  TransportConfig.Builder configBuilder() {
    return TransportConfig.builder()
        .skipTlsVerify(skipTlsVerify)
        .allowHttp(allowHttp)
        .userAgent(userAgent)
        .connectTimeout(connectTimeout)
        .readTimeout(readTimeout)
        .lowSpeedLimit(lowSpeedLimit);
  }

  /**
   * Refuses a configuration whose connection settings are not these.
   *
   * @throws IllegalArgumentException naming the first setting that differs
   */
  void requireSameAs(TransportConfig config) {
    ConnectionSettings asked = of(config, maxConnections);
    requireSame("connectTimeout", connectTimeout, asked.connectTimeout());
    requireSame("readTimeout", readTimeout, asked.readTimeout());
    requireSame("lowSpeedLimit", lowSpeedLimit, asked.lowSpeedLimit());
    requireSame("userAgent", userAgent, asked.userAgent());
    requireSame("allowHttp", allowHttp, asked.allowHttp());
    requireSame("skipTlsVerify", skipTlsVerify, asked.skipTlsVerify());
  }

  private static void requireSame(String name, Object client, Object config) {
    if (!client.equals(config)) {
      throw new IllegalArgumentException(
          "the configuration's "
              + name
              + " differs from the client's: the client's connection settings apply to all its"
              + " sessions (build the client with settingsOf(config))");
    }
  }
}
