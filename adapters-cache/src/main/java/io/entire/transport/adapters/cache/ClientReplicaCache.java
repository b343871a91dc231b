package io.entire.transport.adapters.cache;

import io.entire.transport.application.port.out.ReplicaCachePort;
import io.entire.transport.domain.NodeUrl;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * The replica cache of one client (DESIGN §9, L3): the file is read once, on the first lookup, and
 * kept in memory; every store and invalidation changes the memory and is written through to the
 * file by {@link FileReplicaCache}, which merges it under the K3 lock into whatever the file holds
 * then, so entries other processes wrote meanwhile are never lost.
 *
 * <p>Entries another process writes after the first lookup are not seen by this client: a client
 * lives long and discovers replicas itself, and reading the file on every open was what made
 * opening a transport cost milliseconds with a few hundred entries.
 *
 * <p>Thread-safe; never throws (K5). Nothing to close.
 */
public final class ClientReplicaCache implements ReplicaCachePort {
  private final FileReplicaCache file;
  private final Clock clock;
  private CacheDocument memory; // guarded by this; null until the first lookup

  /**
   * Creates the cache of one client over {@code file}. Reads nothing yet.
   *
   * @param file the file cache that reads and writes the file
   * @param clock tells the time for expiry (the file cache's clock)
   */
  public ClientReplicaCache(FileReplicaCache file, Clock clock) {
    this.file = Objects.requireNonNull(file, "file");
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public List<NodeUrl> load(String clusterHost, String repoPath) {
    if (clusterHost == null || repoPath == null) {
      return List.of();
    }
    Instant now = clock.instant();
    synchronized (this) {
      return memory()
          .entry(clusterHost, repoPath)
          .filter(entry -> entry.isLiveAt(now))
          .map(CacheEntry::nodes)
          .orElse(List.of());
    }
  }

  @Override
  public void store(String clusterHost, String repoPath, List<NodeUrl> nodes) {
    if (clusterHost == null || repoPath == null || !CacheEntry.storable(nodes)) {
      file.store(clusterHost, repoPath, nodes); // logs and skips the bad call, as K5 wants
      return;
    }
    Instant now = clock.instant();
    synchronized (this) {
      if (nodes.isEmpty()) {
        memory().remove(clusterHost, repoPath);
      } else if (alreadyStored(clusterHost, repoPath, nodes, now)) {
        return;
      } else {
        memory()
            .put(clusterHost, repoPath, new CacheEntry(List.copyOf(nodes), now.plus(file.ttl())));
      }
    }
    file.store(clusterHost, repoPath, nodes);
  }

  /**
   * Whether this client stored (or read) the same nodes for at least half the TTL more: a busy
   * client rediscovers a repository on every call, and rewriting the file for it each time (lock,
   * read, rename) would buy nothing but an expiry a little later (K2).
   */
  private boolean alreadyStored(
      String clusterHost, String repoPath, List<NodeUrl> nodes, Instant now) {
    Instant halfLife = now.plus(file.ttl().dividedBy(2));
    return memory()
        .entry(clusterHost, repoPath)
        .filter(entry -> entry.nodes().equals(nodes) && entry.expiresAt().isAfter(halfLife))
        .isPresent();
  }

  @Override
  public void invalidate(String clusterHost, String repoPath) {
    if (clusterHost != null && repoPath != null) {
      synchronized (this) {
        memory().remove(clusterHost, repoPath);
      }
    }
    file.invalidate(clusterHost, repoPath);
  }

  private CacheDocument memory() {
    if (memory == null) {
      memory = file.snapshot();
    }
    return memory;
  }

  @Override
  public String toString() {
    return "ClientReplicaCache[" + file + "]";
  }
}
