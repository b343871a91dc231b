package io.entire.transport.application.port.in;

import java.time.Duration;
import java.util.Objects;

/**
 * git's low-speed rule ({@code GIT_HTTP_LOW_SPEED_LIMIT}/{@code _TIME}, curl's {@code
 * CURLOPT_LOW_SPEED_LIMIT}/{@code _TIME}): a response whose transfer rate stays below {@code
 * bytesPerSecond} for {@code time} is abandoned as a failed transfer. It complements the idle read
 * timeout, which only catches a complete stall; this also catches a server that trickles.
 *
 * <p>Immutable and thread-safe.
 *
 * @param bytesPerSecond the lowest acceptable average rate; 0 switches the rule off
 * @param time how long the rate may stay below the limit; positive
 * @since 0.1
 */
public record LowSpeedLimit(long bytesPerSecond, Duration time) {

  /** No low-speed rule: only the idle read timeout ends a slow transfer. */
  public static final LowSpeedLimit OFF = new LowSpeedLimit(0, Duration.ofSeconds(1));

  /**
   * Validates the limit.
   *
   * @throws IllegalArgumentException when the rate is negative or the time not positive
   * @throws NullPointerException when the time is null
   */
  public LowSpeedLimit {
    if (bytesPerSecond < 0) {
      throw new IllegalArgumentException("bytesPerSecond must not be negative: " + bytesPerSecond);
    }
    Objects.requireNonNull(time, "time");
    if (time.isNegative() || time.isZero()) {
      throw new IllegalArgumentException("time must be positive: " + time);
    }
  }

  /** Returns whether the rule applies (a positive rate). */
  public boolean isOn() {
    return bytesPerSecond > 0;
  }

  // equals and hashCode are written out: a record's generated ones link an invokedynamic call
  // site on first use, about ten milliseconds of a fresh JVM, and the git helper compares its
  // client's limit with its session's on every start.
  @Override
  public final boolean equals(Object other) {
    return other instanceof LowSpeedLimit limit
        && bytesPerSecond == limit.bytesPerSecond
        && time.equals(limit.time);
  }

  @Override
  public final int hashCode() {
    return 31 * Long.hashCode(bytesPerSecond) + time.hashCode();
  }

  @Override
  public String toString() {
    return isOn() ? bytesPerSecond + " bytes/s for " + describe(time) : "off";
  }

  /** {@code 10 s} as a user sets it, or {@code 1500 ms} when not whole seconds. */
  private static String describe(Duration time) {
    long millis = time.toMillis();
    return millis % 1000 == 0 ? millis / 1000 + " s" : millis + " ms";
  }
}
