package io.entire.transport.application.service;

import io.entire.transport.application.port.out.ReplicaCachePort;
import io.entire.transport.domain.NodeHealth;
import io.entire.transport.domain.NodeUrl;
import io.entire.transport.domain.ReplicaHealth;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A replica cache in a map that records every write and invalidation; it can be told to throw (K5).
 * It keeps health records per node (D3) at a settable instant {@link #now}, like the file cache:
 * failures only of nodes its entry lists, kept across a store for nodes still listed (D4).
 */
final class InMemoryReplicaCache implements ReplicaCachePort {
  /** One recorded {@link #store} call. */
  record Write(String clusterHost, String repoPath, List<NodeUrl> nodes) {}

  private final Map<String, List<NodeUrl>> entries = new HashMap<>();
  final List<Write> writes = new ArrayList<>();
  final List<String> loads = new ArrayList<>();
  final List<String> invalidations = new ArrayList<>();
  final List<String> healthWrites = new ArrayList<>();
  private final Map<String, Map<NodeUrl, NodeHealth>> health = new HashMap<>();
  Instant now = Instant.parse("2026-01-01T00:00:00Z");
  boolean broken;

  /** The health record of {@code node}, if any. */
  Optional<NodeHealth> healthOf(String clusterHost, String repoPath, NodeUrl node) {
    return Optional.ofNullable(
        health.getOrDefault(clusterHost + " " + repoPath, Map.of()).get(node));
  }

  @Override
  public ReplicaHealth health(String clusterHost, String repoPath) {
    if (broken) {
      throw new IllegalStateException("cache file unreadable");
    }
    return new ReplicaHealth(health.getOrDefault(clusterHost + " " + repoPath, Map.of()), now);
  }

  @Override
  public Optional<NodeHealth> recordFailure(String clusterHost, String repoPath, NodeUrl node) {
    String key = clusterHost + " " + repoPath;
    healthWrites.add("failure " + node);
    if (broken) {
      throw new IllegalStateException("cache file locked");
    }
    if (!entries.getOrDefault(key, List.of()).contains(node)) {
      return Optional.empty();
    }
    Map<NodeUrl, NodeHealth> records = health.computeIfAbsent(key, k -> new HashMap<>());
    NodeHealth next = NodeHealth.afterFailure(records.get(node), now);
    records.put(node, next);
    return Optional.of(next);
  }

  @Override
  public boolean recordSuccess(String clusterHost, String repoPath, NodeUrl node) {
    Map<NodeUrl, NodeHealth> records = health.get(clusterHost + " " + repoPath);
    if (records == null || !records.containsKey(node)) {
      return false;
    }
    healthWrites.add("success " + node);
    return records.remove(node) != null;
  }

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
    Map<NodeUrl, NodeHealth> records = health.get(clusterHost + " " + repoPath);
    if (records != null) {
      records.keySet().retainAll(nodes); // D4
    }
  }

  @Override
  public void invalidate(String clusterHost, String repoPath) {
    invalidations.add(clusterHost + " " + repoPath);
    if (broken) {
      throw new IllegalStateException("cache file locked");
    }
    entries.remove(clusterHost + " " + repoPath);
    health.remove(clusterHost + " " + repoPath);
  }
}
