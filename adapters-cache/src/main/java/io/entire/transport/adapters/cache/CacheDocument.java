package io.entire.transport.adapters.cache;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.entire.transport.adapters.cache.CacheJsonReader.Token;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The whole content of the cache file: cluster host → repo path → {@link CacheEntry}, and the
 * format version under the key {@value #VERSION_KEY}.
 *
 * <p>Written with Jackson's streaming API rather than an {@code ObjectMapper}, and read with {@link
 * CacheJsonReader}: git starts a helper process for every command and reads this file on its start
 * path, where building an object mapper cost more than all the rest of the cache, and Jackson's
 * parser initialises {@code BigDecimal} (slow on JDK 25; see the reader).
 *
 * <p>Mutable and not thread-safe: each read or read-modify-write builds its own instance from the
 * file and drops it afterwards, so instances are never shared.
 */
final class CacheDocument {
  /**
   * Jackson's factory, thread-safe, a generator per write; in a holder, so that a start that only
   * reads the file does not initialise it (~1 ms).
   */
  private static final class Json {
    static final JsonFactory FACTORY = new JsonFactory();
  }

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
    CacheJsonReader json = new CacheJsonReader(content);
    Token root = json.next();
    if (root == null) {
      return document; // whitespace only
    }
    if (root != Token.START_OBJECT) {
      throw new IOException("top level is " + describe(root) + ", not a JSON object");
    }
    while (json.next() == Token.FIELD_NAME) {
      String cluster = json.text();
      json.next();
      if (VERSION_KEY.equals(cluster)) {
        long version = json.isLong() ? json.longValue() : -1;
        document.version = version == (int) version ? (int) version : -1;
        json.skipChildren();
        continue;
      }
      if (json.token() != Token.START_OBJECT) {
        json.skipChildren();
        document.rejectedEntries++;
        continue;
      }
      while (json.next() == Token.FIELD_NAME) {
        String repo = json.text();
        json.next();
        Optional<CacheEntry> entry = CacheEntry.read(json, document.healthProblems);
        if (entry.isPresent()) {
          document.put(cluster, repo, entry.get());
        } else {
          document.rejectedEntries++;
        }
      }
    }
    // K4: anything after the one top-level value is damage, not a second document.
    json.next();
    return document;
  }

  private static String describe(Token token) {
    return switch (token) {
      case START_ARRAY -> "a JSON array";
      case STRING -> "a JSON string";
      case INTEGER, FRACTION -> "a JSON number";
      case TRUE, FALSE -> "a JSON boolean";
      case NULL -> "JSON null";
      default -> "a JSON " + token;
    };
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
    for (Map.Entry<String, Map<String, CacheEntry>> cluster : clusters.entrySet()) {
      for (Map.Entry<String, CacheEntry> repo : cluster.getValue().entrySet()) {
        CacheEntry clamped = repo.getValue().withEjectionsUntilAtMost(latest);
        if (clamped != repo.getValue()) {
          healthProblems.add(
              "an ejection in "
                  + cluster.getKey()
                  + " "
                  + repo.getKey()
                  + " ending after "
                  + latest);
          repo.setValue(clamped);
        }
      }
    }
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
    Map<String, CacheEntry> repos = clusters.get(clusterHost);
    if (repos == null) {
      repos = new TreeMap<>();
      clusters.put(clusterHost, repos);
    }
    repos.put(repoPath, entry);
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
    for (Map<String, CacheEntry> repos : clusters.values()) {
      for (Map.Entry<String, CacheEntry> repo : repos.entrySet()) {
        if (repo.getValue().expiresAt().isAfter(latest)) {
          repo.setValue(repo.getValue().withExpiresAt(latest));
        }
      }
    }
  }

  /** Drops entries that are no longer live at {@code now} (K2: writes prune). */
  void removeExpired(Instant now) {
    for (Iterator<Map<String, CacheEntry>> cluster = clusters.values().iterator();
        cluster.hasNext(); ) {
      Map<String, CacheEntry> repos = cluster.next();
      for (Iterator<CacheEntry> entry = repos.values().iterator(); entry.hasNext(); ) {
        if (!entry.next().isLiveAt(now)) {
          entry.remove();
        }
      }
      if (repos.isEmpty()) {
        cluster.remove();
      }
    }
  }

  /**
   * Keeps at most {@code maxEntries} entries, dropping those that expire first (the oldest writes),
   * so a busy day cannot grow the file past the size that reads as corrupt.
   */
  void keepNewest(int maxEntries) {
    record Located(String host, String repo, Instant expiresAt) {}
    List<Located> all = new ArrayList<>();
    for (Map.Entry<String, Map<String, CacheEntry>> cluster : clusters.entrySet()) {
      for (Map.Entry<String, CacheEntry> repo : cluster.getValue().entrySet()) {
        all.add(new Located(cluster.getKey(), repo.getKey(), repo.getValue().expiresAt()));
      }
    }
    if (all.size() <= maxEntries) {
      return;
    }
    all.sort(Comparator.comparing(Located::expiresAt));
    all.subList(0, all.size() - maxEntries).forEach(old -> remove(old.host(), old.repo()));
  }

  /** Returns the number of entries. */
  int size() {
    int size = 0;
    for (Map<String, CacheEntry> repos : clusters.values()) {
      size += repos.size();
    }
    return size;
  }

  /** Serialises the document in the file format described on {@link FileReplicaCache}. */
  byte[] toJson() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (JsonGenerator json = Json.FACTORY.createGenerator(out)) {
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
