package io.entire.transport.adapters.cache;

import io.entire.transport.domain.NodeUrl;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One cached (cluster, repo) entry: the replica nodes and when they stop being trusted (K2).
 *
 * <p>Holds node URLs and an expiry only, never credentials (A5). Immutable.
 *
 * @param nodes the replica nodes, in the order they were stored; never empty
 * @param expiresAt the instant from which the entry reads as absent
 */
record CacheEntry(List<NodeUrl> nodes, Instant expiresAt) {
  static final String NODES = "nodes";
  static final String EXPIRES_AT = "expiresAt";

  CacheEntry {
    nodes = List.copyOf(nodes);
    if (nodes.isEmpty()) {
      throw new IllegalArgumentException("a cache entry needs at least one node");
    }
  }

  /** Returns whether the entry still counts at {@code now} (K2: expiry is exclusive). */
  boolean isLiveAt(Instant now) {
    return now.isBefore(expiresAt);
  }

  /**
   * Reads an entry written by {@link #toJson()}, or by hand (K4): anything that is not an object
   * with a non-empty {@code nodes} array of valid node URLs and a valid {@code expiresAt} (ISO-8601
   * text or epoch milliseconds) is rejected as a whole, since a partly damaged entry cannot be
   * trusted. Unknown fields are ignored and dropped on the next write.
   *
   * @param json a value as {@link CacheJson#parse} returns it
   * @return the entry, or empty when the JSON is not a valid entry
   */
  static Optional<CacheEntry> fromJson(Object json) {
    if (!(json instanceof Map<?, ?> fields)
        || !(fields.get(NODES) instanceof List<?> nodesJson)
        || nodesJson.isEmpty()) {
      return Optional.empty();
    }
    List<NodeUrl> nodes = new ArrayList<>(nodesJson.size());
    for (Object element : nodesJson) {
      Optional<NodeUrl> node =
          element instanceof String text ? NodeUrl.parse(text) : Optional.empty();
      if (node.isEmpty()) {
        return Optional.empty();
      }
      nodes.add(node.get());
    }
    return expiryOf(fields.get(EXPIRES_AT)).map(expiry -> new CacheEntry(nodes, expiry));
  }

  /** Whole epoch milliseconds or ISO-8601 text with an offset, else empty. */
  private static Optional<Instant> expiryOf(Object json) {
    if (json instanceof Long millis) {
      return Optional.of(Instant.ofEpochMilli(millis));
    }
    if (json instanceof String text) {
      try {
        return Optional.of(ExpiryText.parse(text));
      } catch (DateTimeException e) {
        return Optional.empty();
      }
    }
    return Optional.empty();
  }

  /** Returns {@code {"nodes": [...], "expiresAt": "<ISO-8601>"}}; nothing else (A5). */
  Map<String, Object> toJson() {
    List<String> urls = new ArrayList<>(nodes.size());
    nodes.forEach(node -> urls.add(node.toString()));
    Map<String, Object> json = new LinkedHashMap<>();
    json.put(NODES, urls);
    json.put(EXPIRES_AT, expiresAt.toString());
    return json;
  }
}
