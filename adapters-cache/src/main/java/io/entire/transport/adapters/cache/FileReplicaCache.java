package io.entire.transport.adapters.cache;

import io.entire.transport.application.port.out.ReplicaCachePort;
import io.entire.transport.domain.NodeHealth;
import io.entire.transport.domain.NodeUrl;
import io.entire.transport.domain.ReplicaHealth;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The replica cache as a JSON file shared by every git process of the user (DESIGN §5, K1–K6).
 *
 * <p><b>File format.</b> One JSON object keyed by cluster host, then by repo path; each entry holds
 * the replica node URLs and the instant the entry expires:
 *
 * <pre>{@code
 * {
 *   "git.example.dev": {
 *     "/team/service.git": {
 *       "nodes": ["https://r1.eu.example.dev", "https://r2.eu.example.dev:8443"],
 *       "expiresAt": "2025-01-02T03:04:05Z",
 *       "health": {
 *         "https://r1.eu.example.dev": {"failures": 2, "ejectedUntil": "2025-01-01T03:05:05Z"}
 *       }
 *     }
 *   },
 *   "$version": 2
 * }
 * }</pre>
 *
 * <p><b>Versions.</b> {@code "$version"} (not a possible host name) is 2 since node health (D3); a
 * file without it is version 1 and reads as before, without health records. A version-1 reader
 * skips the key as a malformed cluster and drops {@code health} as an unknown field. The {@code
 * health} field holds a record for each listed node that failed since its last success; a damaged
 * record is dropped alone, a count above 1000 is clamped, an ejection ending more than 10 minutes
 * after the file's last write is shortened to that, and a record of an unlisted node is dropped,
 * each with a debug log line.
 *
 * <p>{@code expiresAt} is written as ISO-8601 UTC text and read as ISO-8601 text with an offset or
 * as epoch milliseconds. Nothing else is ever written: no credentials or tokens (A5); unknown
 * fields in a hand-edited file are dropped on the next write.
 *
 * <ul>
 *   <li>K1: the file lives in a directory created with mode 0700 and is created with mode 0600
 *       (permissions are given at creation, so there is no window); see {@link #defaultFile(Map)}.
 *       The directory and its files are trusted only when they belong to the current user
 *       (hardening_2, {@link CacheOwnership}): our own are tightened to 0700 and 0600 when looser,
 *       anything else reads as empty and is never written through.
 *   <li>K2: an entry is live for the TTL (24 h by default) after it was stored; expired entries
 *       read as absent, and every write drops them. An {@code expiresAt} later than the TTL after
 *       the file's last write (or after now) is read as that bound.
 *   <li>K3: {@link #store} and {@link #invalidate} read, modify and write the file under an
 *       exclusive lock on {@code <file>.lock} (waiting at most 5 s, else the write is skipped),
 *       writing a temp file in the same directory that atomically replaces the file. Concurrent
 *       processes therefore lose no entry, and readers, which take no lock, always see a whole
 *       file.
 *   <li>K4: a missing, empty, truncated or corrupt file, one larger than 1 MiB, or one of the wrong
 *       shape reads as empty; an entry of the wrong shape or with an invalid node URL reads as
 *       absent. The next write replaces the damage.
 *   <li>K5: every failure (I/O, permissions, lock timeout, JSON) is logged at debug level and
 *       swallowed: no method of this class throws.
 *   <li>K6, D3: {@link #recordFailure} counts one more failure of a node in its entry (under the K3
 *       lock, from the file's record, so failures of other processes add up); {@link
 *       #recordSuccess} clears the record; {@link #store} keeps the records of the nodes it still
 *       lists (D4). {@link #invalidate} removes an entry with its records; the transport no longer
 *       calls it.
 * </ul>
 *
 * <p>The file keeps at most {@value #MAX_ENTRIES} entries, dropping those that expire first. It is
 * not fsync'ed: after a crash it may be empty or old, which K4 and K2 cover.
 *
 * <p>Thread-safe: one instance may be shared, and any number of instances and processes may use the
 * same file. No method returns a stream; nothing needs closing.
 */
public final class FileReplicaCache implements ReplicaCachePort {
  /** K2: how long a stored entry stays live unless a TTL is given. */
  static final Duration DEFAULT_TTL = Duration.ofHours(24);

  /** K3: how long a writer waits for the lock before skipping its write. */
  static final Duration LOCK_TIMEOUT = Duration.ofSeconds(5);

  /** K4: a larger file is not ours (or is damaged) and reads as empty. */
  static final int MAX_FILE_BYTES = 1024 * 1024;

  /** At a few hundred bytes per entry, well below {@link #MAX_FILE_BYTES}. */
  static final int MAX_ENTRIES = 2000;

  private static final Logger log = LoggerFactory.getLogger(FileReplicaCache.class);

  private final Path file;
  private final Clock clock;
  private final Duration ttl;
  private final Path lockFile;
  private final CacheWriteLock writeLock;
  private final CacheOwnership ownership;
  private final CacheFileReader reader;

  /**
   * Creates a cache on {@code file} with the 24 h TTL (K2). Nothing is touched on disk until the
   * first call.
   *
   * @param file the cache file, usually {@link #defaultFile(Map)}
   * @param clock tells the time for expiry
   */
  public FileReplicaCache(Path file, Clock clock) {
    this(file, clock, DEFAULT_TTL);
  }

  /**
   * Creates a cache on {@code file} with the given TTL.
   *
   * @param file the cache file, usually {@link #defaultFile(Map)}
   * @param clock tells the time for expiry
   * @param ttl how long a stored entry stays live; positive
   * @throws IllegalArgumentException when the TTL is zero or negative
   */
  public FileReplicaCache(Path file, Clock clock, Duration ttl) {
    this(file, clock, ttl, LOCK_TIMEOUT);
  }

  /** For tests: a shorter lock timeout. */
  FileReplicaCache(Path file, Clock clock, Duration ttl, Duration lockTimeout) {
    Objects.requireNonNull(file, "file");
    this.file = file.toAbsolutePath().normalize();
    this.clock = Objects.requireNonNull(clock, "clock");
    this.ttl = Objects.requireNonNull(ttl, "ttl");
    if (ttl.isNegative() || ttl.isZero()) {
      throw new IllegalArgumentException("cache TTL must be positive, got " + ttl);
    }
    this.lockFile = this.file.resolveSibling(this.file.getFileName() + ".lock");
    this.writeLock = new CacheWriteLock(lockFile, Objects.requireNonNull(lockTimeout));
    this.ownership = new CacheOwnership(this.file.getFileSystem());
    this.reader = new CacheFileReader(this.file, clock, ttl, ownership);
  }

  /**
   * The default cache file (K1): {@code $XDG_CACHE_HOME/entire/nodes.json} when {@code
   * XDG_CACHE_HOME} is set to an absolute path (the XDG spec says to ignore a relative one), else
   * {@code $HOME/.cache/entire/nodes.json}, taking the {@code user.home} system property when
   * {@code HOME} is unset.
   *
   * @param environment the process environment, e.g. {@link System#getenv()}
   * @return the cache file path
   */
  public static Path defaultFile(Map<String, String> environment) {
    return CacheLocation.defaultFile(environment);
  }

  /**
   * Returns the live nodes of the entry (K2), or an empty list when there is none or the file
   * cannot be read (K4, K5). Takes no lock.
   */
  @Override
  public List<NodeUrl> load(String clusterHost, String repoPath) {
    if (clusterHost == null || repoPath == null) {
      log.debug("replica cache: load without cluster host or repo path; nothing cached");
      return List.of();
    }
    try {
      Instant now = clock.instant();
      return reader
          .read()
          .orElseGet(CacheDocument::empty)
          .entry(clusterHost, repoPath)
          .filter(entry -> entry.isLiveAt(now))
          .map(CacheEntry::nodes)
          .orElse(List.of());
    } catch (RuntimeException e) {
      log.debug("replica cache: cannot load {} {}; treating it as empty", clusterHost, repoPath, e);
      return List.of();
    }
  }

  /**
   * Stores the nodes for the TTL, replacing the entry (K3); an empty list removes the entry. Never
   * throws (K5).
   */
  @Override
  public void store(String clusterHost, String repoPath, List<NodeUrl> nodes) {
    if (clusterHost == null || repoPath == null || !CacheEntry.storable(nodes)) {
      log.debug("replica cache: store without cluster host, repo path or nodes; skipped");
      return;
    }
    if (nodes.isEmpty()) {
      invalidate(clusterHost, repoPath);
      return;
    }
    List<NodeUrl> copy = List.copyOf(nodes);
    update(
        "store " + clusterHost + " " + repoPath,
        (document, now) -> {
          // D4: the records of nodes still listed stay (whoever wrote them); the others go.
          Map<NodeUrl, NodeHealth> kept =
              document.entry(clusterHost, repoPath).map(CacheEntry::health).orElse(Map.of());
          document.put(clusterHost, repoPath, new CacheEntry(copy, now.plus(ttl), kept));
        });
  }

  /** D3: the records of the live entry, judged at this cache's clock. Never throws (K5). */
  @Override
  public ReplicaHealth health(String clusterHost, String repoPath) {
    if (clusterHost == null || repoPath == null) {
      return ReplicaHealth.NONE;
    }
    Instant now = clock.instant();
    return liveEntry(snapshot(), clusterHost, repoPath, now)
        .map(entry -> new ReplicaHealth(entry.health(), now))
        .orElse(ReplicaHealth.NONE);
  }

  /**
   * D3, K6: one more failure of {@code node}, counted on from the file's record under the K3 lock
   * (failures of other processes add up); nothing when the live entry does not list the node.
   */
  @Override
  public Optional<NodeHealth> recordFailure(String clusterHost, String repoPath, NodeUrl node) {
    if (clusterHost == null || repoPath == null || node == null) {
      return Optional.empty();
    }
    if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
      return Optional.empty(); // no entry names it: a failed node never creates the file
    }
    AtomicReference<NodeHealth> recorded = new AtomicReference<>();
    update(
        "record a failure of " + node + " in " + clusterHost + " " + repoPath,
        (document, now) ->
            liveEntry(document, clusterHost, repoPath, now)
                .filter(entry -> entry.nodes().contains(node))
                .ifPresent(
                    entry -> {
                      NodeHealth next = NodeHealth.afterFailure(entry.health().get(node), now);
                      document.put(clusterHost, repoPath, entry.withHealth(node, next));
                      recorded.set(next);
                    }));
    return Optional.ofNullable(recorded.get());
  }

  /** D3: clears the record of {@code node}, checking without the lock first. Never throws (K5). */
  @Override
  public boolean recordSuccess(String clusterHost, String repoPath, NodeUrl node) {
    if (clusterHost == null || repoPath == null || node == null) {
      return false;
    }
    if (!hasRecord(snapshot(), clusterHost, repoPath, node, clock.instant())) {
      return false; // the common case: no write
    }
    AtomicBoolean cleared = new AtomicBoolean();
    update(
        "clear the record of " + node + " in " + clusterHost + " " + repoPath,
        (document, now) -> {
          if (hasRecord(document, clusterHost, repoPath, node, now)) {
            CacheEntry entry = document.entry(clusterHost, repoPath).orElseThrow();
            document.put(clusterHost, repoPath, entry.withHealth(node, null));
            cleared.set(true);
          }
        });
    return cleared.get();
  }

  private static boolean hasRecord(
      CacheDocument document, String clusterHost, String repoPath, NodeUrl node, Instant now) {
    return liveEntry(document, clusterHost, repoPath, now).stream()
        .anyMatch(entry -> entry.health().containsKey(node));
  }

  private static Optional<CacheEntry> liveEntry(
      CacheDocument document, String clusterHost, String repoPath, Instant now) {
    return document.entry(clusterHost, repoPath).filter(entry -> entry.isLiveAt(now));
  }

  /** Removes the entry (K6). Never throws (K5). */
  @Override
  public void invalidate(String clusterHost, String repoPath) {
    if (clusterHost == null || repoPath == null) {
      log.debug("replica cache: invalidate without cluster host or repo path; skipped");
      return;
    }
    if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS)) {
      return; // nothing cached, nothing to invalidate: a failed node never creates the file
    }
    update(
        "invalidate " + clusterHost + " " + repoPath,
        (document, now) -> document.remove(clusterHost, repoPath));
  }

  /** Every entry as {@link #load} sees it, for {@link ClientReplicaCache}. Never throws (K5). */
  CacheDocument snapshot() {
    try {
      return reader.read().orElse(CacheDocument.empty());
    } catch (RuntimeException e) {
      log.debug("replica cache: cannot read {}; treating it as empty", file, e);
      return CacheDocument.empty();
    }
  }

  /** The TTL of stored entries (K2). */
  Duration ttl() {
    return ttl;
  }

  /** K3: read-modify-write under the lock, pruning expired entries (K2); K5: never throws. */
  private void update(String what, BiConsumer<CacheDocument, Instant> change) {
    try {
      OwnerOnlyFiles.createDirectory(file.getParent());
      if (!reader.trustedDirectory() || !trustedLockFile()) {
        log.debug("replica cache: skipped {}", what);
        return;
      }
      Optional<CacheWriteLock.Held> lock = writeLock.acquire();
      if (lock.isEmpty()) {
        log.debug(
            "replica cache: {} is locked by another writer for too long; skipped {}", file, what);
        return;
      }
      try (CacheWriteLock.Held held = lock.get()) {
        Instant now = clock.instant();
        Optional<CacheDocument> current = reader.read();
        if (current.isEmpty()) {
          log.debug("replica cache: {} is not ours; skipped {}", file, what);
          return;
        }
        CacheDocument document = current.get();
        document.removeExpired(now);
        change.accept(document, now);
        document.keepNewest(MAX_ENTRIES);
        byte[] json = document.toJson();
        if (json.length > MAX_FILE_BYTES) {
          log.debug(
              "replica cache: {} would exceed {} bytes; skipped {}", file, MAX_FILE_BYTES, what);
          return;
        }
        replaceFile(json);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      log.debug("replica cache: interrupted while waiting for the lock; skipped {}", what);
    } catch (IOException | RuntimeException e) {
      log.debug("replica cache: cannot {} in {}; skipped", what, file, e);
    }
  }

  /** Whether the lock file is absent or ours and not a link, so that we may open and lock it. */
  private boolean trustedLockFile() throws IOException {
    BasicFileAttributes attributes;
    try {
      attributes = ownership.attributesOf(lockFile);
    } catch (NoSuchFileException e) {
      return true;
    }
    Optional<String> refusal = ownership.refuseFile(lockFile, attributes);
    if (refusal.isEmpty() && attributes.isSymbolicLink()) {
      refusal = Optional.of("it is a symbolic link");
    }
    refusal.ifPresent(reason -> log.debug("replica cache: ignoring {}: {}", lockFile, reason));
    return refusal.isEmpty();
  }

  /** K3: the file is only ever replaced by an atomic rename of a complete temp file. */
  private void replaceFile(byte[] json) throws IOException {
    Path temp = OwnerOnlyFiles.createTempFileNextTo(file);
    try {
      // Never through a link: only we can put one in our 0700 directory, but be sure.
      Files.write(temp, json, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
      Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      try {
        Files.deleteIfExists(temp); // only still there when the write or the move failed
      } catch (IOException e) {
        log.debug("replica cache: cannot delete temp file {}", temp, e);
      }
    }
  }

  @Override
  public String toString() {
    return "FileReplicaCache[" + file + ", ttl=" + ttl + "]";
  }
}
