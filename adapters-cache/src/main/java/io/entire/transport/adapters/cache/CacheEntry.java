package io.entire.transport.adapters.cache;

import com.fasterxml.jackson.core.JsonGenerator;
import io.entire.transport.adapters.cache.CacheJsonReader.Token;
import io.entire.transport.domain.NodeHealth;
import io.entire.transport.domain.NodeUrl;
import java.io.IOException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One cached (cluster, repo) entry: the replica nodes, when they stop being trusted (K2), and the
 * health records of the nodes that failed (D3).
 *
 * <p>Holds node URLs, an expiry and failure counts only, never credentials (A5). Immutable.
 *
 * @param nodes the replica nodes, in the order they were stored; never empty
 * @param expiresAt the instant from which the entry reads as absent
 * @param health the record of each listed node that failed since its last success; records of nodes
 *     not listed are dropped
 */
record CacheEntry(List<NodeUrl> nodes, Instant expiresAt, Map<NodeUrl, NodeHealth> health) {
  static final String NODES = "nodes";
  static final String EXPIRES_AT = "expiresAt";
  static final String HEALTH = "health";
  static final String FAILURES = "failures";
  static final String EJECTED_UNTIL = "ejectedUntil";

  CacheEntry {
    nodes = List.copyOf(nodes);
    if (nodes.isEmpty()) {
      throw new IllegalArgumentException("a cache entry needs at least one node");
    }
    Map<NodeUrl, NodeHealth> listed = new LinkedHashMap<>(health);
    listed.keySet().retainAll(nodes); // D4: a record lives only as long as its node is listed
    health = Map.copyOf(listed);
  }

  /** An entry without health records. */
  CacheEntry(List<NodeUrl> nodes, Instant expiresAt) {
    this(nodes, expiresAt, Map.of());
  }

  /** The same entry with another expiry. */
  CacheEntry withExpiresAt(Instant expiry) {
    return new CacheEntry(nodes, expiry, health);
  }

  /** The same entry with {@code node}'s record replaced, or removed when {@code record} is null. */
  CacheEntry withHealth(NodeUrl node, NodeHealth record) {
    Map<NodeUrl, NodeHealth> changed = new LinkedHashMap<>(health);
    if (record == null) {
      changed.remove(node);
    } else {
      changed.put(node, record);
    }
    return new CacheEntry(nodes, expiresAt, changed);
  }

  /**
   * The same entry with every {@code ejectedUntil} later than {@code latest} shortened to it: no
   * record can have been written with a longer ejection than the cap (D3), so a later one is damage
   * or a hand edit.
   *
   * @return this entry when nothing was clamped
   */
  CacheEntry withEjectionsUntilAtMost(Instant latest) {
    Map<NodeUrl, NodeHealth> clamped = new LinkedHashMap<>(health);
    boolean changed = false;
    for (Map.Entry<NodeUrl, NodeHealth> record : clamped.entrySet()) {
      if (record.getValue().ejectedUntil().isAfter(latest)) {
        record.setValue(new NodeHealth(record.getValue().consecutiveFailures(), latest));
        changed = true;
      }
    }
    return changed ? new CacheEntry(nodes, expiresAt, clamped) : this;
  }

  /**
   * Whether {@code nodes} may be stored: a list without nulls (not {@code nodes.contains(null)}:
   * immutable lists throw on that).
   */
  static boolean storable(List<NodeUrl> nodes) {
    if (nodes == null) {
      return false;
    }
    for (NodeUrl node : nodes) {
      if (node == null) {
        return false;
      }
    }
    return true;
  }

  /** Returns whether the entry still counts at {@code now} (K2: expiry is exclusive). */
  boolean isLiveAt(Instant now) {
    return now.isBefore(expiresAt);
  }

  /**
   * Reads an entry written by {@link #write}, or by hand (K4). Health records are read by {@link
   * HealthRecords}: a damaged record is dropped alone (reported to {@code healthProblems}), never
   * the entry; so is a record of a node the entry does not list. Anything that is not an object
   * with a non-empty {@code nodes} array of valid node URLs and a valid {@code expiresAt} (ISO-8601
   * text or epoch milliseconds) is rejected as a whole, since a partly damaged entry cannot be
   * trusted. Unknown fields are ignored and dropped on the next write. When a field appears twice,
   * the last one counts.
   *
   * @param json a parser on the first token of the entry's value; left on its last token, so a
   *     rejected entry never disturbs the entries after it
   * @param healthProblems told, in words, about each health record that was dropped or clamped
   * @return the entry, or empty when the JSON is not a valid entry
   * @throws IOException when the JSON itself is broken (the whole file is then damaged)
   */
  static Optional<CacheEntry> read(CacheJsonReader json, List<String> healthProblems)
      throws IOException {
    if (json.token() != Token.START_OBJECT) {
      json.skipChildren();
      return Optional.empty();
    }
    Optional<List<NodeUrl>> nodes = Optional.empty();
    Optional<Instant> expiry = Optional.empty();
    Map<NodeUrl, NodeHealth> health = Map.of();
    while (json.next() == Token.FIELD_NAME) {
      String field = json.text();
      json.next();
      switch (field) {
        case NODES -> nodes = nodesOf(json);
        case EXPIRES_AT -> expiry = expiryOf(json);
        case HEALTH -> health = HealthRecords.read(json, healthProblems);
        default -> json.skipChildren();
      }
    }
    if (nodes.isEmpty() || expiry.isEmpty()) {
      return Optional.empty();
    }
    for (NodeUrl unknown : health.keySet()) {
      if (!nodes.get().contains(unknown)) {
        healthProblems.add("health record of " + unknown + ", which the entry does not list");
      }
    }
    return Optional.of(new CacheEntry(nodes.get(), expiry.get(), health));
  }

  /** A non-empty array of valid node URLs, else empty; consumes the whole value either way. */
  private static Optional<List<NodeUrl>> nodesOf(CacheJsonReader json) throws IOException {
    if (json.token() != Token.START_ARRAY) {
      json.skipChildren();
      return Optional.empty();
    }
    List<NodeUrl> nodes = new ArrayList<>();
    boolean valid = true;
    while (json.next() != Token.END_ARRAY) {
      Optional<NodeUrl> node =
          json.token() == Token.STRING ? NodeUrl.parse(json.text()) : Optional.empty();
      json.skipChildren(); // a nested array or object in the list
      if (node.isPresent()) {
        nodes.add(node.get());
      } else {
        valid = false;
      }
    }
    return valid && !nodes.isEmpty() ? Optional.of(nodes) : Optional.empty();
  }

  /** ISO-8601 text with an offset or whole epoch milliseconds, else empty; consumes the value. */
  static Optional<Instant> expiryOf(CacheJsonReader json) throws IOException {
    Token token = json.token();
    if (token == Token.INTEGER) {
      return json.isLong() ? Optional.of(Instant.ofEpochMilli(json.longValue())) : Optional.empty();
    }
    if (token == Token.STRING) {
      return instantOf(json.text());
    }
    json.skipChildren();
    return Optional.empty();
  }

  /** ISO-8601 text with an offset, else empty. */
  static Optional<Instant> instantOf(String text) {
    Optional<Instant> utc = utcInstantOf(text);
    if (utc.isPresent()) {
      return utc;
    }
    try {
      return Optional.of(OffsetDateTime.parse(text).toInstant());
    } catch (DateTimeException e) {
      return Optional.empty();
    }
  }

  /**
   * The form {@link Instant#toString} writes for the years 0000 to 9999 ({@code
   * 2099-01-01T00:00:00Z}, {@code 2026-12-03T17:57:01.5238Z}), read without {@code java.time}'s
   * formatters: initialising them cost every git command ~2 ms (DESIGN §7). Empty for anything
   * else, which {@link OffsetDateTime#parse} then reads (or refuses).
   */
  private static Optional<Instant> utcInstantOf(String text) {
    int length = text.length();
    if (length < 20
        || length == 21
        || length > 30
        || text.charAt(length - 1) != 'Z'
        || text.charAt(4) != '-'
        || text.charAt(7) != '-'
        || text.charAt(10) != 'T'
        || text.charAt(13) != ':'
        || text.charAt(16) != ':'
        || (length > 20 && text.charAt(19) != '.')) {
      return Optional.empty();
    }
    int year = digits(text, 0, 4);
    int month = digits(text, 5, 7);
    int day = digits(text, 8, 10);
    int hour = digits(text, 11, 13);
    int minute = digits(text, 14, 16);
    int second = digits(text, 17, 19);
    int nanos = length > 20 ? digits(text, 20, length - 1) : 0;
    for (int i = length; i < 30; i++) {
      nanos *= 10; // nine digits of nanoseconds
    }
    if (year < 0 || month < 0 || day < 0 || hour < 0 || minute < 0 || second < 0 || nanos < 0) {
      return Optional.empty();
    }
    try {
      return Optional.of(
          LocalDateTime.of(year, month, day, hour, minute, second, nanos)
              .toInstant(ZoneOffset.UTC));
    } catch (DateTimeException e) {
      return Optional.empty(); // e.g. February 30th: not a date in any form
    }
  }

  /** The decimal number of {@code text[from, to)}, or -1 when a character is not a digit. */
  private static int digits(String text, int from, int to) {
    int value = 0;
    for (int i = from; i < to; i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      value = value * 10 + (c - '0');
    }
    return value;
  }

  /**
   * Writes {@code {"nodes": [...], "expiresAt": "<ISO-8601>"}}, plus {@code "health"} when a node
   * has a record; nothing else (A5).
   */
  void write(JsonGenerator json) throws IOException {
    json.writeStartObject();
    json.writeArrayFieldStart(NODES);
    for (NodeUrl node : nodes) {
      json.writeString(node.toString());
    }
    json.writeEndArray();
    json.writeStringField(EXPIRES_AT, expiresAt.toString());
    if (!health.isEmpty()) {
      HealthRecords.write(json, nodes, health);
    }
    json.writeEndObject();
  }
}
