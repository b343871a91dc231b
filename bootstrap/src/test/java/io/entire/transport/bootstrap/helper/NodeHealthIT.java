package io.entire.transport.bootstrap.helper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.entire.transport.testkit.Fault;
import io.entire.transport.testkit.TestCluster;
import io.entire.transport.testkit.TestClusterExtension;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Node health across helper processes (D3): a replica that failed in one {@code git ls-remote} is
 * tried last by the next processes sharing the cache file, so with a healthy replica next to it
 * they never dial it while its ejection lasts (30 s after one failure).
 */
class NodeHealthIT {
  private static final String REPO = "et/org/health";

  @RegisterExtension
  static final TestClusterExtension CLUSTER =
      TestClusterExtension.with(TestCluster.builder().replicas(2).repository(REPO));

  @TempDir Path temp;
  private HelperSandbox sandbox;

  @BeforeEach
  void sandbox() {
    sandbox = new HelperSandbox(temp);
  }

  private static String url() {
    return "entire::" + CLUSTER.get().entryUrl(REPO);
  }

  private GitRun lsRemote() {
    GitRun run = sandbox.git("ls-remote", url());
    assertTrue(run.ok(), run::describe);
    assertTrue(run.stdout().contains("refs/heads/main"), run::describe);
    return run;
  }

  @Test
  void aReplicaThatFailedInOneProcessIsTriedLastByTheNext_D3() {
    TestCluster cluster = CLUSTER.get();
    String key = ReplicaCacheFile.clusterKey(cluster.entryUrl());
    new ReplicaCacheFile(sandbox.cacheFile()).entry(key, "/" + REPO, cluster.replicaUrls()).write();
    String failing = cluster.replicaUrls().get(0);
    cluster.replica(0).fault(Fault.status(503));

    // F1 starts at a random node: run until one process dialled the failing replica (at most 12
    // runs; each has an even chance, so 12 misses in a row happen once in 4096).
    for (int i = 0; i < 12 && cluster.replica(0).requests().isEmpty(); i++) {
      lsRemote();
    }
    assertEquals(1, cluster.replica(0).requests().size(), "one process met the 503 once");
    assertEquals(
        1,
        ReplicaCacheFile.read(sandbox.cacheFile())
            .path(key)
            .path("/" + REPO)
            .path("health")
            .path(failing)
            .path("failures")
            .asInt(),
        "D3: the failure is in the shared file");

    cluster.replica(0).clearRequests();
    for (int i = 0; i < 3; i++) {
      lsRemote();
    }
    assertEquals(
        List.of(),
        cluster.replica(0).requests(),
        "D3: the next processes went to the healthy replica first and never needed the other");
  }
}
