package io.entire.transport.adapters.cache;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.entire.transport.domain.NodeUrl;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
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
   * @return the entry, or empty when the JSON is not a valid entry
   */
  static Optional<CacheEntry> fromJson(JsonNode json) {
    if (json == null || !json.isObject()) {
      return Optional.empty();
    }
    JsonNode nodesJson = json.get(NODES);
    if (nodesJson == null || !nodesJson.isArray() || nodesJson.isEmpty()) {
      return Optional.empty();
    }
    List<NodeUrl> nodes = new ArrayList<>(nodesJson.size());
    for (JsonNode element : nodesJson) {
      if (!element.isTextual()) {
        return Optional.empty();
      }
      Optional<NodeUrl> node = NodeUrl.parse(element.textValue());
      if (node.isEmpty()) {
        return Optional.empty();
      }
      nodes.add(node.get());
    }
    return expiryOf(json.get(EXPIRES_AT)).map(expiry -> new CacheEntry(nodes, expiry));
  }

  private static Optional<Instant> expiryOf(JsonNode json) {
    if (json == null) {
      return Optional.empty();
    }
    if (json.isIntegralNumber() && json.canConvertToLong()) {
      return Optional.of(Instant.ofEpochMilli(json.longValue()));
    }
    if (json.isTextual()) {
      try {
        return Optional.of(OffsetDateTime.parse(json.textValue()).toInstant());
      } catch (DateTimeException e) {
        return Optional.empty();
      }
    }
    return Optional.empty();
  }

  /** Writes {@code {"nodes": [...], "expiresAt": "<ISO-8601>"}}; nothing else (A5). */
  ObjectNode toJson() {
    ObjectNode json = JsonNodeFactory.instance.objectNode();
    var array = json.putArray(NODES);
    nodes.forEach(node -> array.add(node.toString()));
    json.put(EXPIRES_AT, expiresAt.toString());
    return json;
  }
}
