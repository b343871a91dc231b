package io.entire.transport.domain;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntUnaryOperator;
import org.apiguardian.api.API;

/**
 * Decides the order in which nodes are tried and what each attempt's outcome means (rules F1–F4).
 *
 * <p>Stateless and thread-safe; randomness comes in as a parameter.
 */
@API(status = INTERNAL)
public final class FailoverPolicy {

  /** What to do after one attempt on one node. */
  public enum Verdict {
    /** Hand the answer to the caller (F3). */
    RETURN,
    /** Drop the node, notify the listener, try the next one (F2). */
    FAIL_OVER,
    /** Stop at once and surface the error (F4, cancellation). */
    ABORT
  }

  /**
   * D1: how long a connection attempt may take before the next node in the attempt order is dialled
   * as well (curl waits 200 ms, OkHttp 250 ms).
   */
  public static final Duration FAST_FALLBACK_STAGGER = Duration.ofMillis(250);

  /** D2: the default time a discovery GET waits for response headers before it is hedged. */
  public static final Duration DEFAULT_HEDGE_DELAY = Duration.ofSeconds(1);

  private FailoverPolicy() {}

  /**
   * The nodes to try, in order (F1), with every node healthy: see {@link #attemptOrder(ReplicaSet,
   * NodeUrl, IntUnaryOperator, ReplicaHealth)}.
   *
   * @param nodes the snapshot of the current node list
   * @param stickyNode the node that answered last in this invocation, or null
   * @param random draws an index in {@code [0, bound)}
   */
  public static List<NodeUrl> attemptOrder(
      ReplicaSet nodes, NodeUrl stickyNode, IntUnaryOperator random) {
    return attemptOrder(nodes, stickyNode, random, ReplicaHealth.NONE);
  }

  /**
   * The nodes to try, in order (F1, D3): each node of the snapshot once, in ring order, starting at
   * the sticky node when it is in the list and not ejected, else at a random index; then the
   * ejected nodes are moved to the end, keeping their ring order among themselves. An ejected node
   * is never skipped: when every node is ejected, every node is tried, in plain ring order.
   *
   * <p>An ejected sticky node is not the start: it failed for some session since it answered, so
   * the ring starts at random as if there were no sticky node, which spreads the load (F1).
   *
   * @param nodes the snapshot of the current node list
   * @param stickyNode the node that answered last in this invocation, or null
   * @param random draws an index in {@code [0, bound)}
   * @param health the nodes' health records and the instant they are judged at
   * @return every node of {@code nodes}, once
   * @since 0.2
   */
  public static List<NodeUrl> attemptOrder(
      ReplicaSet nodes, NodeUrl stickyNode, IntUnaryOperator random, ReplicaHealth health) {
    if (nodes.isEmpty()) {
      return List.of();
    }
    int start = stickyNode == null || health.isEjected(stickyNode) ? -1 : nodes.indexOf(stickyNode);
    if (start < 0) {
      start = Math.floorMod(random.applyAsInt(nodes.size()), nodes.size());
    }
    List<NodeUrl> ring = nodes.ringFrom(start);
    List<NodeUrl> order = new ArrayList<>(ring.size());
    List<NodeUrl> ejected = new ArrayList<>();
    for (NodeUrl node : ring) {
      (health.isEjected(node) ? ejected : order).add(node);
    }
    order.addAll(ejected); // D3: tried last, never skipped
    return List.copyOf(order);
  }

  /** Classifies an HTTP status (F2, F3): 5xx fails over, everything else is returned as is. */
  public static Verdict onStatus(int status) {
    return status >= 500 ? Verdict.FAIL_OVER : Verdict.RETURN;
  }

  /**
   * Classifies a failure to obtain a response (F2, F4): credential errors and cancellation abort,
   * refusals to talk to a host abort, proxy authentication failures and refusals to send
   * credentials in clear (N1) abort, any other I/O failure (refused, reset, TLS, timeout) fails
   * over; programming errors abort.
   */
  public static Verdict onFailure(Throwable failure) {
    if (failure instanceof CredentialException
        || failure instanceof TransportCancelledException
        || failure instanceof UntrustedHostException
        || failure instanceof RedirectRefusedException
        // The client's proxy or its settings, not the node: every node goes the same way (N1).
        || failure instanceof ProxyAuthenticationException
        || failure instanceof CleartextCredentialsException
        // The client's own pool, not the node: another node would wait for the same pool.
        || failure instanceof ConnectionPoolExhaustedException) {
      return Verdict.ABORT;
    }
    return failure instanceof IOException ? Verdict.FAIL_OVER : Verdict.ABORT;
  }
}
