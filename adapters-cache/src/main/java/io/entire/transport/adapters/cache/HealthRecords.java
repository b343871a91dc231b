package io.entire.transport.adapters.cache;

import com.fasterxml.jackson.core.JsonGenerator;
import io.entire.transport.adapters.cache.CacheJsonReader.Token;
import io.entire.transport.domain.NodeHealth;
import io.entire.transport.domain.NodeUrl;
import java.io.IOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code "health"} field of a cache entry (D3): node URL → {@code {"failures": n,
 * "ejectedUntil": "<ISO-8601>"}}.
 *
 * <p>The file is shared with every process of the user and may be edited by hand, so each record is
 * checked alone: a record that is not an object, names an invalid node URL, has no count or a count
 * below 1, or has no valid instant is dropped; a count above {@link NodeHealth#MAX_FAILURES} is
 * clamped to it. Each drop or clamp is reported in words (never quoting file content beyond a valid
 * node URL). The instant is bounded later, by {@link CacheEntry#withEjectionsUntilAtMost}, where
 * the file's write time is known.
 *
 * <p>Stateless.
 */
final class HealthRecords {
  private HealthRecords() {}

  /**
   * Reads the field's value; consumes it whatever its shape.
   *
   * @param json a parser on the first token of the value
   * @param problems told about each record dropped or clamped
   * @return the valid records, in file order
   * @throws IOException when the JSON itself is broken
   */
  static Map<NodeUrl, NodeHealth> read(CacheJsonReader json, List<String> problems)
      throws IOException {
    if (json.token() != Token.START_OBJECT) {
      json.skipChildren();
      problems.add("a health field that is not a JSON object");
      return Map.of();
    }
    Map<NodeUrl, NodeHealth> records = new LinkedHashMap<>();
    while (json.next() == Token.FIELD_NAME) {
      Optional<NodeUrl> node = NodeUrl.parse(json.text());
      json.next();
      if (node.isEmpty()) {
        json.skipChildren();
        problems.add("a health record of an invalid node URL");
        continue;
      }
      Optional<NodeHealth> record = recordOf(json, node.get(), problems);
      if (record.isPresent()) {
        records.put(node.get(), record.get());
      }
    }
    return records;
  }

  private static Optional<NodeHealth> recordOf(
      CacheJsonReader json, NodeUrl node, List<String> problems) throws IOException {
    if (json.token() != Token.START_OBJECT) {
      json.skipChildren();
      problems.add("health record of " + node + ": not a JSON object");
      return Optional.empty();
    }
    Long failures = null;
    Optional<Instant> until = Optional.empty();
    while (json.next() == Token.FIELD_NAME) {
      String field = json.text();
      json.next();
      if (CacheEntry.FAILURES.equals(field) && json.isLong()) {
        failures = json.longValue();
      } else if (CacheEntry.EJECTED_UNTIL.equals(field)) {
        until = CacheEntry.expiryOf(json);
      } else {
        json.skipChildren();
      }
    }
    if (failures == null || failures < 1) {
      problems.add(
          "health record of "
              + node
              + ": "
              + (failures == null ? "no whole failure count" : "failure count " + failures)
              + " (must be at least 1)");
      return Optional.empty();
    }
    if (until.isEmpty()) {
      problems.add("health record of " + node + ": no valid ejectedUntil instant");
      return Optional.empty();
    }
    if (failures > NodeHealth.MAX_FAILURES) {
      problems.add(
          "health record of "
              + node
              + ": failure count "
              + failures
              + " clamped to "
              + NodeHealth.MAX_FAILURES);
      failures = (long) NodeHealth.MAX_FAILURES;
    }
    return Optional.of(new NodeHealth(failures.intValue(), until.get()));
  }

  /** Writes the field for the records of {@code nodes}, in list order. */
  static void write(JsonGenerator json, List<NodeUrl> nodes, Map<NodeUrl, NodeHealth> health)
      throws IOException {
    json.writeObjectFieldStart(CacheEntry.HEALTH);
    for (NodeUrl node : nodes) {
      NodeHealth record = health.get(node);
      if (record != null) {
        json.writeObjectFieldStart(node.toString());
        json.writeNumberField(CacheEntry.FAILURES, record.consecutiveFailures());
        json.writeStringField(CacheEntry.EJECTED_UNTIL, record.ejectedUntil().toString());
        json.writeEndObject();
      }
    }
    json.writeEndObject();
  }
}
