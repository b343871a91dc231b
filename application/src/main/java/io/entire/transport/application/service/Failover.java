package io.entire.transport.application.service;

import io.entire.transport.application.port.in.RequestBody;
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
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Failover over the node list (F1–F8): sends one request to one node after another until a node
 * answers below 500; a node that fails leaves the list (F2, through {@link KnownReplicas}) and is
 * demoted in the replica cache (K6, D3); demoted nodes are tried after the others. A discovery call
 * may be stopped early by its {@link DiscoveryBudget}.
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

  Failover(
      FollowUpLoop followUps,
      KnownReplicas replicas,
      RandomSource random,
      String repoPath,
      SentSecrets secrets,
      TransportEvents events) {
    this.followUps = followUps;
    this.replicas = replicas;
    this.random = random;
    this.repoPath = repoPath;
    this.secrets = secrets;
    this.events = events;
  }

  /** Discovery (W1, C3): {@code GET <node><repo><suffix>} within the call's time budget. */
  Answer get(String suffix, Headers headers, RepoAction action, DiscoveryBudget budget)
      throws IOException {
    return send("GET", suffix, headers, null, false, action, budget);
  }

  /** A service RPC (S2): {@code POST <node><repo><suffix>}, without a time budget. */
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
    List<TransportException> failures = new ArrayList<>();
    for (NodeUrl node : order) {
      if (budget != null && budget.isSpent()) {
        throw stopEarly(failures, order.size(), budget);
      }
      URI uri = node.resolve(repoPath + suffix);
      HttpRequest request = new HttpRequest(method, uri, headers, body, gzip); // F8: fresh open
      Answer answer;
      long start = budget == null ? 0 : budget.attemptStarts();
      try {
        answer = followUps.send(request, action, FollowUpLoop.FirstRedirect.FOLLOW);
      } catch (IOException | RuntimeException e) {
        if (FailoverPolicy.onFailure(e) == FailoverPolicy.Verdict.ABORT) {
          failures.forEach(e::addSuppressed); // F4: abort at once, message verbatim
          throw e;
        }
        if (budget != null) {
          budget.failed(start);
        }
        events.failover(node, e); // O1
        failures.add(replicas.nodeFailed(node, e)); // F2
        continue;
      }
      if (FailoverPolicy.onStatus(answer.status()) == FailoverPolicy.Verdict.FAIL_OVER) {
        String text = ServerText.readAndClose(answer.response(), secrets);
        TransportException serverError = HttpErrors.message(answer.status(), text, node + repoPath);
        events.failover(node, serverError); // O1
        failures.add(replicas.nodeFailed(node, serverError));
        continue;
      }
      replicas.answeredBy(answer.uri()); // F7
      replicas.nodeAnswered(node); // D3: one success clears the node's record
      return answer; // F3
    }
    TransportException last = failures.get(failures.size() - 1);
    AllNodesFailedException all = new AllNodesFailedException(order.size(), last); // F5
    for (int i = 0; i < failures.size() - 1; i++) {
      all.addSuppressed(failures.get(i));
    }
    throw all;
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
