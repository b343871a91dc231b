package io.entire.transport.demo;

import io.entire.transport.application.port.out.TransportEventListener;
import io.entire.transport.domain.NodeUrl;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The failovers a client reported (O1), by the node that failed: how often, and the first reason
 * given. Thread-safe: the client calls it from every thread that runs one of its sessions.
 */
final class FailoverLog implements TransportEventListener {

  /** What one node's failures looked like. */
  record NodeFailures(int count, FailureKind kind, String firstReason) {}

  private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();
  private final Map<String, String> firstReasons = new ConcurrentHashMap<>();
  private final Map<String, FailureKind> kinds = new ConcurrentHashMap<>();

  @Override
  public void failover(Call call, NodeUrl node, FailureKind kind, String reason) {
    String key = node.toString();
    counts.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
    firstReasons.putIfAbsent(key, reason);
    kinds.putIfAbsent(key, kind);
  }

  /** How many failovers were reported in all. */
  int total() {
    return counts.values().stream().mapToInt(AtomicInteger::get).sum();
  }

  /** The failures by node, in node order. */
  Map<String, NodeFailures> byNode() {
    Map<String, NodeFailures> nodes = new TreeMap<>();
    counts.forEach(
        (node, count) ->
            nodes.put(
                node, new NodeFailures(count.get(), kinds.get(node), firstReasons.get(node))));
    return nodes;
  }
}
