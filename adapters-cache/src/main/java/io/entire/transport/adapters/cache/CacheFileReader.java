package io.entire.transport.adapters.cache;

import io.entire.transport.domain.NodeHealth;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the cache file for {@link FileReplicaCache} (K1, K2, K4, D3): trusting it only when it and
 * its directory belong to the user, bounding what it claims (expiry, ejections) and reading any
 * damage as empty. Takes no lock: the file is only ever replaced whole (K3).
 *
 * <p>Thread-safe: holds only immutable settings.
 */
final class CacheFileReader {
  private static final Logger log = LoggerFactory.getLogger(FileReplicaCache.class);

  private final Path file;
  private final Clock clock;
  private final Duration ttl;
  private final CacheOwnership ownership;

  CacheFileReader(Path file, Clock clock, Duration ttl, CacheOwnership ownership) {
    this.file = file;
    this.clock = clock;
    this.ttl = ttl;
    this.ownership = ownership;
  }

  /**
   * Reads the file (K4: any unreadable or malformed content reads as empty), trusting it only when
   * it and its directory are ours (K1, hardening_2) and clamping every expiry to the TTL (K2).
   *
   * @return the document; empty when the directory or the file belongs to someone else, so that it
   *     must not be written either
   */
  Optional<CacheDocument> read() {
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
  boolean trustedDirectory() throws IOException {
    Optional<String> refusal = ownership.refuseDirectory(file.getParent());
    refusal.ifPresent(
        reason -> log.debug("replica cache: ignoring {}: {}", file.getParent(), reason));
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
      content = in.readNBytes(FileReplicaCache.MAX_FILE_BYTES + 1);
    }
    if (content.length > FileReplicaCache.MAX_FILE_BYTES) {
      log.debug(
          "replica cache: {} exceeds {} bytes; treating it as empty",
          file,
          FileReplicaCache.MAX_FILE_BYTES);
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
    Instant lastWrite = writtenAt.isBefore(now) ? writtenAt : now;
    document.clampExpiry(lastWrite.plus(ttl));
    // D3: no record was written with a longer ejection than the cap after the last write.
    document.clampEjections(lastWrite.plus(NodeHealth.MAX_EJECTION));
    if (document.version() > CacheDocument.VERSION || document.version() < 1) {
      log.debug(
          "replica cache: {} declares format version {}; reading what version {} knows",
          file,
          document.version(),
          CacheDocument.VERSION);
    }
    for (String problem : document.healthProblems()) {
      log.debug("replica cache: ignoring or clamping in {}: {}", file, problem);
    }
    return document;
  }
}
