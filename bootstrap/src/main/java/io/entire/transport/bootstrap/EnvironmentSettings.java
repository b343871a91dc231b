package io.entire.transport.bootstrap;

import io.entire.transport.EntireClient;
import io.entire.transport.application.port.in.LowSpeedLimit;
import io.entire.transport.application.port.in.TransportConfig;
import io.entire.transport.application.service.ClientParts;
import io.entire.transport.domain.FailoverPolicy;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Transport settings from the environment (DESIGN §7), read once.
 *
 * <ul>
 *   <li>{@code ENTIRE_CONNECT_TIMEOUT_SECONDS}: connect timeout, a positive whole number of seconds
 *       (default 2)
 *   <li>{@code ENTIRE_READ_TIMEOUT_SECONDS}: idle read timeout, no byte for this long fails the
 *       connection (default 60)
 *   <li>{@code GIT_HTTP_LOW_SPEED_LIMIT} / {@code GIT_HTTP_LOW_SPEED_TIME}: as in git, a response
 *       body slower than LIMIT bytes/s on average for TIME seconds fails ({@link LowSpeedLimit},
 *       applied by the HTTP adapter). Only when both are set and LIMIT is positive; then the read
 *       timeout also becomes {@code min(read timeout, TIME)}, so a complete stall, also before the
 *       response, fails after TIME seconds as it does in git.
 *   <li>{@code ENTIRE_TLS_SKIP_VERIFY=true}: accept any TLS certificate (testing only)
 *   <li>{@code ENTIRE_ALLOW_HTTP=true}: allow plain http to non-loopback hosts (G1; applied to the
 *       configuration too, and read by the remote helper)
 *   <li>{@code ENTIRE_DEBUG=1} (or {@code true}): debug logging (G8; read by the remote helper)
 *   <li>{@code ENTIRE_HEDGE_DELAY_MS}: hedged discovery (D2), milliseconds a ref advertisement may
 *       go without response headers before the next replica is asked too (default 1000; 0: never)
 * </ul>
 *
 * <p>An invalid value is never fatal: one {@code warning:} line goes to the given stream (stderr)
 * and the default is used. Booleans accept {@code true}/{@code 1} and {@code false}/{@code 0}, any
 * case; empty counts as unset.
 *
 * <p>Immutable and thread-safe.
 *
 * @param connectTimeout the connect timeout
 * @param readTimeout the idle read timeout, at most the low-speed time when that rule is on
 * @param lowSpeedLimit git's low-speed rule, {@link LowSpeedLimit#OFF} unless both variables are
 *     set and the limit is positive
 * @param skipTlsVerify whether TLS certificates are not verified
 * @param allowHttp whether plain http is allowed to any host
 * @param debug whether debug logging is wanted
 * @param hedgeDelay D2's hedge delay; zero turns hedging off (since 0.2)
 * @since 0.1
 */
public record EnvironmentSettings(
    Duration connectTimeout,
    Duration readTimeout,
    LowSpeedLimit lowSpeedLimit,
    boolean skipTlsVerify,
    boolean allowHttp,
    boolean debug,
    Duration hedgeDelay) {

  /** Connect timeout in seconds. */
  public static final String ENTIRE_CONNECT_TIMEOUT_SECONDS = "ENTIRE_CONNECT_TIMEOUT_SECONDS";

  /** Idle read timeout in seconds. */
  public static final String ENTIRE_READ_TIMEOUT_SECONDS = "ENTIRE_READ_TIMEOUT_SECONDS";

  /** git's low-speed limit in bytes per second. */
  public static final String GIT_HTTP_LOW_SPEED_LIMIT = "GIT_HTTP_LOW_SPEED_LIMIT";

  /** git's low-speed time in seconds. */
  public static final String GIT_HTTP_LOW_SPEED_TIME = "GIT_HTTP_LOW_SPEED_TIME";

  /** Skip TLS verification. */
  public static final String ENTIRE_TLS_SKIP_VERIFY = "ENTIRE_TLS_SKIP_VERIFY";

  /** Allow plain http. */
  public static final String ENTIRE_ALLOW_HTTP = "ENTIRE_ALLOW_HTTP";

  /** Debug logging. */
  public static final String ENTIRE_DEBUG = "ENTIRE_DEBUG";

  /**
   * Hedge delay of discovery (D2) in milliseconds; 0 turns hedging off.
   *
   * @since 0.2
   */
  public static final String ENTIRE_HEDGE_DELAY_MS = "ENTIRE_HEDGE_DELAY_MS";

  /** Validates the settings. */
  public EnvironmentSettings {
    requirePositive(connectTimeout, "connectTimeout");
    requirePositive(readTimeout, "readTimeout");
    Objects.requireNonNull(lowSpeedLimit, "lowSpeedLimit");
    ClientParts.requireHedgeDelay(hedgeDelay);
  }

  /** Settings with the default hedge delay (D2). */
  public EnvironmentSettings(
      Duration connectTimeout,
      Duration readTimeout,
      LowSpeedLimit lowSpeedLimit,
      boolean skipTlsVerify,
      boolean allowHttp,
      boolean debug) {
    this(
        connectTimeout,
        readTimeout,
        lowSpeedLimit,
        skipTlsVerify,
        allowHttp,
        debug,
        FailoverPolicy.DEFAULT_HEDGE_DELAY);
  }

  /** Settings without git's low-speed rule. */
  public EnvironmentSettings(
      Duration connectTimeout,
      Duration readTimeout,
      boolean skipTlsVerify,
      boolean allowHttp,
      boolean debug) {
    this(connectTimeout, readTimeout, LowSpeedLimit.OFF, skipTlsVerify, allowHttp, debug);
  }

  /**
   * Reads the settings.
   *
   * @param environment the process environment, e.g. {@link System#getenv()}
   * @param warnings where a warning line per invalid value goes, e.g. {@link System#err}
   * @return the settings, defaults where unset or invalid
   */
  public static EnvironmentSettings from(Map<String, String> environment, PrintStream warnings) {
    Objects.requireNonNull(environment, "environment");
    Objects.requireNonNull(warnings, "warnings");
    Reader reader = new Reader(environment, warnings);
    Duration connect =
        reader.seconds(
            ENTIRE_CONNECT_TIMEOUT_SECONDS, TransportConfig.DEFAULT_CONNECT_TIMEOUT.toSeconds());
    Duration read =
        reader.seconds(
            ENTIRE_READ_TIMEOUT_SECONDS, TransportConfig.DEFAULT_READ_TIMEOUT.toSeconds());
    Long lowSpeedLimit =
        reader.wholeNumber(GIT_HTTP_LOW_SPEED_LIMIT, 0, Long.MAX_VALUE, "not applying it");
    Long lowSpeedTime = reader.wholeSeconds(GIT_HTTP_LOW_SPEED_TIME, "not applying it");
    LowSpeedLimit lowSpeed = LowSpeedLimit.OFF;
    if (lowSpeedLimit != null && lowSpeedTime != null && lowSpeedLimit > 0) {
      lowSpeed = new LowSpeedLimit(lowSpeedLimit, Duration.ofSeconds(lowSpeedTime));
      // git's rule also ends a complete stall after TIME, before the response too; the adapter's
      // rate check only sees the body, so the idle timeout covers the rest.
      if (lowSpeed.time().compareTo(read) < 0) {
        read = lowSpeed.time();
      }
    }
    long defaultHedge = FailoverPolicy.DEFAULT_HEDGE_DELAY.toMillis();
    Long hedgeMillis =
        reader.wholeNumber(
            ENTIRE_HEDGE_DELAY_MS,
            0,
            Reader.MAX_SECONDS * 1000,
            "using the default of " + defaultHedge + " ms");
    return new EnvironmentSettings(
        connect,
        read,
        lowSpeed,
        reader.flag(ENTIRE_TLS_SKIP_VERIFY),
        reader.flag(ENTIRE_ALLOW_HTTP),
        reader.flag(ENTIRE_DEBUG),
        Duration.ofMillis(hedgeMillis == null ? defaultHedge : hedgeMillis));
  }

  /**
   * Applies the transport settings (timeouts, the low-speed rule, TLS verification, allow-http) to
   * a configuration builder, for the one-repository path ({@code EntireTransports.open}, which
   * builds its client from the configuration). With a client, prefer {@link
   * #applyTo(EntireClient.Builder)}: these settings are the client's.
   *
   * @param builder the builder to change
   * @return the same builder
   */
  // The README's one-repository example calls this: it keeps filling the connection settings that
  // TransportConfig deprecates (since 0.2) until they are removed from it.
  @SuppressWarnings("deprecation")
  public TransportConfig.Builder applyTo(TransportConfig.Builder builder) {
    Objects.requireNonNull(builder, "builder");
    return builder
        .connectTimeout(connectTimeout)
        .readTimeout(readTimeout)
        .lowSpeedLimit(lowSpeedLimit)
        .skipTlsVerify(skipTlsVerify)
        .allowHttp(allowHttp);
  }

  /**
   * Applies the same settings (timeouts, the low-speed rule, TLS verification, allow-http) and the
   * hedge delay (D2) to a client builder, e.g. {@code settings.applyTo(EntireClient.builder())}.
   *
   * @param builder the builder to change
   * @return the same builder
   * @since 0.2
   */
  public EntireClient.Builder applyTo(EntireClient.Builder builder) {
    Objects.requireNonNull(builder, "builder");
    return builder
        .connectTimeout(connectTimeout)
        .readTimeout(readTimeout)
        .lowSpeedLimit(lowSpeedLimit)
        .skipTlsVerify(skipTlsVerify)
        .allowHttp(allowHttp)
        .hedgeDelay(hedgeDelay);
  }

  private static void requirePositive(Duration d, String name) {
    Objects.requireNonNull(d, name);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " must be positive: " + d);
    }
  }

  /** Reads variables, warning once per invalid one. */
  private static final class Reader {
    private static final long MAX_SECONDS = Integer.MAX_VALUE / 1000;

    private final Map<String, String> environment;
    private final PrintStream warnings;

    Reader(Map<String, String> environment, PrintStream warnings) {
      this.environment = environment;
      this.warnings = warnings;
    }

    Duration seconds(String name, long defaultSeconds) {
      Long value = wholeSeconds(name, "using the default of " + defaultSeconds + " s");
      if (value == null) {
        return Duration.ofSeconds(defaultSeconds);
      }
      return Duration.ofSeconds(value);
    }

    /** Whole seconds a socket timeout can hold, or null when unset or invalid (warned). */
    Long wholeSeconds(String name, String fallback) {
      return wholeNumber(name, 1, MAX_SECONDS, fallback);
    }

    /** The value as a whole number from {@code min} to {@code max}, or null (warned). */
    Long wholeNumber(String name, long min, long max, String fallback) {
      String raw = environment.get(name);
      if (raw == null || raw.isBlank()) {
        return null;
      }
      String text = raw.strip();
      try {
        long value = Long.parseLong(text);
        if (value >= min && value <= max) {
          return value;
        }
      } catch (NumberFormatException e) {
        // warned below
      }
      warnings.println(
          "warning: ignoring "
              + name
              + "='"
              + printable(raw)
              + "': expected a whole number from "
              + min
              + " to "
              + max
              + "; "
              + fallback);
      return null;
    }

    boolean flag(String name) {
      String raw = environment.get(name);
      if (raw == null || raw.isBlank()) {
        return false;
      }
      switch (raw.strip().toLowerCase(Locale.ROOT)) {
        case "true", "1":
          return true;
        case "false", "0":
          return false;
        default:
          warnings.println(
              "warning: ignoring " + name + "='" + printable(raw) + "': expected true or false");
          return false;
      }
    }

    private static String printable(String s) {
      StringBuilder out = new StringBuilder();
      s.codePoints()
          .limit(40)
          .forEach(c -> out.appendCodePoint(Character.isISOControl(c) ? '?' : c));
      return s.length() > 40 ? out + "..." : out.toString();
    }
  }
}
