package io.entire.transport.bootstrap.helper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.entire.transport.testkit.Fault;
import io.entire.transport.testkit.TestCluster;
import io.entire.transport.testkit.TestClusterExtension;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
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

  @Test
  void D3_K3_thirtyTwoConcurrentHelpersFailingOverLeaveAValidFileWithConsistentRecords()
      throws Exception {
    List<String> repos = new ArrayList<>();
    TestCluster.Builder builder = TestCluster.builder().replicas(2);
    for (int i = 0; i < 8; i++) {
      repos.add("et/org/many-" + i);
      builder.repository(repos.get(i));
    }
    try (TestCluster cluster = builder.start()) {
      String key = ReplicaCacheFile.clusterKey(cluster.entryUrl());
      ReplicaCacheFile seeded = new ReplicaCacheFile(sandbox.cacheFile());
      repos.forEach(repo -> seeded.entry(key, "/" + repo, cluster.replicaUrls()));
      seeded.write();
      cluster.replica(0).fault(Fault.status(503));

      ExecutorService pool = Executors.newFixedThreadPool(32);
      try {
        List<Future<GitRun>> runs = new ArrayList<>();
        for (int i = 0; i < 32; i++) {
          String url = "entire::" + cluster.entryUrl(repos.get(i % repos.size()));
          runs.add(pool.submit(() -> sandbox.git("ls-remote", url)));
        }
        for (Future<GitRun> run : runs) {
          GitRun done = run.get(300, TimeUnit.SECONDS);
          assertTrue(done.ok() && done.stdout().contains("refs/heads/main"), done::describe);
        }
      } finally {
        pool.shutdownNow();
      }

      JsonNode file = ReplicaCacheFile.read(sandbox.cacheFile()); // K3: still valid JSON
      String failing = cluster.replicaUrls().get(0);
      for (String repo : repos) {
        JsonNode entry = file.path(key).path("/" + repo);
        assertEquals(
            Optional.of(cluster.replicaUrls()),
            ReplicaCacheFile.nodes(sandbox.cacheFile(), key, "/" + repo),
            "K3: every entry is kept, " + repo);
        long served503 =
            cluster.replica(0).requests().stream()
                .filter(r -> r.path().startsWith("/" + repo + "/"))
                .count();
        // Each 503 counted once, whichever process met it: no failure lost to a race.
        assertEquals(
            served503,
            entry.path("health").path(failing).path("failures").asLong(),
            "D3: the failures of " + repo);
        assertTrue(
            entry.path("health").path(cluster.replicaUrls().get(1)).isMissingNode(),
            "the healthy replica has no record: " + entry);
      }
    }
  }
}
