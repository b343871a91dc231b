package io.entire.transport.adapters.cache;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** Where the cache file lives by default (K1); see {@link FileReplicaCache#defaultFile(Map)}. */
final class CacheLocation {
  private CacheLocation() {}

  /** The default cache file for {@code environment}; see {@link FileReplicaCache#defaultFile}. */
  static Path defaultFile(Map<String, String> environment) {
    Objects.requireNonNull(environment, "environment");
    Optional<Path> xdg = absolutePath(environment.get("XDG_CACHE_HOME"));
    if (xdg.isPresent()) {
      return xdg.get().resolve("entire").resolve("nodes.json");
    }
    String home = environment.get("HOME");
    if (home == null || home.isBlank()) {
      home = System.getProperty("user.home");
    }
    return Path.of(home, ".cache", "entire", "nodes.json");
  }

  private static Optional<Path> absolutePath(String text) {
    if (text == null || text.isBlank()) {
      return Optional.empty();
    }
    try {
      Path path = Path.of(text);
      return path.isAbsolute() ? Optional.of(path) : Optional.empty();
    } catch (InvalidPathException e) {
      return Optional.empty();
    }
  }
}
