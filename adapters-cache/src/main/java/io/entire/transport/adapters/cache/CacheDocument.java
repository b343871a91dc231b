package io.entire.transport.adapters.cache;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The whole content of the cache file: cluster host → repo path → {@link CacheEntry}, and the
 * format version under the key {@value #VERSION_KEY}.
 *
 * <p>Read and written with Jackson's streaming API rather than an {@code ObjectMapper}: git starts
 * a helper process for every command and reads this file on its start path, where building an
 * object mapper cost more than all the rest of the cache.
 *
 * <p>Mutable and not thread-safe: each read or read-modify-write builds its own instance from the
 * file and drops it afterwards, so instances are never shared.
 */
final class CacheDocument {
  /** Thread-safe; makes a parser or generator per call. */
  private static final JsonFactory JSON = new JsonFactory();

  /**
   * The top-level key of the format version. A {@code $} cannot appear in a host name, so the key
   * never collides with a cluster; a reader from before versions took it for a malformed cluster
   * and skipped it, so older versions still read a new file (they drop the health records).
   */
  static final String VERSION_KEY = "$version";

  /** 1: nodes and expiry (no version key); 2: plus per-node health records (D3). */
  static final int VERSION = 2;

  private final Map<String, Map<String, CacheEntry>> clusters = new TreeMap<>();
  private int rejectedEntries;
  private int version = 1;
  private final List<String> healthProblems = new ArrayList<>();

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
    if (content.length == 0) {
      return document;
    }
    try (JsonParser parser = JSON.createParser(content)) {
      JsonToken root = parser.nextToken();
      if (root == null) {
        return document; // whitespace only
      }
      if (root != JsonToken.START_OBJECT) {
        throw new IOException("top level is " + describe(root) + ", not a JSON object");
      }
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String cluster = parser.currentName();
        if (VERSION_KEY.equals(cluster)) {
          parser.nextToken();
          document.version =
              parser.currentToken() == JsonToken.VALUE_NUMBER_INT ? parser.getIntValue() : -1;
          parser.skipChildren();
          continue;
        }
        if (parser.nextToken() != JsonToken.START_OBJECT) {
          parser.skipChildren();
          document.rejectedEntries++;
          continue;
        }
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
          String repo = parser.currentName();
          parser.nextToken();
          Optional<CacheEntry> entry = CacheEntry.read(parser, document.healthProblems::add);
          if (entry.isPresent()) {
            document.put(cluster, repo, entry.get());
          } else {
            document.rejectedEntries++;
          }
        }
      }
      // K4: anything after the one top-level value is damage, not a second document.
      if (parser.nextToken() != null) {
        throw new IOException("not valid JSON: content after the top-level object" + where(parser));
      }
    } catch (JsonProcessingException e) {
      // Drop Jackson's message: it quotes file content, which is not ours to log.
      throw new IOException("not valid JSON" + where(e));
    }
    return document;
  }

  private static String describe(JsonToken token) {
    return switch (token) {
      case START_ARRAY -> "a JSON array";
      case VALUE_STRING -> "a JSON string";
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a JSON number";
      case VALUE_TRUE, VALUE_FALSE -> "a JSON boolean";
      case VALUE_NULL -> "JSON null";
      default -> "a JSON " + token;
    };
  }

  private static String where(JsonProcessingException e) {
    return e.getLocation() == null
        ? ""
        : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
  }

  private static String where(JsonParser parser) {
    return " at line "
        + parser.currentLocation().getLineNr()
        + ", column "
        + parser.currentLocation().getColumnNr();
  }

  /**
   * The format version the file declared: 1 when it has none (written before versions), -1 when the
   * version is not a whole number. A reader reads what it knows of a later version.
   */
  int version() {
    return version;
  }

  /** Health records {@link #parse} or a clamp dropped or changed, in words (for the debug log). */
  List<String> healthProblems() {
    return List.copyOf(healthProblems);
  }

  /**
   * Shortens every ejection that ends after {@code latest} to end there (D3): no record is written
   * with an ejection longer than {@link io.entire.transport.domain.NodeHealth#MAX_EJECTION}, so a
   * later one (a clock far ahead, a hand edit) would otherwise keep a node last for ever.
   */
  void clampEjections(Instant latest) {
    clusters.forEach(
        (host, repos) ->
            repos.replaceAll(
                (repo, entry) -> {
                  CacheEntry clamped = entry.withEjectionsUntilAtMost(latest);
                  if (clamped != entry) {
                    healthProblems.add(
                        "an ejection in " + host + " " + repo + " ending after " + latest);
                  }
                  return clamped;
                }));
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

  /**
   * Shortens every entry that claims to live past {@code latest} to end there (K2, hardening_2): no
   * entry in the file may outlive the TTL, whatever its {@code expiresAt} says.
   */
  void clampExpiry(Instant latest) {
    clusters
        .values()
        .forEach(
            repos ->
                repos.replaceAll(
                    (repo, entry) ->
                        entry.expiresAt().isAfter(latest) ? entry.withExpiresAt(latest) : entry));
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
  byte[] toJson() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (JsonGenerator json = JSON.createGenerator(out)) {
      json.useDefaultPrettyPrinter();
      json.writeStartObject();
      json.writeNumberField(VERSION_KEY, VERSION);
      for (Map.Entry<String, Map<String, CacheEntry>> cluster : clusters.entrySet()) {
        json.writeObjectFieldStart(cluster.getKey());
        for (Map.Entry<String, CacheEntry> repo : cluster.getValue().entrySet()) {
          json.writeFieldName(repo.getKey());
          repo.getValue().write(json);
        }
        json.writeEndObject();
      }
      json.writeEndObject();
    }
    return out.toByteArray();
  }
}
