package io.entire.transport.adapters.cache;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The whole content of the cache file: cluster host → repo path → {@link CacheEntry}.
 *
 * <p>Read and written by {@link CacheJson}, which says why it is not Jackson.
 *
 * <p>Mutable and not thread-safe: each read or read-modify-write builds its own instance from the
 * file and drops it afterwards, so instances are never shared.
 */
final class CacheDocument {
  private final Map<String, Map<String, CacheEntry>> clusters = new TreeMap<>();
  private int rejectedEntries;

  private CacheDocument() {}

  /** Returns a document without entries. */
  static CacheDocument empty() {
    return new CacheDocument();
  }

  /**
   * Parses the file content (K4). Entries and clusters of the wrong shape are dropped one by one,
   * keeping the rest; see {@link #rejectedEntries()}.
   *
   * @param content the file bytes, possibly empty
   * @return the document; empty when the content is empty
   * @throws IOException when the content is not one JSON object (truncated, corrupt, wrong shape)
   */
  static CacheDocument parse(byte[] content) throws IOException {
    CacheDocument document = new CacheDocument();
    Optional<Object> root = CacheJson.parse(content);
    if (root.isEmpty()) {
      return document; // empty or whitespace only
    }
    if (!(root.get() instanceof Map<?, ?> clusters)) {
      throw new IOException("top level is " + CacheJson.describe(root.get()) + ", not an object");
    }
    for (Map.Entry<?, ?> cluster : clusters.entrySet()) {
      if (!(cluster.getValue() instanceof Map<?, ?> repos)) {
        document.rejectedEntries++;
        continue;
      }
      for (Map.Entry<?, ?> repo : repos.entrySet()) {
        Optional<CacheEntry> entry = CacheEntry.fromJson(repo.getValue());
        if (entry.isPresent()) {
          document.put((String) cluster.getKey(), (String) repo.getKey(), entry.get());
        } else {
          document.rejectedEntries++;
        }
      }
    }
    return document;
  }

  /** Returns how many clusters or entries {@link #parse} dropped for their shape or content. */
  int rejectedEntries() {
    return rejectedEntries;
  }

  /** Returns the entry, whether live or expired. */
  Optional<CacheEntry> entry(String clusterHost, String repoPath) {
    Map<String, CacheEntry> repos = clusters.get(clusterHost);
    return repos == null ? Optional.empty() : Optional.ofNullable(repos.get(repoPath));
  }

  /** Adds or replaces an entry. */
  void put(String clusterHost, String repoPath, CacheEntry entry) {
    clusters.computeIfAbsent(clusterHost, host -> new TreeMap<>()).put(repoPath, entry);
  }

  /** Removes an entry, and its cluster when that was the last one; returns whether it existed. */
  boolean remove(String clusterHost, String repoPath) {
    Map<String, CacheEntry> repos = clusters.get(clusterHost);
    if (repos == null || repos.remove(repoPath) == null) {
      return false;
    }
    if (repos.isEmpty()) {
      clusters.remove(clusterHost);
    }
    return true;
  }

  /** Drops entries that are no longer live at {@code now} (K2: writes prune). */
  void removeExpired(Instant now) {
    clusters.values().forEach(repos -> repos.values().removeIf(entry -> !entry.isLiveAt(now)));
    clusters.values().removeIf(Map::isEmpty);
  }

  /**
   * Keeps at most {@code maxEntries} entries, dropping those that expire first (the oldest writes),
   * so a busy day cannot grow the file past the size that reads as corrupt.
   */
  void keepNewest(int maxEntries) {
    record Located(String host, String repo, Instant expiresAt) {}
    List<Located> all = new ArrayList<>();
    clusters.forEach(
        (host, repos) ->
            repos.forEach((repo, entry) -> all.add(new Located(host, repo, entry.expiresAt()))));
    if (all.size() <= maxEntries) {
      return;
    }
    all.sort(Comparator.comparing(Located::expiresAt));
    all.subList(0, all.size() - maxEntries).forEach(old -> remove(old.host(), old.repo()));
  }

  /** Returns the number of entries. */
  int size() {
    return clusters.values().stream().mapToInt(Map::size).sum();
  }

  /** Serialises the document in the file format described on {@link FileReplicaCache}. */
  byte[] toJson() {
    Map<String, Map<String, Object>> json = new TreeMap<>();
    clusters.forEach(
        (host, repos) -> {
          Map<String, Object> cluster = new TreeMap<>();
          repos.forEach((repo, entry) -> cluster.put(repo, entry.toJson()));
          json.put(host, cluster);
        });
    return CacheJson.write(json);
  }
}
