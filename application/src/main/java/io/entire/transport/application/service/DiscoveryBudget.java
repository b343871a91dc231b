package io.entire.transport.application.service;

import io.entire.transport.application.port.out.MonotonicClock;
import java.time.Duration;

/**
 * How much time one discovery call may spend on nodes that fail to connect: three connect timeouts
 * in total, over the warm path, the entry domain and the replicas it names. A replica list can hold
 * 32 nodes; without a bound, a list of dead (SYN-dropping) replicas would cost 32 connect timeouts
 * before git hears anything. Once spent, failover stops after the node in hand and the call fails
 * as if every node had (W2 and C4 still apply).
 *
 * <p>Not thread-safe; one per call.
 */
final class DiscoveryBudget {
  /** Connect timeouts one discovery call may spend on failed connection attempts. */
  static final int CONNECT_TIMEOUTS = 3;

  private final MonotonicClock clock;
  private final long limitNanos;
  private long spentNanos;

  DiscoveryBudget(MonotonicClock clock, Duration connectTimeout) {
    this.clock = clock;
    this.limitNanos = connectTimeout.toNanos() * CONNECT_TIMEOUTS;
  }

  /** Starts timing one attempt; pass the result to {@link #failed}. */
  long attemptStarts() {
    return clock.nanoTime();
  }

  /** Charges a failed attempt that started at {@code start}. */
  void failed(long start) {
    spentNanos += Math.max(0, clock.nanoTime() - start);
  }

  boolean isSpent() {
    return spentNanos >= limitNanos;
  }

  /** The limit, for messages. */
  Duration limit() {
    return Duration.ofNanos(limitNanos);
  }
}
