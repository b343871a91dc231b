package io.entire.transport.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The replica caches a {@link TestCluster} hands to the clients under test: a directory to use as
 * {@code XDG_CACHE_HOME}, in which a client keeps its replica cache at {@code entire/nodes.json}
 * (K1). {@link #fresh()} switches to a new, empty directory, so a test cannot see what an earlier
 * test's client remembered; the earlier one is deleted. Every directory lives under one temporary
 * parent, deleted on {@link #close()}.
 *
 * <p>Thread-safe. Owned and closed by its cluster.
 */
final class ReplicaCacheHome {

  private final Path parent;
  private int generation;
  private volatile Path current;

  private ReplicaCacheHome(Path parent) {
    this.parent = parent;
  }

  /** Creates the parent and a first, empty cache home. */
  static ReplicaCacheHome create() {
    try {
      ReplicaCacheHome home =
          new ReplicaCacheHome(Files.createTempDirectory("entire-testkit-cache"));
      home.fresh();
      return home;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a replica cache directory: " + e, e);
    }
  }

  /** The directory to pass as {@code XDG_CACHE_HOME}. */
  Path xdgCacheHome() {
    return current;
  }

  /** The cache file a client uses under {@link #xdgCacheHome()} (it may not exist yet). */
  Path file() {
    return current.resolve("entire").resolve("nodes.json");
  }

  /** Switches to a new empty cache home, deletes the previous one, and returns the new file. */
  synchronized Path fresh() {
    Path previous = current;
    try {
      current = Files.createDirectory(parent.resolve("home-" + (++generation)));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a fresh replica cache directory: " + e, e);
    }
    if (previous != null) {
      FileTrees.deleteQuietly(previous);
    }
    return file();
  }

  void close() {
    FileTrees.deleteQuietly(parent);
  }
}
