package io.entire.transport.domain;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.apiguardian.api.API;

/**
 * An ordered, duplicate-free list of replica nodes hosting one repository.
 *
 * <p>Immutable and thread-safe: every operation returns a new set.
 */
@API(status = INTERNAL)
public final class ReplicaSet {
  /** The header that carries the replicas of a repository on any response. */
  public static final String HEADER = "X-Entire-Replicas";

  /**
   * The most replicas one list may hold: a header (up to 64 KiB) could name thousands, and every
   * dead one costs a connection attempt. Extra entries are dropped, keeping the first ones.
   */
  public static final int MAX_REPLICAS = 32;

  private static final ReplicaSet EMPTY = new ReplicaSet(List.of());

  private final List<NodeUrl> nodes;

  private ReplicaSet(List<NodeUrl> nodes) {
    this.nodes = nodes;
  }

  /** The empty set. */
  public static ReplicaSet empty() {
    return EMPTY;
  }

  /** A set of the given nodes in order, dropping duplicates. */
  public static ReplicaSet of(Collection<NodeUrl> nodes) {
    LinkedHashSet<NodeUrl> unique = new LinkedHashSet<>();
    for (NodeUrl node : nodes) {
      unique.add(Objects.requireNonNull(node, "node"));
    }
    return unique.isEmpty() ? EMPTY : new ReplicaSet(List.copyOf(unique));
  }

  /** A set of the given nodes in order, dropping duplicates. */
  public static ReplicaSet of(NodeUrl... nodes) {
    return of(List.of(nodes));
  }

  /**
   * Parses an {@code X-Entire-Replicas} header value (rules R1, R2): split on commas, trim, skip
   * empty entries, drop entries that are not node URLs.
   *
   * @param headerValue the header value, or null when the header is absent
   * @return the usable nodes and the dropped entries (for debug logging)
   */
  public static Parsed parseHeader(String headerValue) {
    if (headerValue == null) {
      return new Parsed(EMPTY, List.of());
    }
    List<NodeUrl> usable = new ArrayList<>();
    List<String> dropped = new ArrayList<>();
    for (String entry : headerValue.split(",", -1)) {
      String trimmed = entry.trim();
      if (trimmed.isEmpty()) {
        continue;
      }
      Optional<NodeUrl> node = NodeUrl.parse(trimmed);
      if (node.isPresent()) {
        usable.add(node.get());
      } else {
        dropped.add(trimmed);
      }
    }
    return new Parsed(of(usable), List.copyOf(dropped));
  }

  /**
   * The result of parsing a replica header.
   *
   * @param replicas the usable nodes, in header order
   * @param dropped the non-empty entries that were not valid node URLs
   */
  public record Parsed(ReplicaSet replicas, List<String> dropped) {}

  /** The nodes of this set that are in the trust domain (rule R5), and those that are not. */
  public Filtered inCluster(ClusterTrustDomain trustDomain) {
    List<NodeUrl> kept = new ArrayList<>();
    List<NodeUrl> rejected = new ArrayList<>();
    for (NodeUrl node : nodes) {
      (trustDomain.contains(node) ? kept : rejected).add(node);
    }
    return new Filtered(of(kept), List.copyOf(rejected));
  }

  /**
   * The nodes of this set that keep a cluster reached over https on https, and the plain-http ones.
   * A plain-http replica of an https cluster would be a downgrade (credentials and repository data
   * in clear text), refused like an https-to-http redirect (X5), wherever the list came from.
   *
   * @param httpsCluster whether the cluster is reached over https; when false nothing is dropped
   */
  public Filtered withoutDowngrade(boolean httpsCluster) {
    if (!httpsCluster) {
      return new Filtered(this, List.of());
    }
    List<NodeUrl> kept = new ArrayList<>();
    List<NodeUrl> rejected = new ArrayList<>();
    for (NodeUrl node : nodes) {
      (node.isHttps() ? kept : rejected).add(node);
    }
    return new Filtered(of(kept), List.copyOf(rejected));
  }

  /**
   * The first {@code max} nodes of this set, and the rest.
   *
   * @param max how many nodes to keep, at least 1
   */
  public Filtered firstAtMost(int max) {
    if (max < 1) {
      throw new IllegalArgumentException("max must be at least 1: " + max);
    }
    if (nodes.size() <= max) {
      return new Filtered(this, List.of());
    }
    return new Filtered(
        new ReplicaSet(List.copyOf(nodes.subList(0, max))),
        List.copyOf(nodes.subList(max, nodes.size())));
  }

  /**
   * The result of filtering a set.
   *
   * @param replicas the nodes kept
   * @param dropped the nodes that were dropped
   */
  public record Filtered(ReplicaSet replicas, List<NodeUrl> dropped) {}

  /** This set without the given node. */
  public ReplicaSet without(NodeUrl node) {
    if (!nodes.contains(node)) {
      return this;
    }
    List<NodeUrl> rest = new ArrayList<>(nodes);
    rest.remove(node);
    return of(rest);
  }

  /**
   * The nodes in ring order starting at an index: {@code start, start+1, …, size-1, 0, …, start-1}.
   *
   * @param start an index in {@code [0, size)}
   */
  public List<NodeUrl> ringFrom(int start) {
    if (nodes.isEmpty()) {
      return List.of();
    }
    if (start < 0 || start >= nodes.size()) {
      throw new IndexOutOfBoundsException(
          "ring start " + start + " outside 0.." + (nodes.size() - 1));
    }
    List<NodeUrl> ring = new ArrayList<>(nodes.size());
    for (int i = 0; i < nodes.size(); i++) {
      ring.add(nodes.get((start + i) % nodes.size()));
    }
    return List.copyOf(ring);
  }

  /** Returns the index of the node, or -1. */
  public int indexOf(NodeUrl node) {
    return nodes.indexOf(node);
  }

  /** Returns whether the node is in this set. */
  public boolean contains(NodeUrl node) {
    return nodes.contains(node);
  }

  /** Returns the nodes in order (unmodifiable). */
  public List<NodeUrl> nodes() {
    return nodes;
  }

  /** Returns the number of nodes. */
  public int size() {
    return nodes.size();
  }

  /** Returns whether the set has no node. */
  public boolean isEmpty() {
    return nodes.isEmpty();
  }

  /** Returns the first node, if any. */
  public Optional<NodeUrl> first() {
    return nodes.isEmpty() ? Optional.empty() : Optional.of(nodes.get(0));
  }

  /** Returns the header form: nodes joined by commas. */
  public String toHeaderValue() {
    StringBuilder b = new StringBuilder();
    for (NodeUrl node : nodes) {
      if (b.length() > 0) {
        b.append(',');
      }
      b.append(node);
    }
    return b.toString();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ReplicaSet other && nodes.equals(other.nodes);
  }

  @Override
  public int hashCode() {
    return nodes.hashCode();
  }

  @Override
  public String toString() {
    return nodes.toString();
  }
}
