package io.entire.transport.jgit;

import static io.entire.transport.jgit.JGitWork.TOKEN;
import static io.entire.transport.jgit.JGitWork.commit;
import static io.entire.transport.jgit.JGitWork.entireHttp;
import static io.entire.transport.jgit.JGitWork.serverRef;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.entire.transport.EntireClient;
import io.entire.transport.testkit.Fault;
import io.entire.transport.testkit.RecordedRequest;
import io.entire.transport.testkit.TestCluster;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.transport.PushResult;
import org.eclipse.jgit.transport.RemoteRefUpdate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * JGit pushes over the client against a real testkit cluster (J2, J3): a server-side hook's
 * rejection reaches JGit as the ref's status, and a push whose first POST gets 503 or a reset lands
 * once on another replica (F8: the spooled body is replayed from its first byte).
 */
class EntireJGitPushTest {
  private static TestCluster cluster;

  @TempDir Path dir;
  private EntireClient client;
  private EntireJGit.Registration registration;

  @BeforeAll
  static void startCluster() {
    cluster = TestCluster.builder().replicas(3).requireBearer(TOKEN).start();
  }

  @AfterAll
  static void stopCluster() {
    cluster.close();
  }

  @BeforeEach
  void register() {
    cluster.reset();
    client = JGitWork.client(dir, TOKEN, new JGitWork.Events());
    registration = EntireJGit.register(client);
  }

  @AfterEach
  void unregister() {
    registration.close();
    client.close();
  }

  @Test
  void J3_aPushRejectedByAPreReceiveHookIsRejectedOtherReasonWithTheHooksMessage()
      throws Exception {
    String repo = "et/org/hooked";
    Path bare = cluster.createRepository(repo);
    RevCommit before = serverCommit(repo);
    Path hook = bare.resolve("hooks/pre-receive");
    Files.createDirectories(hook.getParent());
    Files.writeString(hook, "#!/bin/sh\necho 'policy: main is frozen this week' >&2\nexit 1\n");
    Files.setPosixFilePermissions(hook, PosixFilePermissions.fromString("rwxr-xr-x"));

    try (Git git =
        Git.cloneRepository()
            .setURI(entireHttp(cluster, repo))
            .setDirectory(dir.resolve("hooked").toFile())
            .call()) {
      commit(git, "refused.txt");
      PushResult result = git.push().call().iterator().next();
      RemoteRefUpdate update = result.getRemoteUpdate("refs/heads/main");

      assertEquals(RemoteRefUpdate.Status.REJECTED_OTHER_REASON, update.getStatus());
      assertTrue(
          String.valueOf(update.getMessage()).contains("pre-receive hook declined"),
          "the server's reason: " + update.getMessage());
      assertTrue(
          result.getMessages().contains("policy: main is frozen this week"),
          "the hook's own message reaches JGit: " + result.getMessages());
    }
    assertEquals(before, serverCommit(repo), "the cluster kept main");
  }

  @Test
  void J2_aPushWhoseFirstPostGets503LandsOnceOnAnotherReplica() throws Exception {
    List<RecordedRequest> posts = pushWhoseFirstPostFails("et/org/pushed", Fault.status(503));
    assertEquals(503, posts.get(0).status(), posts.toString());
  }

  @Test
  void J3_F8_aPushWhoseFirstPostIsResetLandsOnceOnAnotherReplica() throws Exception {
    // The reset comes after replica 0 read the whole request: the client may not resend it there
    // (F9), but another replica gets the spooled body from its first byte (F2, F8).
    List<RecordedRequest> posts = pushWhoseFirstPostFails("et/org/reset", Fault.reset());
    assertEquals(0, posts.get(0).status(), "replica 0 answered nothing: " + posts);
  }

  /**
   * Clones {@code repo}, commits, and pushes while replica 0, where discovery must land (the others
   * refuse it), fails its first receive-pack POST with {@code fault}: JGit reports OK, the
   * cluster's {@code main} is the pushed commit on top of the one cloned, and exactly two
   * receive-pack POSTs reached the cluster, the failed one on replica 0 and one replay with the
   * same push size that another replica answered 200 (so exactly one replica ran receive-pack).
   *
   * @return those two POSTs, in order
   */
  private List<RecordedRequest> pushWhoseFirstPostFails(String repo, Fault fault) throws Exception {
    cluster.createRepository(repo);
    RevCommit before = serverCommit(repo);
    cluster.replica(0).fault(Fault.times(1, fault.onlyFor("POST", "/git-receive-pack")));
    cluster.replica(1).fault(Fault.status(503).onlyFor("GET", "/info/refs"));
    cluster.replica(2).fault(Fault.status(503).onlyFor("GET", "/info/refs"));

    try (Git git =
        Git.cloneRepository()
            .setURI(entireHttp(cluster, repo))
            .setDirectory(dir.resolve("pusher").toFile())
            .call()) {
      RevCommit pushed = commit(git, "pushed.txt");
      cluster.clearRequests();
      RemoteRefUpdate update =
          git.push().call().iterator().next().getRemoteUpdate("refs/heads/main");

      assertEquals(RemoteRefUpdate.Status.OK, update.getStatus(), String.valueOf(update));
      assertEquals(pushed, serverRef(cluster, repo, "refs/heads/main"));
      assertEquals(pushed, serverCommit(repo));
      assertEquals(before, serverCommit(repo).getParent(0), "main moved by the one push only");
    }
    List<RecordedRequest> posts =
        cluster.requests().stream()
            .filter(r -> r.method().equals("POST") && r.path().endsWith("/git-receive-pack"))
            .toList();
    assertEquals(2, posts.size(), "the failed POST and its one replay: " + posts);
    assertEquals("replica-0", posts.get(0).server(), posts.toString());
    assertTrue(posts.get(1).server().matches("replica-[12]"), posts.toString());
    assertEquals(200, posts.get(1).status(), posts.toString());
    assertNotNull(posts.get(0).header("X-Entire-Push-Size"), posts.toString());
    assertEquals(
        posts.get(0).header("X-Entire-Push-Size"),
        posts.get(1).header("X-Entire-Push-Size"),
        "the same spooled body was replayed");
    return posts;
  }

  private static RevCommit serverCommit(String repo) throws Exception {
    try (Git bare = Git.open(cluster.repository(repo).toFile())) {
      return bare.log().setMaxCount(1).call().iterator().next();
    }
  }
}
