package io.entire.transport.application.service;

import io.entire.transport.application.port.out.ReplicaCachePort;
import io.entire.transport.domain.NodeUrl;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A replica cache in a map that records every write and invalidation; it can be told to throw (K5).
 */
final class InMemoryReplicaCache implements ReplicaCachePort {
  /** One recorded {@link #store} call. */
  record Write(String clusterHost, String repoPath, List<NodeUrl> nodes) {}

  private final Map<String, List<NodeUrl>> entries = new HashMap<>();
  final List<Write> writes = new ArrayList<>();
  final List<String> loads = new ArrayList<>();
  final List<String> invalidations = new ArrayList<>();
  boolean broken;

  InMemoryReplicaCache put(String clusterHost, String repoPath, List<NodeUrl> nodes) {
    entries.put(clusterHost + " " + repoPath, List.copyOf(nodes));
    return this;
  }

  @Override
  public List<NodeUrl> load(String clusterHost, String repoPath) {
    loads.add(clusterHost + " " + repoPath);
    if (broken) {
      throw new IllegalStateException("cache file unreadable");
    }
    return entries.getOrDefault(clusterHost + " " + repoPath, List.of());
  }

  @Override
  public void store(String clusterHost, String repoPath, List<NodeUrl> nodes) {
    writes.add(new Write(clusterHost, repoPath, List.copyOf(nodes)));
    if (broken) {
      throw new IllegalStateException("disk full");
    }
    entries.put(clusterHost + " " + repoPath, List.copyOf(nodes));
  }

  @Override
  public void invalidate(String clusterHost, String repoPath) {
    invalidations.add(clusterHost + " " + repoPath);
    if (broken) {
      throw new IllegalStateException("cache file locked");
    }
    entries.remove(clusterHost + " " + repoPath);
  }
}
