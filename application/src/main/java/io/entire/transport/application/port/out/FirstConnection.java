package io.entire.transport.application.port.out;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.io.IOException;
import java.util.List;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * What a race of connection attempts (D1) found: which target's connection came up first, and the
 * attempts that failed before it did.
 *
 * @param winner the index of the target whose connection is up and waiting for the next exchange to
 *     it, or -1 when every attempt failed
 * @param failedFirst the attempts that failed before the race was decided, in the order they
 *     failed; attempts that end later are reported to the {@link LateFailure} instead
 */
@API(status = INTERNAL)
public record FirstConnection(int winner, List<Failed> failedFirst) {

  /**
   * No race was run (one target, a proxy, an adapter that cannot race): the first target goes
   * first, as it would without fast fallback.
   */
  public static final FirstConnection UNRACED = new FirstConnection(0, List.of());

  /** Validates and copies. */
  public FirstConnection {
    if (winner < -1) {
      throw new IllegalArgumentException("winner must be an index or -1: " + winner);
    }
    failedFirst = List.copyOf(failedFirst);
  }

  /** Whether a connection came up. */
  public boolean anyUp() {
    return winner >= 0;
  }

  /**
   * One failed connection attempt.
   *
   * @param target the index of the target in the race
   * @param cause why it failed (refused, timed out, TLS handshake)
   */
  public record Failed(int target, IOException cause) {
    /** Validates. */
    public Failed {
      Objects.requireNonNull(cause, "cause");
    }
  }

  /**
   * Told of an attempt that failed after the race was decided (D1: its node counts as failed, but
   * no failover follows: the request went elsewhere). Called on a background thread; must be
   * thread-safe, quick, and must not throw.
   */
  @FunctionalInterface
  public interface LateFailure {
    /** The attempt at target {@code target} failed with {@code cause}. */
    void failed(int target, IOException cause);
  }
}
