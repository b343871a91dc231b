package io.entire.transport.testkit;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The repositories a {@link TestCluster.Builder} was asked for, by normalized path in the order
 * asked (a later request for the same path replaces the earlier one), and their creation when the
 * cluster starts.
 *
 * <p>Not thread-safe, like the builder that owns it; a cluster uses it only while it starts.
 */
final class RepositorySeeds {

  /** How one repository is created. */
  private record Seed(boolean seeded, long payloadBytes) {}

  private final Map<String, Seed> seeds = new LinkedHashMap<>();

  /** A repository with the seeded history and, when {@code payloadBytes > 0}, a payload commit. */
  void seeded(String path, long payloadBytes) {
    seeds.put(BareRepositories.normalize(path), new Seed(true, payloadBytes));
  }

  /** An empty bare repository. */
  void empty(String path) {
    seeds.put(BareRepositories.normalize(path), new Seed(false, 0));
  }

  /** Creates every repository under {@code root} (reusing bare repositories already there). */
  void createAll(IsolatedGit git, Path root) {
    for (Map.Entry<String, Seed> seed : seeds.entrySet()) {
      BareRepositories.create(
          git, root, seed.getKey(), seed.getValue().seeded(), seed.getValue().payloadBytes());
    }
  }
}
