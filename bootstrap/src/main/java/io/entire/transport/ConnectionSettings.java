package io.entire.transport;

import io.entire.transport.adapters.http.HttpSettings;
import io.entire.transport.application.port.in.LowSpeedLimit;
import io.entire.transport.application.port.in.TransportConfig;
import java.time.Duration;

/**
 * How a client talks HTTP (DESIGN §9, L1): what {@link EntireClient.Builder} collects, turned into
 * the HTTP adapter's settings and into the connection settings of its sessions' configurations.
 * Said once here, so a session never talks differently from its client's pool.
 */
record ConnectionSettings(
    Duration connectTimeout,
    Duration readTimeout,
    LowSpeedLimit lowSpeedLimit,
    String userAgent,
    boolean allowHttp,
    boolean skipTlsVerify,
    int maxConnections) {

  /** The HTTP adapter's settings: the pool the client owns. */
  HttpSettings http() {
    return new HttpSettings(
        connectTimeout, readTimeout, skipTlsVerify, userAgent, lowSpeedLimit, maxConnections);
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
    requireSame("connectTimeout", connectTimeout, config.connectTimeout());
    requireSame("readTimeout", readTimeout, config.readTimeout());
    requireSame("lowSpeedLimit", lowSpeedLimit, config.lowSpeedLimit());
    requireSame("userAgent", userAgent, config.userAgent());
    requireSame("allowHttp", allowHttp, config.allowHttp());
    requireSame("skipTlsVerify", skipTlsVerify, config.skipTlsVerify());
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
