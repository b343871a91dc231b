package io.entire.transport.bootstrap.helper;

import static io.entire.transport.bootstrap.helper.GitRun.mustSucceed;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.entire.transport.testkit.Fault;
import io.entire.transport.testkit.RecordedRequest;
import io.entire.transport.testkit.TestCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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

  @Test
  void failsOverWhenReplicasAreDownFailingOrResetting() {
    mustSucceed(sandbox.git("clone", url, "clone"));
    cluster.replica(0).fault(Fault.down());
    cluster.replica(1).fault(Fault.status(503));
    cluster.clearRequests();

    GitRun fetch = sandbox.gitIn(sandbox.work().resolve("clone"), Map.of(), "fetch", "origin");

    mustSucceed(fetch);
    assertFalse(fetch.stderr().contains("fatal"), "F2: failover is invisible to the user");
    assertTrue(
        cluster.replica(2).requests().stream().anyMatch(r -> r.path().endsWith("/info/refs")),
        "the healthy replica answered");

    cluster.replica(1).fault(Fault.reset());
    mustSucceed(sandbox.gitIn(sandbox.work().resolve("clone"), Map.of(), "fetch", "origin"));
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
}
