package io.entire.transport.application.port.out;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.util.concurrent.ThreadLocalRandom;
import org.apiguardian.api.API;

/**
 * Randomness for picking the first node (F1); a port so tests are deterministic.
 *
 * <p>Implementations must be thread-safe: one source may serve several transports at once.
 */
@API(status = INTERNAL)
@FunctionalInterface
public interface RandomSource {

  /** Uniform randomness from {@link ThreadLocalRandom}. */
  RandomSource DEFAULT = bound -> ThreadLocalRandom.current().nextInt(bound);

  /** Returns a value in {@code [0, bound)}. */
  int nextInt(int bound);
}
