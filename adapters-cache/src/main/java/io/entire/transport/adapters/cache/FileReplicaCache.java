package io.entire.transport.adapters.cache;

import io.entire.transport.application.port.out.ReplicaCachePort;
import io.entire.transport.domain.NodeUrl;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
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
 *       "expiresAt": "2025-01-02T03:04:05Z"
 *     }
 *   }
 * }
 * }</pre>
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
 *   <li>K6: {@link #invalidate} removes an entry; the helper calls it when a node fails.
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
      return read()
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
        (document, now) ->
            document.put(clusterHost, repoPath, new CacheEntry(copy, now.plus(ttl))));
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
      return read().orElseGet(CacheDocument::empty);
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
      if (!trustedDirectory() || !trustedLockFile()) {
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
        Optional<CacheDocument> current = read();
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

  /**
   * Reads the file (K4: any unreadable or malformed content reads as empty), trusting it only when
   * it and its directory are ours (K1, hardening_2) and clamping every expiry to the TTL (K2).
   *
   * @return the document; empty when the directory or the file belongs to someone else, so that it
   *     must not be written either
   */
  private Optional<CacheDocument> read() {
    try {
      if (!trustedDirectory()) {
        return Optional.empty();
      }
      BasicFileAttributes attributes = ownership.attributesOf(file);
      Optional<String> refusal = ownership.refuseFile(file, attributes);
      if (refusal.isPresent()) {
        log.debug("replica cache: ignoring {}: {}", file, refusal.get());
        return Optional.empty();
      }
      if (attributes.isSymbolicLink()) {
        // Ours, but what it leads to may not be: read as empty, and the next write replaces the
        // link itself (the rename never writes through it).
        log.debug("replica cache: {} is a symbolic link; treating it as empty", file);
        return Optional.of(CacheDocument.empty());
      }
      return Optional.of(parse(attributes.lastModifiedTime().toInstant()));
    } catch (NoSuchFileException e) {
      return Optional.of(CacheDocument.empty());
    } catch (IOException e) {
      log.debug("replica cache: cannot read {}; treating it as empty", file, e);
      return Optional.of(CacheDocument.empty());
    }
  }

  /** Whether the cache directory is ours (tightening it to 0700); missing is an exception. */
  private boolean trustedDirectory() throws IOException {
    Optional<String> refusal = ownership.refuseDirectory(file.getParent());
    refusal.ifPresent(
        reason -> log.debug("replica cache: ignoring {}: {}", file.getParent(), reason));
    return refusal.isEmpty();
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

  /**
   * Parses the file, which was last written at {@code writtenAt}. No entry can have been stored
   * with an expiry later than the TTL after the file's last write, so any later one is clamped to
   * that (K2): a hand-made {@code expiresAt} of 2099 lives at most a day, without waiting for a
   * write. The clock bounds it too, for a file time in the future.
   */
  private CacheDocument parse(Instant writtenAt) throws IOException {
    byte[] content;
    try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
      content = in.readNBytes(MAX_FILE_BYTES + 1);
    }
    if (content.length > MAX_FILE_BYTES) {
      log.debug("replica cache: {} exceeds {} bytes; treating it as empty", file, MAX_FILE_BYTES);
      return CacheDocument.empty();
    }
    CacheDocument document;
    try {
      document = CacheDocument.parse(content);
    } catch (IOException e) {
      log.debug("replica cache: {} is corrupt ({}); treating it as empty", file, e.getMessage());
      return CacheDocument.empty();
    }
    if (document.rejectedEntries() > 0) {
      log.debug(
          "replica cache: ignoring {} malformed entries in {}", document.rejectedEntries(), file);
    }
    Instant now = clock.instant();
    document.clampExpiry((writtenAt.isBefore(now) ? writtenAt : now).plus(ttl));
    return document;
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
