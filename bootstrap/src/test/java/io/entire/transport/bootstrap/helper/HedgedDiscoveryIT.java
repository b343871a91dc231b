package io.entire.transport.bootstrap.helper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.entire.transport.testkit.Fault;
import io.entire.transport.testkit.TestCluster;
import io.entire.transport.testkit.TestClusterExtension;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hedged discovery (D2) and fast fallback (D1) in real {@code git} commands: a replica that accepts
 * and never answers costs one hedge delay, not the 60 s read timeout, and is demoted for the next
 * processes; a replica that drops every SYN costs a stagger, and is demoted too although the
 * process ends long before its connect timeout.
 */
class HedgedDiscoveryIT {
  private static final String REPO = "et/org/hedged";

  @RegisterExtension
  static final TestClusterExtension CLUSTER =
      TestClusterExtension.with(TestCluster.builder().replicas(2).repository(REPO));

  @TempDir Path temp;

  /**
   * Runs {@code git ls-remote} with the cache staged as {faulty, healthy} until one process met the
   * faulty replica first (F1 starts at random: 12 misses in a row happen once in 4096), and returns
   * the elapsed milliseconds of that run.
   */
  private long lsRemoteUntilTheFaultyReplicaIsMet(
      HelperSandbox sandbox, Map<String, String> env, java.util.function.BooleanSupplier met) {
    TestCluster cluster = CLUSTER.get();
    String key = ReplicaCacheFile.clusterKey(cluster.entryUrl());
    for (int i = 0; i < 12; i++) {
      new ReplicaCacheFile(sandbox.cacheFile())
          .entry(key, "/" + REPO, cluster.replicaUrls())
          .write(); // fresh: no health record decides the order
      long start = System.nanoTime();
      GitRun run =
          sandbox.gitIn(sandbox.work(), env, "ls-remote", "entire::" + cluster.entryUrl(REPO));
      long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      assertTrue(run.ok() && run.stdout().contains("refs/heads/main"), run::describe);
      assertEquals(List.of(), run.userVisibleProblems(), "invisible to the user");
      if (met.getAsBoolean()) {
        return millis;
      }
    }
    throw new AssertionError("no process started at the faulty replica in 12 runs");
  }

  private int recordedFailures(HelperSandbox sandbox, String node) {
    return ReplicaCacheFile.read(sandbox.cacheFile())
        .path(ReplicaCacheFile.clusterKey(CLUSTER.get().entryUrl()))
        .path("/" + REPO)
        .path("health")
        .path(node)
        .path("failures")
        .asInt();
  }

  @Test
  void D2_aReplicaThatNeverAnswersCostsOneHedgeDelayAndIsDemoted() {
    HelperSandbox sandbox = new HelperSandbox(temp);
    CLUSTER.replica(0).fault(Fault.hang());

    long millis =
        lsRemoteUntilTheFaultyReplicaIsMet(
            sandbox,
            Map.of("ENTIRE_HEDGE_DELAY_MS", "300", "ENTIRE_READ_TIMEOUT_SECONDS", "60"),
            () -> !CLUSTER.replica(0).requests().isEmpty());

    // Without hedging the run would take the 60 s read timeout; the bound is generous.
    assertTrue(millis < 20_000, "the run that met the hanging replica took " + millis + " ms");
    assertEquals(1, recordedFailures(sandbox, CLUSTER.replicaUrls().get(0)), "overtaken: D3");
  }

  @Test
  void D1_aBlackholedReplicaIsDemotedByAProcessThatEndsBeforeItsConnectTimeout() {
    HelperSandbox sandbox = new HelperSandbox(temp);
    CLUSTER.replica(0).fault(Fault.blackhole());
    String blackholed = CLUSTER.replicaUrls().get(0);

    long millis =
        lsRemoteUntilTheFaultyReplicaIsMet(
            sandbox,
            Map.of("ENTIRE_CONNECT_TIMEOUT_SECONDS", "30"),
            () -> recordedFailures(sandbox, blackholed) > 0);

    assertTrue(millis < 20_000, "the run that dialled the blackholed replica took " + millis);
    assertEquals(1, recordedFailures(sandbox, blackholed));
  }
}
