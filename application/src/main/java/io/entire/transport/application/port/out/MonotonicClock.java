package io.entire.transport.application.port.out;

import static org.apiguardian.api.API.Status.INTERNAL;

import org.apiguardian.api.API;

/**
 * Elapsed time for the transport's time budgets; a port so tests control time instead of waiting.
 *
 * <p>Implementations must be thread-safe.
 *
 * @since 0.1.0
 */
@API(status = INTERNAL)
@FunctionalInterface
public interface MonotonicClock {

  /** {@link System#nanoTime()}. */
  MonotonicClock SYSTEM = System::nanoTime;

  /** Returns a reading in nanoseconds, only meaningful as the difference of two readings. */
  long nanoTime();
}
