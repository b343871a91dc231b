package io.entire.transport.application.port.out;

import static org.apiguardian.api.API.Status.INTERNAL;

import io.entire.transport.domain.NodeUrl;
import java.util.List;
import org.apiguardian.api.API;

/**
 * Remembers the replicas of a repository across invocations (DESIGN §5), keyed by cluster and repo
 * path. The cluster key is {@link
 * io.entire.transport.application.port.in.TransportConfig#cacheKey()}: the cluster host, with the
 * entry port when it is not the default one.
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

  /** Stores the nodes, replacing the entry. */
  void store(String clusterHost, String repoPath, List<NodeUrl> nodes);

  /** Removes the entry (K6). */
  void invalidate(String clusterHost, String repoPath);
}
