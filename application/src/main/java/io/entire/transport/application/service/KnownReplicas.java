package io.entire.transport.application.service;

import io.entire.transport.application.port.in.NodeFailedListener;
import io.entire.transport.application.port.in.TransportConfig;
import io.entire.transport.application.port.out.ReplicaCachePort;
import io.entire.transport.domain.ClusterTrustDomain;
import io.entire.transport.domain.Headers;
import io.entire.transport.domain.NodeHealth;
import io.entire.transport.domain.NodeUrl;
import io.entire.transport.domain.ReplicaHealth;
import io.entire.transport.domain.ReplicaSet;
import java.net.URI;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node list of one transport: which replicas it knows (filtered to the trust domain, R5; no
 * downgrade, X5; at most {@link ReplicaSet#MAX_REPLICAS}), which one is sticky (F7), how the list
 * is loaded from and written to the replica cache (H2–H4, K5), what a node failure does to it (F2,
 * K6: the node is demoted, the entry stays) and the nodes' health records (D3).
 *
 * <p>Not thread-safe: one per transport, which serves one serial git conversation.
 */
final class KnownReplicas {
  private static final Logger log = LoggerFactory.getLogger(KnownReplicas.class);

  private final ReplicaCachePort cache;
  private final String cacheKey;
  private final String repoPath;
  private final ClusterTrustDomain trustDomain;
  private final NodeFailedListener listener;
  private final boolean httpsCluster;
  private final TransportEvents events;

  private ReplicaSet nodes;
  private ReplicaSet entryList = ReplicaSet.empty(); // C3: the whole list an entry redirect named
  private NodeUrl stickyNode;

  /**
   * Nodes that failed while the cache had no entry naming them (e.g. replicas an entry redirect
   * named, C3): their failures are recorded once the list is persisted.
   */
  private final Set<NodeUrl> unrecordedFailures = new LinkedHashSet<>();

  /**
   * Starts with the configured initial nodes, else the cached ones, filtered to the trust domain
   * (R5).
   */
  KnownReplicas(
      TransportConfig config,
      ReplicaCachePort cache,
      ClusterTrustDomain trustDomain,
      TransportEvents events) {
    this.cache = cache;
    this.events = events;
    this.cacheKey = config.cacheKey();
    this.repoPath = config.repoPath();
    this.trustDomain = trustDomain;
    this.listener = config.nodeFailedListener();
    // X5: a cluster reached over https stays on https, whatever a header or the cache says.
    this.httpsCluster =
        config.entryUrl() != null
            ? "https".equalsIgnoreCase(config.entryUrl().getScheme())
            : !config.initialNodes().isEmpty() && allHttps(config.initialNodes());
    ReplicaSet initial = inCluster(ReplicaSet.of(config.initialNodes()), "initial config");
    this.nodes = initial.isEmpty() ? loadCachedNodes() : initial;
  }

  /** The current list. */
  ReplicaSet nodes() {
    return nodes;
  }

  /** The sticky node (F7), if any. */
  Optional<NodeUrl> stickyNode() {
    return Optional.ofNullable(stickyNode);
  }

  /** E4: the first node plus the repository path, or the path alone when no node is known. */
  String errorBaseUrl() {
    Optional<NodeUrl> first = nodes.first();
    return first.isPresent() ? first.get() + repoPath : repoPath;
  }

  /** F7: the origin that answered becomes sticky when it is listed. */
  void answeredBy(URI uri) {
    Optional<NodeUrl> origin = NodeUrl.originOf(uri);
    if (origin.isPresent() && nodes.contains(origin.get())) {
      stickyNode = origin.get();
    }
  }

  /** C3: the replicas an entry redirect named replace the list. */
  void adopt(ReplicaSet advertised) {
    nodes = advertised;
    entryList = advertised;
  }

  /**
   * H2–H4: learns from a discovery answer's replica header, or its origin.
   *
   * <p>Only a 200 is persisted.
   *
   * @param adopted whether the list was adopted from an entry redirect (C3) and is persisted after
   *     success when the answer itself names no replicas
   */
  void learnFrom(Answer answer, boolean adopted) {
    boolean ok = answer.status() == 200;
    ReplicaSet advertised = advertisedIn(answer.response().headers(), "response");
    if (!advertised.isEmpty()) {
      nodes = advertised; // H2
      if (ok) {
        persist(advertised);
      }
    } else if (!nodes.isEmpty()) {
      if (ok && adopted) {
        // K6: the entry's whole list, failed nodes included: they are demoted, not dropped.
        persist(entryList.isEmpty() ? nodes : entryList);
      }
      // H3: keep what we know, write nothing.
    } else {
      Optional<NodeUrl> origin = NodeUrl.originOf(answer.uri());
      if (origin.isPresent() && trustDomain.contains(origin.get())) {
        nodes = ReplicaSet.of(origin.get()); // H4: in memory only
      }
    }
  }

  /**
   * D3: the health records of the nodes, as the replica cache holds them now (K5: never throws).
   */
  ReplicaHealth health() {
    try {
      return cache.health(cacheKey, repoPath);
    } catch (RuntimeException e) {
      log.debug("replica cache health unreadable; treating every node as healthy", e); // K5
      return ReplicaHealth.NONE;
    }
  }

  /**
   * F2: drops the node from this transport's list and tells the listener; K6, D3: the node is
   * demoted in the replica cache entry (one more consecutive failure), after the listener ran; the
   * entry itself stays.
   */
  NodeFailure nodeFailed(NodeUrl node, Exception cause) {
    log.debug("node {} failed: {}", node, cause.toString());
    nodes = nodes.without(node);
    if (node.equals(stickyNode)) {
      stickyNode = null;
    }
    try {
      listener.nodeFailed(node, cause);
    } catch (RuntimeException listenerBug) {
      log.debug("node-failed listener threw", listenerBug);
    }
    recordFailure(node);
    return new NodeFailure(node, cause);
  }

  /** D3: {@code node} answered (below 500), so its health record, if any, is cleared. */
  void nodeAnswered(NodeUrl node) {
    unrecordedFailures.remove(node);
    try {
      if (cache.recordSuccess(cacheKey, repoPath, node)) {
        log.debug("node {} answered again; restored", node);
        events.replicaCacheWritten(); // O1
        events.nodeRestored(node); // O1
      }
    } catch (RuntimeException e) {
      log.debug("could not clear the health record of {}; continuing", node, e); // K5
    }
  }

  /**
   * D2: {@code node} was overtaken by a hedged attempt on another node: it counts as failed for D3
   * (demoted), but stays in this transport's list, like a node that failed a race late (D1).
   */
  void overtaken(NodeUrl node) {
    log.debug("node {} gave no answer within the hedge delay; demoted", node);
    recordFailure(node);
  }

  /**
   * D1: a connection to {@code node} that lost a race failed afterwards: the node is demoted (D3)
   * but stays in the list, since no request of this transport failed on it. Called on another
   * thread: it touches only the replica cache and the events, which are thread-safe; a failure of a
   * node the cache has no entry for yet is not kept for later.
   */
  void lateFailure(NodeUrl node, Exception cause) {
    log.debug("late connection failure of {}: {}", node, cause.toString());
    demote(node);
  }

  private void recordFailure(NodeUrl node) {
    if (!demote(node)) {
      unrecordedFailures.add(node); // no entry names it yet: recorded when one is persisted
    }
  }

  /** D3: one more failure of {@code node} in the cache entry; false when no entry names it. */
  private boolean demote(NodeUrl node) {
    try {
      Optional<NodeHealth> recorded = cache.recordFailure(cacheKey, repoPath, node);
      if (recorded.isPresent()) {
        events.replicaCacheWritten(); // O1
        events.nodeDemoted(node, recorded.get()); // O1
      }
      return recorded.isPresent();
    } catch (RuntimeException e) {
      log.debug("could not record the failure of {}; continuing", node, e); // K5
      return true; // nothing to keep for later
    }
  }

  /** The usable replicas a replica header names (R1, R2, R5, X5, at most 32). */
  ReplicaSet advertisedIn(Headers headers, String source) {
    ReplicaSet.Parsed parsed =
        ReplicaSet.parseHeader(headers.first(ReplicaSet.HEADER).orElse(null));
    for (String dropped : parsed.dropped()) {
      log.debug("ignoring invalid replica entry from {}: {}", source, dropped); // R2
    }
    return inCluster(parsed.replicas(), source);
  }

  private ReplicaSet inCluster(ReplicaSet candidates, String source) {
    ReplicaSet.Filtered filtered = candidates.inCluster(trustDomain);
    for (NodeUrl outside : filtered.dropped()) {
      log.debug("ignoring out-of-cluster replica {} from {}", outside, source); // R5
    }
    ReplicaSet.Filtered secure = filtered.replicas().withoutDowngrade(httpsCluster);
    for (NodeUrl plain : secure.dropped()) {
      log.debug("ignoring plain-http replica {} of an https cluster, from {}", plain, source); // X5
    }
    ReplicaSet.Filtered limited = secure.replicas().firstAtMost(ReplicaSet.MAX_REPLICAS);
    if (!limited.dropped().isEmpty()) {
      log.debug(
          "using the first {} replicas from {}; ignoring {} more",
          ReplicaSet.MAX_REPLICAS,
          source,
          limited.dropped().size());
    }
    return limited.replicas();
  }

  private ReplicaSet loadCachedNodes() {
    ReplicaSet cached;
    try {
      cached = inCluster(ReplicaSet.of(cache.load(cacheKey, repoPath)), "cache");
    } catch (RuntimeException e) {
      log.debug("replica cache unreadable; ignoring it", e); // K5
      cached = ReplicaSet.empty();
    }
    events.replicaCacheRead(!cached.isEmpty()); // O1: a hit is a usable node, not just an entry
    return cached;
  }

  private void persist(ReplicaSet replicas) {
    try {
      cache.store(cacheKey, repoPath, replicas.nodes());
      events.replicaCacheWritten(); // O1
    } catch (RuntimeException e) {
      log.debug("could not write the replica cache; continuing", e); // K5
      return;
    }
    // D3: failures seen before the entry existed count now that it names their nodes.
    Set<NodeUrl> pending = new LinkedHashSet<>(unrecordedFailures);
    unrecordedFailures.clear();
    for (NodeUrl node : pending) {
      if (replicas.contains(node)) {
        recordFailure(node);
      }
    }
  }

  /**
   * Whether every node is reached over https. (Loops rather than streams and Optional's lambdas in
   * this class: each lambda's first use costs a start without a startup archive ~0.4 ms, and every
   * git command builds one of these, DESIGN §7.)
   */
  private static boolean allHttps(List<NodeUrl> nodes) {
    for (NodeUrl node : nodes) {
      if (!node.isHttps()) {
        return false;
      }
    }
    return true;
  }
}
