package io.entire.transport.bootstrap.helper;

import static io.entire.transport.bootstrap.helper.GitRun.mustSucceed;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.entire.transport.testkit.Fault;
import io.entire.transport.testkit.RecordedRequest;
import io.entire.transport.testkit.ReplicaServer;
import io.entire.transport.testkit.TestCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * G6 end to end, when the replica that took the receive-pack POST applied the push and then failed
 * the response: the transport replays the POST on another replica, which refuses every ref update
 * as a compare-and-swap failure because the refs already hold the pushed values. The helper checks
 * the refs on the replica that answered and reports them as pushed, so git exits 0.
 */
class ReplayedPushIT {
  private static final String REPO = "et/org/replayed";
  private static final String RECEIVE_PACK = "/git-receive-pack";

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

  @ParameterizedTest(name = "hardening_push_replay G6 atomic={0}")
  @ValueSource(booleans = {false, true})
  void hardening_push_replay_g6AReplayedPushThatAlreadyLandedIsReportedAsPushed(boolean atomic)
      throws Exception {
    Path bare = cluster.repository(REPO);
    String base = cluster.git().runChecked(bare, "rev-parse", "refs/heads/main").stdout().trim();
    cluster.git().runChecked(bare, "update-ref", "refs/heads/doomed", base);
    mustSucceed(sandbox.git("clone", url, "clone"));
    Path clone = sandbox.work().resolve("clone");
    Files.writeString(clone.resolve("replayed.txt"), "replayed\n");
    mustSucceed(sandbox.gitIn(clone, Map.of(), "add", "replayed.txt"));
    mustSucceed(sandbox.gitIn(clone, Map.of(), "commit", "-q", "-m", "replayed"));
    String pushed = mustSucceed(sandbox.gitIn(clone, Map.of(), "rev-parse", "HEAD")).stdout();

    // Only replica 0 is cached, so it answers info/refs and takes the POST first (F7); it applies
    // the push and then answers 502, so the POST is replayed on a replica that finds it done.
    ReplicaServer faulty = cluster.replica(0);
    new ReplicaCacheFile(sandbox.cacheFile())
        .entry(ReplicaCacheFile.clusterKey(cluster.entryUrl()), "/" + REPO, List.of(faulty.url()))
        .write();
    faulty.fault(Fault.statusAfterHandler(502).onlyFor("POST", RECEIVE_PACK));
    cluster.clearRequests();

    List<String> args = new ArrayList<>(List.of("push", "--porcelain"));
    if (atomic) {
      args.add("--atomic");
    }
    args.addAll(
        List.of("origin", "HEAD:refs/heads/main", "HEAD:refs/heads/created", ":refs/heads/doomed"));
    GitRun push =
        sandbox.gitIn(
            clone, Map.of("ENTIRE_DEBUG", "1", "LC_ALL", "C"), args.toArray(String[]::new));

    List<RecordedRequest> posts =
        cluster.requests().stream()
            .filter(r -> r.method().equals("POST") && r.path().endsWith(RECEIVE_PACK))
            .toList();
    assertEquals(2, posts.size(), "one POST that landed but failed, one replay: " + posts);
    assertEquals(faulty.name(), posts.get(0).server(), "the sticky replica took the POST first");
    assertEquals(502, posts.get(0).status());
    assertNotEquals(faulty.name(), posts.get(1).server(), "replayed elsewhere");
    assertEquals(200, posts.get(1).status());

    assertFalse(push.stdout().contains("[remote rejected]"), push::describe);
    mustSucceed(push);
    String oid = pushed.trim();
    assertTrue(push.stdout().contains(" \tHEAD:refs/heads/main\t"), push::describe);
    assertTrue(push.stdout().contains("*\tHEAD:refs/heads/created\t[new branch]"), push::describe);
    assertTrue(push.stdout().contains("-\t:refs/heads/doomed\t[deleted]"), push::describe);
    assertTrue(
        push.stderr().contains("reported as pushed"), "the rewrite is logged: " + push.describe());
    assertEquals(oid, revParse(bare, "refs/heads/main"), "the shared repository has the commit");
    assertEquals(oid, revParse(bare, "refs/heads/created"));
    assertFalse(
        cluster.git().run(bare, "rev-parse", "--verify", "-q", "refs/heads/doomed").exitCode() == 0,
        "doomed is deleted");
    assertEquals(
        oid,
        mustSucceed(sandbox.gitIn(clone, Map.of(), "rev-parse", "refs/remotes/origin/main"))
            .stdout()
            .trim(),
        "git updated its remote-tracking ref: it saw the push succeed");
  }

  private String revParse(Path bare, String ref) {
    return cluster.git().runChecked(bare, "rev-parse", ref).stdout().trim();
  }
}
