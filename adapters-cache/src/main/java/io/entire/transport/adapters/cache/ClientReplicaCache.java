package io.entire.transport.adapters.cache;

import io.entire.transport.application.port.out.ReplicaCachePort;
import io.entire.transport.domain.NodeHealth;
import io.entire.transport.domain.NodeUrl;
import io.entire.transport.domain.ReplicaHealth;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The replica cache of one client (DESIGN §9, L3): the file is read once, on the first lookup, and
 * kept in memory; every store and invalidation changes the memory and is written through to the
 * file by {@link FileReplicaCache}, which merges it under the K3 lock into whatever the file holds
 * then, so entries other processes wrote meanwhile are never lost.
 *
 * <p>The health records of the nodes (D3) live in the same memory: a failure one session records is
 * seen by the client's other sessions at their next call, and is written through to the file for
 * other processes.
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
      CacheEntry entry = live(clusterHost, repoPath, now);
      return entry == null ? List.of() : entry.nodes();
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
        // D4: this client's records of the nodes still listed stay.
        CacheEntry old = memory().entry(clusterHost, repoPath).orElse(null);
        Map<NodeUrl, NodeHealth> kept = old == null ? Map.of() : old.health();
        memory()
            .put(
                clusterHost,
                repoPath,
                new CacheEntry(List.copyOf(nodes), now.plus(file.ttl()), kept));
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
    // Not Duration.dividedBy: it divides through BigDecimal, whose initialiser costs a git
    // command ~12 ms on JDK 25 (DESIGN §7).
    Duration ttl = file.ttl();
    Instant halfLife =
        now.plusSeconds(ttl.getSeconds() / 2)
            .plusNanos((ttl.getSeconds() % 2 * 1_000_000_000L + ttl.getNano()) / 2);
    CacheEntry entry = memory().entry(clusterHost, repoPath).orElse(null);
    return entry != null && entry.nodes().equals(nodes) && entry.expiresAt().isAfter(halfLife);
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

  /** D3: this client's records, which every session of the client shares at once. */
  @Override
  public ReplicaHealth health(String clusterHost, String repoPath) {
    if (clusterHost == null || repoPath == null) {
      return ReplicaHealth.NONE;
    }
    Instant now = clock.instant();
    synchronized (this) {
      CacheEntry entry = live(clusterHost, repoPath, now);
      return entry == null ? ReplicaHealth.NONE : new ReplicaHealth(entry.health(), now);
    }
  }

  /**
   * D3, K6: counts the failure in memory (seen by every session at once) and in the file (seen by
   * other processes); the memory keeps whichever record {@link NodeHealth#merge} prefers, so
   * failures another process wrote meanwhile count here too. Nothing when this client's entry does
   * not list the node.
   */
  @Override
  public Optional<NodeHealth> recordFailure(String clusterHost, String repoPath, NodeUrl node) {
    if (clusterHost == null || repoPath == null || node == null) {
      return Optional.empty();
    }
    Instant now = clock.instant();
    synchronized (this) {
      Optional<CacheEntry> entry = listing(clusterHost, repoPath, node, now);
      if (entry.isEmpty()) {
        return Optional.empty();
      }
      NodeHealth next = NodeHealth.afterFailure(entry.get().health().get(node), now);
      memory().put(clusterHost, repoPath, entry.get().withHealth(node, next));
    }
    Optional<NodeHealth> inFile = file.recordFailure(clusterHost, repoPath, node);
    synchronized (this) {
      // Merged afresh: another session may have recorded a failure while the file was written.
      Optional<CacheEntry> entry = listing(clusterHost, repoPath, node, now);
      if (entry.isEmpty()) {
        return Optional.empty();
      }
      NodeHealth merged = NodeHealth.merge(entry.get().health().get(node), inFile.orElse(null));
      memory().put(clusterHost, repoPath, entry.get().withHealth(node, merged));
      return Optional.ofNullable(merged);
    }
  }

  /** D3: clears the record in memory and, when this client had one, in the file. */
  @Override
  public boolean recordSuccess(String clusterHost, String repoPath, NodeUrl node) {
    if (clusterHost == null || repoPath == null || node == null) {
      return false;
    }
    Instant now = clock.instant();
    synchronized (this) {
      Optional<CacheEntry> entry = listing(clusterHost, repoPath, node, now);
      if (entry.isEmpty() || !entry.get().health().containsKey(node)) {
        return false; // the common case: nothing to clear, no file access
      }
      memory().put(clusterHost, repoPath, entry.get().withHealth(node, null));
    }
    file.recordSuccess(clusterHost, repoPath, node);
    return true;
  }

  /** The live entry in memory when it lists {@code node}; call with the lock held. */
  private Optional<CacheEntry> listing(
      String clusterHost, String repoPath, NodeUrl node, Instant now) {
    CacheEntry entry = live(clusterHost, repoPath, now);
    return entry != null && entry.nodes().contains(node) ? Optional.of(entry) : Optional.empty();
  }

  /**
   * The entry in memory when it is live at {@code now}, else null; call with the lock held. (No
   * Optional.filter and map here: every command reads the cache, and each lambda's first use would
   * cost a start without a startup archive ~0.4 ms, DESIGN §7.)
   */
  private CacheEntry live(String clusterHost, String repoPath, Instant now) {
    CacheEntry entry = memory().entry(clusterHost, repoPath).orElse(null);
    return entry != null && entry.isLiveAt(now) ? entry : null;
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
