package io.entire.transport.bootstrap.helper;

import static io.entire.transport.bootstrap.helper.GitRun.mustSucceed;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.entire.transport.testkit.Fault;
import io.entire.transport.testkit.ReplicaServer;
import io.entire.transport.testkit.TestCluster;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * F9 (hardening_3) end to end: servers that close every kept-alive connection right after a
 * complete response, without {@code Connection: close}, as RFC 9112 §9.5 allows. Native git
 * reconnects; so must the helper, without counting the node as failed (one replica: a failure would
 * fail the command outright).
 */
class ConnectionReuseIT {
  private static final String REPO = "et/org/repo";
  private static final Map<String, String> DEBUG = Map.of("ENTIRE_DEBUG", "1", "LC_ALL", "C");

  @TempDir Path temp;
  private TestCluster cluster;
  private HelperSandbox sandbox;
  private String url;

  /** Starts a cluster whose entry and replicas all close each connection after a response. */
  private void start(int replicas) {
    cluster = TestCluster.builder().replicas(replicas).repository(REPO).start();
    cluster.entry().fault(Fault.closeAfterResponse());
    cluster.replicas().forEach(r -> r.fault(Fault.closeAfterResponse()));
    sandbox = new HelperSandbox(temp);
    url = "entire::" + cluster.entryUrl() + "/" + REPO;
  }

  @AfterEach
  void stop() {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void hardening_3_F9_cloneLsRemoteAndFetchSucceedWhenServersCloseKeptAliveConnections() {
    start(1);
    List<ReplicaServer> replica = cluster.replicas();

    GitRun clone = sandbox.gitIn(sandbox.work(), DEBUG, "clone", url, "clone");
    assertSucceededWithoutNodeFailure(clone, replica);
    Path repo = sandbox.work().resolve("clone");
    mustSucceed(sandbox.gitIn(repo, Map.of(), "fsck", "--strict"));

    GitRun lsRemote = sandbox.gitIn(sandbox.work(), DEBUG, "ls-remote", url);
    assertSucceededWithoutNodeFailure(lsRemote, replica);
    assertTrue(lsRemote.stdout().contains("refs/heads/main"), lsRemote::describe);

    String expected = commitOnTheServer("after the clone");
    GitRun fetch = sandbox.gitIn(repo, DEBUG, "fetch", "origin");
    assertSucceededWithoutNodeFailure(fetch, replica);
    assertEquals(
        expected,
        mustSucceed(sandbox.gitIn(repo, Map.of(), "rev-parse", "origin/main")).stdout().trim(),
        "the fetch brought the new commit");

    // The fault was met, not dodged: some request went out on a connection the server had closed
    // and was sent again on a new one.
    assertTrue(
        Stream.of(clone, lsRemote, fetch)
            .anyMatch(run -> run.stderr().contains("resending on a new connection")),
        "a request met a closed kept-alive connection:\n" + fetch.describe());
  }

  @Test
  void hardening_3_F9_fetchesFromThreeSuchReplicasRecordNoNodeFailure() {
    start(3);
    mustSucceed(sandbox.git("clone", url, "clone"));
    Path repo = sandbox.work().resolve("clone");

    for (int i = 0; i < 3; i++) {
      String expected = commitOnTheServer("fetch " + i);
      GitRun fetch = sandbox.gitIn(repo, DEBUG, "fetch", "origin");
      assertSucceededWithoutNodeFailure(fetch, cluster.replicas());
      assertEquals(
          expected,
          mustSucceed(sandbox.gitIn(repo, Map.of(), "rev-parse", "origin/main")).stdout().trim());
    }
  }

  private static void assertSucceededWithoutNodeFailure(GitRun run, List<ReplicaServer> replicas) {
    mustSucceed(run);
    assertEquals(List.of(), run.userVisibleProblems(), run::describe);
    for (ReplicaServer replica : replicas) {
      assertFalse(
          run.stderr().contains("node " + replica.url() + " failed:"),
          "F9: a closed idle connection is not a node failure:\n" + run.describe());
    }
  }

  private String commitOnTheServer(String message) {
    Path bare = cluster.repository(REPO);
    String tree = cluster.git().runChecked(bare, "rev-parse", "main^{tree}").stdout().trim();
    String commit =
        cluster.git().runChecked(bare, "commit-tree", "-p", "main", "-m", message, tree).stdout();
    cluster.git().runChecked(bare, "update-ref", "refs/heads/main", commit.trim());
    return commit.trim();
  }
}
