package io.entire.transport.bootstrap.helper;

import static io.entire.transport.bootstrap.helper.GitRun.mustSucceed;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.entire.transport.testkit.Fault;
import io.entire.transport.testkit.RecordedRequest;
import io.entire.transport.testkit.ReplicaServer;
import io.entire.transport.testkit.TestCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The main job end to end: real git, the real helper jar, a testkit cluster over real sockets. */
class CloneFetchPushIT {
  private static final String REPO = "et/org/repo";

  @TempDir Path temp;
  private TestCluster cluster;
  private HelperSandbox sandbox;
  private String url;

  @BeforeEach
  void start() {
    cluster = TestCluster.builder().replicas(3).repository(REPO).start();
    sandbox = new HelperSandbox(temp);
    url = "entire::" + cluster.entryUrl() + "/" + REPO;
  }

  @AfterEach
  void stop() {
    cluster.close();
  }

  private long entryRequests() {
    return cluster.requests().stream().filter(r -> r.server().equals("entry")).count();
  }

  @Test
  void coldCloneFollowsTheEntryRedirectAndCachesTheReplicas() throws Exception {
    mustSucceed(sandbox.git("clone", url, "clone"));

    Path clone = sandbox.work().resolve("clone");
    assertTrue(Files.exists(clone.resolve(".git")), "clone has a .git directory");
    mustSucceed(sandbox.gitIn(clone, Map.of(), "fsck", "--strict"));
    assertEquals(1, entryRequests(), "one GET on the entry domain (C1), then replicas");
    String cache = Files.readString(sandbox.cacheFile());
    for (String replica : cluster.replicaUrls()) {
      assertTrue(cache.contains(replica), "H2: cache lists " + replica + ": " + cache);
    }
  }

  @Test
  void warmFetchDoesNotTouchTheEntryDomain() {
    mustSucceed(sandbox.git("clone", url, "clone"));
    cluster.clearRequests();

    mustSucceed(sandbox.gitIn(sandbox.work().resolve("clone"), Map.of(), "fetch", "origin"));

    assertEquals(0, entryRequests(), "W1: cached replicas answer, entry untouched");
    assertFalse(cluster.requests().isEmpty(), "replicas served the fetch");
  }

  /** A replica fault and how the helper meets it (F2). */
  enum ReplicaFault {
    DOWN(Fault.down(), -1, "Connection refused"),
    STATUS_503(Fault.status(503), 503, "HTTP 503"),
    RESET(Fault.reset(), 0, "Connection reset"),
    // with a short ENTIRE_READ_TIMEOUT_SECONDS a hanging replica is a timeout before a response
    HANG(Fault.hang(), 0, "timed out");

    final Fault fault;
    // what the faulty replica's request log records for the request it failed; -1: nothing (down)
    final int recordedStatus;
    // part of the cause in the helper's node-failed debug line
    final String cause;

    ReplicaFault(Fault fault, int recordedStatus, String cause) {
      this.fault = fault;
      this.recordedStatus = recordedStatus;
      this.cause = cause;
    }
  }

  /**
   * F1 starts every helper process at a random node, so one fetch alone may never meet the faulty
   * replica. Each attempt stages the cache as {faulty, healthy} (a down replica is missing from the
   * replicas' live header, so the helper would not list it by itself) and fetches a fresh commit,
   * until the helper's debug log shows it failed over from the faulty replica; 20 attempts at even
   * odds leave a one-in-a-million chance of never starting there.
   */
  @ParameterizedTest(name = "F2 {0}")
  @EnumSource(ReplicaFault.class)
  void f2FailsOverFromADownFailingResettingOrHangingReplicaInvisibly(ReplicaFault kind)
      throws Exception {
    mustSucceed(sandbox.git("clone", url, "clone"));
    Path clone = sandbox.work().resolve("clone");
    ReplicaServer faulty = cluster.replica(0);
    ReplicaServer healthy = cluster.replica(1);
    faulty.fault(kind.fault);
    Map<String, String> env = new HashMap<>(Map.of("ENTIRE_DEBUG", "1", "LC_ALL", "C"));
    if (kind == ReplicaFault.HANG) {
      // short enough for a quick test, long enough that a healthy replica on a busy machine is
      // not mistaken for a hanging one
      env.put("ENTIRE_READ_TIMEOUT_SECONDS", "2");
      // F2's read-timeout failover, not D2: with hedging on, the healthy replica overtakes the
      // hanging one after the hedge delay and nothing fails over (HedgedDiscoveryIT covers that).
      env.put("ENTIRE_HEDGE_DELAY_MS", "0");
    }
    String failedLine = "node " + faulty.url() + " failed:";

    GitRun failedOver = null;
    int attempts = 0;
    while (failedOver == null && attempts < 20) {
      attempts++;
      new ReplicaCacheFile(sandbox.cacheFile())
          .entry(
              ReplicaCacheFile.clusterKey(cluster.entryUrl()),
              "/" + REPO,
              List.of(faulty.url(), healthy.url()))
          .write();
      String expected = commitOnTheServer("attempt " + attempts);
      cluster.clearRequests();

      GitRun fetch = sandbox.gitIn(clone, env, "fetch", "origin");

      mustSucceed(fetch);
      assertEquals(List.of(), fetch.userVisibleProblems(), "F2: failover is invisible to the user");
      assertEquals(
          expected,
          mustSucceed(sandbox.gitIn(clone, Map.of(), "rev-parse", "origin/main")).stdout().trim(),
          "the fetch brought the new commit");
      assertTrue(
          healthy.requests().stream().anyMatch(r -> r.method().equals("POST") && r.status() == 200),
          "the healthy replica served the fetch: " + cluster.requests());
      assertEquals(0, cluster.entry().requests().size(), "served from the cache, entry untouched");
      if (fetch.stderr().contains(failedLine)) {
        failedOver = fetch;
      }
    }

    assertNotNull(
        failedOver,
        "in "
            + attempts
            + " fetches the helper never failed over from "
            + faulty
            + " ("
            + kind
            + ")");
    String failure =
        failedOver.stderr().lines().filter(l -> l.contains(failedLine)).findFirst().orElseThrow();
    assertTrue(
        failure.contains(kind.cause), "F2: the node failed for the fault's reason: " + failure);
    List<RecordedRequest> failedRequests = faulty.requests();
    if (kind.recordedStatus < 0) {
      assertEquals(List.of(), failedRequests, "a down replica's closed port sees nothing");
    } else {
      assertTrue(
          failedRequests.stream()
              .anyMatch(
                  r ->
                      r.method().equals("GET")
                          && r.path().endsWith("/info/refs")
                          && r.status() == kind.recordedStatus),
          "the faulty replica was asked for info/refs and failed it: " + failedRequests);
      assertTrue(
          failedRequests.stream().allMatch(r -> r.status() == kind.recordedStatus),
          "nothing after the failure went to the faulty replica again: " + failedRequests);
    }
  }

  /** Adds a commit on top of main in the shared bare repository; returns its id. */
  private String commitOnTheServer(String message) {
    Path bare = cluster.repository(REPO);
    String tree = cluster.git().runChecked(bare, "rev-parse", "main^{tree}").stdout().trim();
    String commit =
        cluster.git().runChecked(bare, "commit-tree", "-p", "main", "-m", message, tree).stdout();
    cluster.git().runChecked(bare, "update-ref", "refs/heads/main", commit.trim());
    return commit.trim();
  }

  @Test
  void pushesAndReportsANonFastForwardLikeGit() throws Exception {
    mustSucceed(sandbox.git("clone", url, "a"));
    mustSucceed(sandbox.git("clone", url, "b"));
    Path a = sandbox.work().resolve("a");
    Path b = sandbox.work().resolve("b");
    Files.writeString(a.resolve("from-a.txt"), "a\n");
    mustSucceed(sandbox.gitIn(a, Map.of(), "add", "."));
    mustSucceed(sandbox.gitIn(a, Map.of(), "commit", "-m", "from a"));
    mustSucceed(sandbox.gitIn(a, Map.of(), "push", "origin", "HEAD"));
    List<RecordedRequest> pushes =
        cluster.requests().stream().filter(r -> r.path().endsWith("/git-receive-pack")).toList();
    assertEquals(1, pushes.size(), "one receive-pack POST");
    assertTrue(
        pushes.get(0).header("X-Entire-Push-Size") != null, "G6: X-Entire-Push-Size is sent");

    Files.writeString(b.resolve("from-b.txt"), "b\n");
    mustSucceed(sandbox.gitIn(b, Map.of(), "add", "."));
    mustSucceed(sandbox.gitIn(b, Map.of(), "commit", "-m", "from b"));
    GitRun rejected = sandbox.gitIn(b, Map.of(), "push", "origin", "HEAD");

    assertFalse(rejected.ok(), rejected::describe);
    assertTrue(rejected.stderr().contains("[rejected]"), rejected::describe);
    assertTrue(
        rejected.stderr().contains("fetch first") || rejected.stderr().contains("non-fast-forward"),
        rejected::describe);
  }

  // G6/G9: when send-pack gives up before any per-ref status (here: push options the server does
  // not accept), git must report a failed push, never "Everything up-to-date".
  @Test
  void aPushThatSendPackAbandonsIsReportedAsFailed() throws Exception {
    mustSucceed(sandbox.git("clone", url, "clone"));
    Path clone = sandbox.work().resolve("clone");
    mustSucceed(sandbox.gitIn(clone, Map.of(), "commit", "--allow-empty", "-m", "x"));

    GitRun push = sandbox.gitIn(clone, Map.of(), "push", "-o", "ci.skip", "origin", "HEAD:topic");

    assertFalse(push.ok(), push::describe);
    assertTrue(push.stderr().contains("does not support push options"), push::describe);
    assertTrue(push.stderr().contains("failed to push some refs"), push::describe);
    assertFalse(push.stderr().contains("Everything up-to-date"), push::describe);
  }
}
