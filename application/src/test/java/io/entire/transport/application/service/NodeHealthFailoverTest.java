package io.entire.transport.application.service;

import static io.entire.transport.application.service.ScriptedHttpExchange.ok;
import static io.entire.transport.application.service.ScriptedHttpExchange.okWithReplicas;
import static io.entire.transport.application.service.ScriptedHttpExchange.refuse;
import static io.entire.transport.application.service.ScriptedHttpExchange.status;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.entire.transport.domain.GitService;
import io.entire.transport.domain.NodeHealth;
import io.entire.transport.domain.NodeUrl;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Health memory in the service (D3, D4, K6): failures demote a node in the replica cache, the ring
 * order puts demoted nodes last, a success clears the record. Over fakes: a scripted HTTP exchange
 * and an in-memory cache whose clock the test moves.
 */
class NodeHealthFailoverTest extends TransportTestSupport {
  private static final String CLUSTER = "eu.example.dev";

  private List<String> originsOfNextCall(ReplicaTransportService service) throws IOException {
    int before = http.origins().size();
    read(service.infoRefs(GitService.UPLOAD_PACK));
    return http.origins().subList(before, http.origins().size());
  }

  @Test
  void D3_aNodeThatFailedIsTriedLastByTheNextTransport() throws IOException {
    http.script(A, refuse()).script(B, ok("refs from b")).script(C, ok("refs from c"));
    assertEquals(List.of(A, B), originsOfNextCall(serviceWithNodes(A, B, C)));

    // Random start 0 again: without health the ring would be A, B, C.
    assertEquals(List.of(B), originsOfNextCall(service()), "A is ejected: B first");
    assertEquals(
        List.of(B, C, A),
        FailoverOrder.of(cache, CLUSTER, REPO, nodes(A, B, C)),
        "the whole order puts A last");
  }

  @Test
  void D3_sessionsSharingTheCacheSeeARecordAtOnce() throws IOException {
    http.script(A, refuse()).script(B, ok("refs from b"));
    cache.put(CLUSTER, REPO, nodes(A, B));
    ReplicaTransportService first = service();
    ReplicaTransportService second = service(); // opened before A fails

    assertEquals(List.of(A, B), originsOfNextCall(first));
    assertEquals(List.of(B), originsOfNextCall(second), "no second dial of A");
  }

  @Test
  void D3_whenEveryNodeIsEjectedEveryNodeIsStillTried() throws IOException {
    http.script(A, refuse()).script(B, refuse()).script(ENTRY, refuse());
    ReplicaTransportService failing = serviceWithNodes(A, B);
    assertThrows(IOException.class, () -> failing.infoRefs(GitService.UPLOAD_PACK));

    http.script(B, ok("refs from b"));
    assertEquals(List.of(A, B), originsOfNextCall(service()), "both ejected: both tried");
  }

  @Test
  void D3_consecutiveFailuresDoubleTheEjection() {
    http.script(A, refuse()).script(B, refuse()).script(ENTRY, refuse());
    cache.put(CLUSTER, REPO, nodes(A, B));
    for (int i = 0; i < 3; i++) {
      ReplicaTransportService service = service();
      assertThrows(IOException.class, () -> service.infoRefs(GitService.UPLOAD_PACK));
    }
    assertEquals(
        Optional.of(new NodeHealth(3, cache.now.plusSeconds(120))),
        cache.healthOf(CLUSTER, REPO, NodeUrl.of(A)));
  }

  @Test
  void D3_aNodeIsInItsPlaceAgainAfterItsEjectionAndOneSuccessClearsItsRecord() throws IOException {
    http.script(A, refuse(), ok("refs from a")).script(B, ok("refs from b"));
    assertEquals(List.of(A, B), originsOfNextCall(serviceWithNodes(A, B)));

    cache.now = cache.now.plus(NodeHealth.FIRST_EJECTION); // the ejection ends
    assertEquals(List.of(A), originsOfNextCall(service()), "A first again (random start 0)");
    assertEquals(Optional.empty(), cache.healthOf(CLUSTER, REPO, NodeUrl.of(A)), "D3: cleared");
  }

  @Test
  void D3_aClientErrorIsAnAnswerAndRestoresTheNode() {
    http.script(A, status(404, "no such repository"));
    cache.put(CLUSTER, REPO, nodes(A));
    cache.recordFailure(CLUSTER, REPO, NodeUrl.of(A));
    ReplicaTransportService service = service();

    assertThrows(Exception.class, () -> service.infoRefs(GitService.UPLOAD_PACK));

    assertEquals(Optional.empty(), cache.healthOf(CLUSTER, REPO, NodeUrl.of(A)));
  }

  @Test
  void D4_aReplicaHeaderReplacesTheListAndKeepsTheRecordsOfNodesStillListed() throws IOException {
    cache.put(CLUSTER, REPO, nodes(A, B, C));
    cache.recordFailure(CLUSTER, REPO, NodeUrl.of(A));
    cache.recordFailure(CLUSTER, REPO, NodeUrl.of(C));
    http.script(B, okWithReplicas("refs from b", A + "," + B));

    assertEquals(List.of(B), originsOfNextCall(service()));

    assertEquals(nodes(A, B), cache.load(CLUSTER, REPO), "D4: the header's list");
    assertEquals(
        1, cache.healthOf(CLUSTER, REPO, NodeUrl.of(A)).orElseThrow().consecutiveFailures());
    assertEquals(Optional.empty(), cache.healthOf(CLUSTER, REPO, NodeUrl.of(C)), "C not listed");
  }

  /** The order the service would use, straight from the domain, for the cache's records. */
  private static final class FailoverOrder {
    static List<String> of(
        InMemoryReplicaCache cache, String cluster, String repo, List<NodeUrl> nodes) {
      return io.entire.transport.domain.FailoverPolicy.attemptOrder(
              io.entire.transport.domain.ReplicaSet.of(nodes),
              null,
              bound -> 0,
              cache.health(cluster, repo))
          .stream()
          .map(NodeUrl::toString)
          .toList();
    }
  }
}
