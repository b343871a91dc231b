package io.entire.transport.domain;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * The health record of one node that failed (D3): how many times in a row it failed and until when
 * it is ejected, that is tried after every node that is not. A node without a record is healthy;
 * one success clears the record (there is no record of successes).
 *
 * <p>The ejection lasts {@code min(30 s × 2^(n−1), 10 min)} after the n-th consecutive failure.
 * {@code ejectedUntil} is a wall-clock instant, not an elapsed time, because records are shared
 * with other processes through the replica cache file (K3).
 *
 * <p>Immutable and thread-safe.
 *
 * @param consecutiveFailures failures in a row since the last success; at least 1, at most {@link
 *     #MAX_FAILURES}
 * @param ejectedUntil the instant from which the node is tried in its ring place again
 * @since 0.2
 */
@API(status = INTERNAL)
public record NodeHealth(int consecutiveFailures, Instant ejectedUntil) {
  /** D3: the ejection after the first failure. */
  public static final Duration FIRST_EJECTION = Duration.ofSeconds(30);

  /** D3: no ejection lasts longer. */
  public static final Duration MAX_EJECTION = Duration.ofMinutes(10);

  /**
   * The count stops growing here: the ejection reached its cap long before, and a bound keeps a
   * hand-edited or hostile count from meaning anything.
   */
  public static final int MAX_FAILURES = 1000;

  /**
   * Validates the record.
   *
   * @throws IllegalArgumentException when the count is outside {@code [1, MAX_FAILURES]}
   * @throws NullPointerException when {@code ejectedUntil} is null
   */
  public NodeHealth {
    Objects.requireNonNull(ejectedUntil, "ejectedUntil");
    if (consecutiveFailures < 1 || consecutiveFailures > MAX_FAILURES) {
      throw new IllegalArgumentException(
          "consecutive failures must be in [1, " + MAX_FAILURES + "], got " + consecutiveFailures);
    }
  }

  /**
   * D3: how long a node is ejected after its {@code failures}-th consecutive failure: {@code min(30
   * s × 2^(failures−1), 10 min)}.
   *
   * @param failures the consecutive failures, at least 1
   * @return the ejection, between 30 s and 10 min
   * @throws IllegalArgumentException when {@code failures} is below 1
   */
  public static Duration ejectionAfter(int failures) {
    if (failures < 1) {
      throw new IllegalArgumentException("failures must be at least 1, got " + failures);
    }
    // 30 s × 2^5 = 16 min is already past the cap; stop doubling there so nothing overflows.
    Duration ejection = FIRST_EJECTION.multipliedBy(1L << Math.min(failures - 1, 5));
    return ejection.compareTo(MAX_EJECTION) > 0 ? MAX_EJECTION : ejection;
  }

  /**
   * D3: the record after one more failure at {@code now}.
   *
   * @param previous the node's record, or null when it had none (healthy)
   * @param now the instant of the failure
   * @return the new record: one more consecutive failure, ejected from {@code now}
   */
  public static NodeHealth afterFailure(NodeHealth previous, Instant now) {
    Objects.requireNonNull(now, "now");
    int failures = previous == null ? 1 : Math.min(previous.consecutiveFailures + 1, MAX_FAILURES);
    return new NodeHealth(failures, now.plus(ejectionAfter(failures)));
  }

  /**
   * Merges two records of the same node, e.g. this process's and another's (K3): the one with more
   * consecutive failures wins, and on a tie the later ejection.
   *
   * @param a a record, or null
   * @param b a record, or null
   * @return the winning record; null only when both are null
   */
  public static NodeHealth merge(NodeHealth a, NodeHealth b) {
    if (a == null || b == null) {
      return a == null ? b : a;
    }
    if (a.consecutiveFailures != b.consecutiveFailures) {
      return a.consecutiveFailures > b.consecutiveFailures ? a : b;
    }
    return a.ejectedUntil.isAfter(b.ejectedUntil) ? a : b;
  }

  /**
   * Whether the node is still ejected at {@code now} (D3: the ejection ends at {@code
   * ejectedUntil}, exclusive).
   *
   * @param now the current instant
   * @return true while {@code now} is before {@code ejectedUntil}
   */
  public boolean isEjectedAt(Instant now) {
    return now.isBefore(ejectedUntil);
  }
}
