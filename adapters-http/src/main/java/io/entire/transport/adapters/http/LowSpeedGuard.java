package io.entire.transport.adapters.http;

import io.entire.transport.application.port.in.LowSpeedLimit;
import java.io.IOException;
import java.util.Locale;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * Applies git's low-speed rule ({@link LowSpeedLimit}) to one response body: the body fails once
 * its average rate over {@link LowSpeedLimit#time()} stays below {@link
 * LowSpeedLimit#bytesPerSecond()}. The idle read timeout only ends a complete stall; this also ends
 * a server that trickles a byte now and then.
 *
 * <p>The rate is measured over consecutive windows of {@code time}. A window that ends with fewer
 * than {@code bytesPerSecond × time} bytes fails the read; a window that has already received that
 * many bytes cannot fail any more and starts over at once, so a slowdown after a fast start is
 * caught about {@code time} after it began.
 *
 * <p>Only time spent waiting inside the body's reads counts: time the caller spends between reads
 * (writing to git, say) is not the server's fault. A trickling server keeps the reader waiting, so
 * it is measured in full.
 *
 * <p>Not thread-safe: used by the one thread that reads the body.
 */
final class LowSpeedGuard {
  private final LowSpeedLimit limit;
  private final LongSupplier nanoClock;
  private final long windowNanos;
  private final double windowBytesNeeded;
  private long waitedNanos;
  private long receivedBytes;

  /**
   * Creates a guard for one body.
   *
   * @param limit the rule; {@link LowSpeedLimit#OFF} makes every check a no-op
   * @param nanoClock a monotonic clock in nanoseconds, e.g. {@code System::nanoTime}
   */
  LowSpeedGuard(LowSpeedLimit limit, LongSupplier nanoClock) {
    this.limit = Objects.requireNonNull(limit, "limit");
    this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
    this.windowNanos = limit.time().toNanos();
    this.windowBytesNeeded = limit.bytesPerSecond() * (windowNanos / 1e9);
  }

  /**
   * Marks the start of a read.
   *
   * @return the mark to pass to {@link #readFinished}
   */
  long readStarting() {
    return limit.isOn() ? nanoClock.getAsLong() : 0;
  }

  /**
   * Counts a finished read and fails when the rate stayed below the limit for a whole window.
   *
   * @param mark what {@link #readStarting()} returned before this read
   * @param bytes what the read returned; negative at the end of the body, which is never a failure
   * @throws IOException naming the low speed limit when the window fell short
   */
  void readFinished(long mark, int bytes) throws IOException {
    if (!limit.isOn() || bytes < 0) {
      return;
    }
    waitedNanos += Math.max(0, nanoClock.getAsLong() - mark);
    receivedBytes += bytes;
    if (waitedNanos < windowNanos) {
      if (receivedBytes >= windowBytesNeeded) {
        startOver(); // this window can no longer end below the limit
      }
      return;
    }
    double seconds = waitedNanos / 1e9;
    if (receivedBytes < limit.bytesPerSecond() * seconds) {
      throw new IOException(
          String.format(
              Locale.ROOT,
              "transfer below the low speed limit of %s: %d bytes in %.1f s",
              limit,
              receivedBytes,
              seconds));
    }
    startOver();
  }

  private void startOver() {
    waitedNanos = 0;
    receivedBytes = 0;
  }
}
