package io.entire.transport.bootstrap.integration;

import static io.entire.transport.bootstrap.integration.WiredTransport.node;
import static io.entire.transport.bootstrap.integration.WiredTransport.readAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.entire.transport.domain.GitService;
import io.entire.transport.domain.NodeUrl;
import io.entire.transport.testkit.Fault;
import io.entire.transport.testkit.RecordedRequest;
import io.entire.transport.testkit.TestCluster;
import io.entire.transport.testkit.TestClusterExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fast fallback (D1) and hedged discovery (D2) on the real stack: the service over HttpClient, real
 * sockets and a testkit cluster whose first replica drops every SYN or never answers. The bounds
 * are the generous ones for a shared machine; bench/node-health.sh measures the figures.
 */
@Timeout(60)
class FastFallbackIntegrationTest {

  @RegisterExtension
  static final TestClusterExtension CLUSTER =
      TestClusterExtension.with(
          TestCluster.builder()
              .replicas(2)
              .repository(WiredTransport.REPO_PATH.substring(1))
              .requireBearer(WiredTransport.TOKEN));

  @TempDir Path dir;

  private List<NodeUrl> replicas() {
    return CLUSTER.replicaUrls().stream().map(WiredTransport::node).toList();
  }

  private List<String> answeredOk() {
    return CLUSTER.get().requests().stream()
        .filter(r -> r.status() == 200)
        .map(RecordedRequest::server)
        .toList();
  }

  @Test
  void D1_aBlackholedFirstReplicaCostsAFractionOfTheConnectTimeout() throws Exception {
    CLUSTER.replica(0).fault(Fault.blackhole());
    try (WiredTransport transport =
        WiredTransport.open(
            CLUSTER.entryUrl(), dir.resolve("nodes.json"), b -> b.initialNodes(replicas()))) {
      long start = System.nanoTime();
      String refs = readAll(transport.service.infoRefs(GitService.UPLOAD_PACK));
      long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

      assertTrue(refs.contains("refs/heads/main"), refs);
      assertTrue(millis < 600, "took " + millis + " ms; the connect timeout is 1 s");
      assertEquals(List.of("replica-1"), answeredOk());
      assertEquals(node(CLUSTER.replica(1).url()), transport.service.stickyNode().orElseThrow());
      assertEquals(List.of(), transport.failedNodes, "no failover: the request went once");
    }
  }

  @Test
  @SuppressWarnings("deprecation") // the read timeout rides on the test's configuration
  void D2_aReplicaThatNeverAnswersCostsOneHedgeDelayNotTheReadTimeout() throws Exception {
    CLUSTER.replica(0).fault(Fault.hang());
    try (WiredTransport transport =
        WiredTransport.openHedged(
            CLUSTER.entryUrl(),
            dir.resolve("nodes.json"),
            b -> b.initialNodes(replicas()).readTimeout(Duration.ofSeconds(60)),
            Duration.ofMillis(300))) {
      long start = System.nanoTime();
      String refs = readAll(transport.service.infoRefs(GitService.UPLOAD_PACK));
      long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

      assertTrue(refs.contains("refs/heads/main"), refs);
      assertTrue(millis < 2000, "took " + millis + " ms with a 60 s read timeout");
      assertEquals(List.of("replica-1"), answeredOk());
      assertEquals(List.of(), transport.failedNodes, "overtaken, not failed over");
    }
  }
}
