package io.entire.transport.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link Fault#statusAfterHandler(int)}: git http-backend runs (a push lands in the shared
 * repository), yet the client only sees the failure status.
 */
@Timeout(60)
class StatusAfterHandlerFaultTest {

  private static final String REPO = "et/org/after-handler";
  private static final String RECEIVE_PACK = "/git-receive-pack";

  @RegisterExtension
  static final TestClusterExtension cluster =
      TestClusterExtension.with(TestCluster.builder().replicas(2).repository(REPO));

  private static IsolatedGit git;

  @TempDir Path work;

  @BeforeAll
  static void git() {
    git = IsolatedGit.create();
  }

  @AfterAll
  static void closeGit() {
    git.close();
  }

  @Test
  void hardening_push_replay_thePushIsAppliedButTheClientGetsTheStatus() throws IOException {
    ReplicaServer replica = cluster.replica(0);
    git.runChecked(work, "clone", "--quiet", replica.url() + "/" + REPO, "clone");
    Path clone = work.resolve("clone");
    Files.writeString(clone.resolve("after.txt"), "after\n");
    git.runChecked(clone, "add", ".");
    git.runChecked(clone, "commit", "--quiet", "-m", "after handler");
    String pushed = git.runChecked(clone, "rev-parse", "HEAD").stdout().trim();
    replica.fault(Fault.statusAfterHandler(502).onlyFor("POST", RECEIVE_PACK));
    replica.clearRequests();

    IsolatedGit.Result push = git.run(clone, "push", "origin", "HEAD:refs/heads/after-handler");

    assertNotEquals(0, push.exitCode(), push.stderr());
    assertTrue(push.stderr().contains("502"), push.stderr());
    assertEquals(
        pushed,
        cluster
            .get()
            .git()
            .runChecked(cluster.get().repository(REPO), "rev-parse", "refs/heads/after-handler")
            .stdout()
            .trim(),
        "http-backend ran: the push landed although the client saw 502");
    List<RecordedRequest> posts =
        replica.requests().stream().filter(r -> r.method().equals("POST")).toList();
    assertEquals(List.of(502), posts.stream().map(RecordedRequest::status).toList());
  }

  @Test
  void hardening_push_replay_aGetIsAnsweredWithTheStatusToo() throws Exception {
    ReplicaServer replica = cluster.replica(1);
    replica.fault(Fault.statusAfterHandler(503));
    try {
      assertEquals(503, Http.get(Http.infoRefs(replica.url(), REPO)).statusCode());
    } finally {
      replica.fault(Fault.none());
    }
    assertEquals(200, Http.get(Http.infoRefs(replica.url(), REPO)).statusCode());
    assertEquals(
        "Fault.statusAfterHandler(503).onlyFor(\"POST\", \"/x\")",
        Fault.statusAfterHandler(503).onlyFor("POST", "/x").toString());
    assertThrows(IllegalArgumentException.class, () -> Fault.statusAfterHandler(99));
  }
}
