package io.entire.transport.application.service;

import io.entire.transport.application.port.in.Cancellation;
import io.entire.transport.application.port.in.RequestBody;
import io.entire.transport.application.port.out.FirstConnection;
import io.entire.transport.application.port.out.HttpRequest;
import io.entire.transport.application.port.out.RandomSource;
import io.entire.transport.domain.AllNodesFailedException;
import io.entire.transport.domain.FailoverPolicy;
import io.entire.transport.domain.Headers;
import io.entire.transport.domain.HttpErrors;
import io.entire.transport.domain.NoHealthyNodesException;
import io.entire.transport.domain.NodeUrl;
import io.entire.transport.domain.ReplicaSet;
import io.entire.transport.domain.RepoAction;
import io.entire.transport.domain.TransportException;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Failover over the node list (F1–F8): sends one request to one node after another until a node
 * answers below 500; a node that fails leaves the list (F2, through {@link KnownReplicas}) and is
 * demoted in the replica cache (K6, D3); demoted nodes are tried after the others. Which node goes
 * next is decided by a race of connections (D1, fast fallback), and a discovery GET that gets no
 * answer within the hedge delay is sent to the next node as well (D2, {@link HedgedAttempts}). A
 * discovery call may be stopped early by its {@link DiscoveryBudget}.
 *
 * <p>Not thread-safe: one per transport, like the node list it works on.
 */
final class Failover {
  private static final Logger log = LoggerFactory.getLogger(Failover.class);

  private final FollowUpLoop followUps;
  private final KnownReplicas replicas;
  private final RandomSource random;
  private final String repoPath;
  private final SentSecrets secrets;
  private final TransportEvents events;
  private final Supplier<Cancellation> cancellation;
  private final Duration hedgeDelay;

  /**
   * @param cancellation the call's cancellation, which hedged attempts (D2) are linked to
   * @param hedgeDelay D2: how long a discovery GET waits for response headers before the next node
   *     is asked too; zero turns hedging off
   */
  Failover(
      FollowUpLoop followUps,
      KnownReplicas replicas,
      RandomSource random,
      String repoPath,
      SentSecrets secrets,
      TransportEvents events,
      Supplier<Cancellation> cancellation,
      Duration hedgeDelay) {
    this.followUps = followUps;
    this.replicas = replicas;
    this.random = random;
    this.repoPath = repoPath;
    this.secrets = secrets;
    this.events = events;
    this.cancellation = cancellation;
    this.hedgeDelay = hedgeDelay;
  }

  /** Discovery (W1, C3): {@code GET <node><repo><suffix>} within the call's time budget. */
  Answer get(String suffix, Headers headers, RepoAction action, DiscoveryBudget budget)
      throws IOException {
    return send("GET", suffix, headers, null, false, action, budget);
  }

  /** A service RPC (S2): {@code POST <node><repo><suffix>}, without a time budget, never hedged. */
  Answer post(String suffix, Headers headers, RequestBody body, boolean gzip, RepoAction action)
      throws IOException {
    return send("POST", suffix, headers, body, gzip, action, null);
  }

  private Answer send(
      String method,
      String suffix,
      Headers headers,
      RequestBody body,
      boolean gzip,
      RepoAction action,
      DiscoveryBudget budget)
      throws IOException {
    ReplicaSet snapshot = replicas.nodes();
    if (snapshot.isEmpty()) {
      throw new NoHealthyNodesException(); // F6
    }
    List<NodeUrl> order =
        FailoverPolicy.attemptOrder(
            snapshot,
            replicas.stickyNode().orElse(null),
            random::nextInt,
            replicas.health()); // F1, D3: ejected nodes last
    List<NodeUrl> untried = new ArrayList<>(order);
    List<TransportException> failures = new ArrayList<>();
    boolean hedged = method.equals("GET") && !hedgeDelay.isZero() && order.size() > 1;
    try (Attempts attempts =
        hedged
            ? new HedgedAttempts(followUps, action, cancellation.get(), hedgeDelay) // D2
            : Attempts.serial(followUps, action)) {
      for (; ; ) {
        if (!untried.isEmpty() && attempts.wantsAnother()) {
          if (budget != null && budget.isSpent()) {
            if (attempts.inFlight() == 0) {
              throw stopEarly(failures, order.size(), budget);
            }
            untried.clear(); // no new attempts; wait for those in flight
            continue;
          }
          NodeUrl node = nextNode(untried, method, suffix, headers, budget, failures); // D1
          if (node != null) {
            URI uri = node.resolve(repoPath + suffix);
            long start = budget == null ? 0 : budget.attemptStarts();
            // F8: the body is opened afresh for each attempt
            attempts.start(node, new HttpRequest(method, uri, headers, body, gzip), start);
          }
          continue;
        }
        if (attempts.inFlight() == 0) {
          break;
        }
        Attempts.Ended ended = attempts.next(!untried.isEmpty());
        if (ended == null) {
          continue; // D2: no answer within the hedge delay; the next node is asked too
        }
        NodeUrl node = ended.node();
        if (ended.failure() != null) {
          Throwable failure = ended.failure();
          if (!(failure instanceof Exception e)
              || FailoverPolicy.onFailure(e) == FailoverPolicy.Verdict.ABORT) {
            failures.forEach(failure::addSuppressed); // F4: abort at once, message verbatim
            throw rethrown(failure);
          }
          if (budget != null) {
            budget.failed(ended.start());
          }
          events.failover(node, e); // O1
          failures.add(replicas.nodeFailed(node, e)); // F2
          continue;
        }
        Answer answer = ended.answer();
        if (FailoverPolicy.onStatus(answer.status()) == FailoverPolicy.Verdict.FAIL_OVER) {
          String text = ServerText.readAndClose(answer.response(), secrets);
          TransportException serverError =
              HttpErrors.message(answer.status(), text, node + repoPath);
          events.failover(node, serverError); // O1
          failures.add(replicas.nodeFailed(node, serverError));
          continue;
        }
        for (NodeUrl overtaken : attempts.won(ended)) {
          replicas.overtaken(overtaken); // D2: counts as failed for D3
        }
        replicas.answeredBy(answer.uri()); // F7
        replicas.nodeAnswered(node); // D3: one success clears the node's record
        return answer; // F3
      }
    }
    if (failures.isEmpty()) {
      throw new NoHealthyNodesException(); // the budget stopped every attempt before a failure
    }
    TransportException last = failures.get(failures.size() - 1);
    AllNodesFailedException all = new AllNodesFailedException(order.size(), last); // F5
    for (int i = 0; i < failures.size() - 1; i++) {
      all.addSuppressed(failures.get(i));
    }
    throw all;
  }

  /**
   * D1: the next node to send to, taken out of {@code untried}. With more than one left, their
   * connections are raced (fast fallback): the first up wins, and nodes whose connection failed
   * before that fail over here (F2) and leave {@code untried}. Null when every connection failed.
   */
  private NodeUrl nextNode(
      List<NodeUrl> untried,
      String method,
      String suffix,
      Headers headers,
      DiscoveryBudget budget,
      List<TransportException> failures)
      throws IOException {
    if (untried.size() == 1) {
      return untried.remove(0);
    }
    List<NodeUrl> racing = List.copyOf(untried);
    List<HttpRequest> targets = new ArrayList<>(racing.size());
    for (NodeUrl node : racing) {
      targets.add(new HttpRequest(method, node.resolve(repoPath + suffix), headers, null, false));
    }
    long start = budget == null ? 0 : budget.attemptStarts();
    long raceStart = events.now();
    FirstConnection first =
        followUps.connectFirst(
            targets, (target, cause) -> replicas.lateFailure(racing.get(target), cause));
    for (FirstConnection.Failed failed : first.failedFirst()) {
      NodeUrl node = racing.get(failed.target());
      untried.remove(node);
      events.connectFailed(node, failed.cause(), raceStart); // O1: the attempt that got no answer
      events.failover(node, failed.cause()); // O1
      failures.add(replicas.nodeFailed(node, failed.cause())); // F2
    }
    if (budget != null && !first.failedFirst().isEmpty()) {
      budget.failed(start);
    }
    if (!first.anyUp()) {
      return null;
    }
    NodeUrl winner = racing.get(first.winner());
    untried.remove(winner);
    return winner;
  }

  /** An attempt's failure, thrown as it is (an attempt's thread only throws these kinds). */
  private static IOException rethrown(Throwable failure) {
    if (failure instanceof IOException io) {
      return io;
    }
    if (failure instanceof RuntimeException runtime) {
      throw runtime;
    }
    if (failure instanceof Error error) {
      throw error;
    }
    return new IOException(failure);
  }

  /** The discovery budget is spent: the nodes not tried yet stay in the list for later calls. */
  private static AllNodesFailedException stopEarly(
      List<TransportException> failures, int nodesKnown, DiscoveryBudget budget) {
    TransportException last = failures.get(failures.size() - 1);
    AllNodesFailedException stopped =
        new AllNodesFailedException(
            failures.size(),
            nodesKnown,
            "failed connection attempts took over " + budget.limit().toMillis() + " ms",
            last);
    for (int i = 0; i < failures.size() - 1; i++) {
      stopped.addSuppressed(failures.get(i));
    }
    log.debug("discovery gave up: {}", stopped.getMessage());
    return stopped;
  }
}
