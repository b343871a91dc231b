package io.entire.transport.application.port.out;

import static org.apiguardian.api.API.Status.INTERNAL;

import io.entire.transport.domain.NodeHealth;
import io.entire.transport.domain.NodeUrl;
import io.entire.transport.domain.ReplicaHealth;
import java.util.List;
import java.util.Optional;
import org.apiguardian.api.API;

/**
 * Remembers the replicas of a repository across invocations (DESIGN §5), keyed by cluster and repo
 * path. The cluster key is {@link
 * io.entire.transport.application.port.in.TransportConfig#cacheKey()}: the cluster host, with the
 * entry port when it is not the default one.
 *
 * <p>Each entry also holds the health records of its nodes (D3): a node failure records a failure
 * instead of dropping the entry (K6), a success clears the node's record, and {@link #store} keeps
 * the records of the nodes the new list still names (D4). The health methods have defaults that
 * remember nothing, so a cache without health support treats every node as healthy.
 *
 * <p>Implementations must be thread-safe and must never throw: a failing cache is logged and
 * treated as empty (K5).
 */
@API(status = INTERNAL)
public interface ReplicaCachePort {

  /** A cache that remembers nothing. */
  ReplicaCachePort NONE =
      new ReplicaCachePort() {
        @Override
        public List<NodeUrl> load(String clusterHost, String repoPath) {
          return List.of();
        }

        @Override
        public void store(String clusterHost, String repoPath, List<NodeUrl> nodes) {}

        @Override
        public void invalidate(String clusterHost, String repoPath) {}
      };

  /** Returns the unexpired cached nodes, or an empty list. */
  List<NodeUrl> load(String clusterHost, String repoPath);

  /**
   * Stores the nodes, replacing the entry's node list; the health records of the nodes still listed
   * are kept, the others dropped (D4).
   */
  void store(String clusterHost, String repoPath, List<NodeUrl> nodes);

  /** Removes the entry with its health records. The transport no longer calls it (K6). */
  void invalidate(String clusterHost, String repoPath);

  /**
   * The health records of the entry's nodes, judged at the cache's clock (D3); {@link
   * ReplicaHealth#NONE} when there is no live entry. Never throws (K5).
   *
   * @param clusterHost the cluster key
   * @param repoPath the repository path
   * @return the records and the instant they are judged at
   * @since 0.2
   */
  default ReplicaHealth health(String clusterHost, String repoPath) {
    return ReplicaHealth.NONE;
  }

  /**
   * Records one more consecutive failure of {@code node} at the cache's clock (D3, K6), when the
   * live entry lists the node; otherwise records nothing. Never throws (K5).
   *
   * @param clusterHost the cluster key
   * @param repoPath the repository path
   * @param node the node that failed
   * @return the node's new record, or empty when nothing was recorded (no live entry naming it)
   * @since 0.2
   */
  default Optional<NodeHealth> recordFailure(String clusterHost, String repoPath, NodeUrl node) {
    return Optional.empty();
  }

  /**
   * Clears the health record of {@code node} after it answered (D3). Cheap when it has none: no
   * write happens. Never throws (K5).
   *
   * @param clusterHost the cluster key
   * @param repoPath the repository path
   * @param node the node that answered
   * @return whether a record was cleared (the node was demoted and is restored)
   * @since 0.2
   */
  default boolean recordSuccess(String clusterHost, String repoPath, NodeUrl node) {
    return false;
  }
}
