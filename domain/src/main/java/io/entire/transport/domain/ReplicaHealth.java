package io.entire.transport.domain;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * The health records of a repository's nodes as read at one instant (D3): the input of the ring
 * order. Nodes without a record are healthy.
 *
 * <p>Immutable and thread-safe.
 *
 * @param records the record of each node that has one
 * @param readAt the instant the records are judged at (the replica cache's clock)
 * @since 0.2
 */
@API(status = INTERNAL)
public record ReplicaHealth(Map<NodeUrl, NodeHealth> records, Instant readAt) {
  /** No records: every node is healthy. */
  public static final ReplicaHealth NONE = new ReplicaHealth(Map.of(), Instant.EPOCH);

  /** Copies the records. */
  public ReplicaHealth {
    records = Map.copyOf(records);
    Objects.requireNonNull(readAt, "readAt");
  }

  /**
   * Whether {@code node} is ejected at {@link #readAt()} (D3).
   *
   * @param node a node
   * @return true when it has a record whose ejection has not ended
   */
  public boolean isEjected(NodeUrl node) {
    NodeHealth health = records.get(node);
    return health != null && health.isEjectedAt(readAt);
  }
}
