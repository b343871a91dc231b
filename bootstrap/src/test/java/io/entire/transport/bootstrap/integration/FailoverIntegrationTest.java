package io.entire.transport.bootstrap.integration;

import static io.entire.transport.bootstrap.integration.PktLines.UPLOAD_PACK_ADVERTISEMENT_START;
import static io.entire.transport.bootstrap.integration.WiredTransport.node;
import static io.entire.transport.bootstrap.integration.WiredTransport.readAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.entire.transport.application.port.in.HeaderCustomizer;
import io.entire.transport.application.port.in.RequestBody;
import io.entire.transport.domain.GitService;
import io.entire.transport.domain.NodeUrl;
import io.entire.transport.testkit.Fault;
import io.entire.transport.testkit.RecordedRequest;
import io.entire.transport.testkit.TestCluster;
import io.entire.transport.testkit.TestClusterExtension;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Warm-path failover over real sockets (F1, F2, W1, W2): replicas that refuse, answer 5xx, reset or
 * stall are skipped, the listener hears about each of them, and git still gets the real
 * advertisement of {@code git http-backend}.
 */
class FailoverIntegrationTest {

  @RegisterExtension
  static final TestClusterExtension CLUSTER =
      TestClusterExtension.with(
          TestCluster.builder()
              .replicas(3)
              .repository("et/org/repo")
              .requireBearer(WiredTransport.TOKEN));

  @TempDir Path dir;

  /** A transport whose node list starts as all three replicas, in index order (warm path). */
  private WiredTransport warmTransport() {
    List<NodeUrl> replicas = CLUSTER.replicaUrls().stream().map(WiredTransport::node).toList();
    return WiredTransport.open(
        CLUSTER.entryUrl(), dir.resolve("nodes.json"), b -> b.initialNodes(replicas));
  }

  private NodeUrl replica(int i) {
    return node(CLUSTER.replica(i).url());
  }

  /** The servers that answered 200, in order. */
  private static List<String> answeredOk(TestCluster cluster) {
    return cluster.requests().stream()
        .filter(r -> r.status() == 200)
        .map(RecordedRequest::server)
        .toList();
  }

  static Stream<Arguments> brokenReplicas() {
    return Stream.of(
        Arguments.of("refused (down)", Fault.down()),
        Arguments.of("HTTP 503", Fault.status(503)),
        Arguments.of("connection reset", Fault.reset()),
        Arguments.of("stalled until the read timeout", Fault.hang()));
  }

  @ParameterizedTest(name = "F2 warm path skips a replica that is {0}")
  @MethodSource("brokenReplicas")
  void f2_warmPathFailsOverToTheNextReplica(String what, Fault fault) throws Exception {
    CLUSTER.replica(0).fault(fault);
    try (WiredTransport transport = warmTransport()) {
      String advertisement = readAll(transport.service.infoRefs(GitService.UPLOAD_PACK));

      assertTrue(
          advertisement.startsWith(UPLOAD_PACK_ADVERTISEMENT_START),
          "not an upload-pack advertisement: " + advertisement);
      assertTrue(advertisement.contains("refs/heads/main"), advertisement);
      assertEquals(List.of(replica(0)), transport.failedNodes, "F2: the listener hears of it");
      // F1 ring order: after replica 0 comes replica 1, which answered; the entry was not needed.
      assertEquals(List.of("replica-1"), answeredOk(CLUSTER.get()));
      assertTrue(CLUSTER.get().entry().requests().isEmpty(), "W1: no cold path");
    }
  }

  @Test
  void f2_replicaGoingDownBetweenCallsIsSkippedWithoutAnError() throws Exception {
    try (WiredTransport transport = warmTransport()) {
      readAll(transport.service.infoRefs(GitService.UPLOAD_PACK));
      assertEquals(List.of("replica-0"), answeredOk(CLUSTER.get()));
      assertEquals(replica(0), transport.service.stickyNode().orElseThrow(), "F7 sticky node");

      // The pooled keep-alive connection to replica 0 dies with it.
      CLUSTER.replica(0).fault(Fault.down());
      String refs =
          readAll(
              transport.service.serviceRpc(
                  GitService.UPLOAD_PACK,
                  RequestBody.ofBytes(PktLines.lsRefs()),
                  HeaderCustomizer.set("Git-Protocol", "version=2")));

      assertTrue(refs.contains("refs/heads/main"), refs);
      assertEquals(List.of(replica(0)), transport.failedNodes);
      assertEquals(List.of("replica-0", "replica-1"), answeredOk(CLUSTER.get()));
      assertEquals(replica(1), transport.service.stickyNode().orElseThrow(), "F7 moves on");
    }
  }

  @Test
  void w2_deadCachedReplicasFallBackToTheEntryDomain() throws Exception {
    CLUSTER.replica(0).fault(Fault.down());
    try (WiredTransport transport =
        WiredTransport.open(
            CLUSTER.entryUrl(),
            dir.resolve("nodes.json"),
            b -> b.initialNodes(List.of(replica(0))))) {
      String advertisement = readAll(transport.service.infoRefs(GitService.UPLOAD_PACK));

      assertTrue(advertisement.startsWith(UPLOAD_PACK_ADVERTISEMENT_START), advertisement);
      assertEquals(List.of(replica(0)), transport.failedNodes);
      assertEquals(1, CLUSTER.get().entry().requests().size(), "W2: cold path once");
      // C3: the entry's list holds the live replicas 1 and 2; ring order starts at the first.
      assertEquals(List.of("replica-1"), answeredOk(CLUSTER.get()));
    }
  }
}
