package io.entire.transport.jgit;

import static io.entire.transport.jgit.JGitWork.TOKEN;
import static io.entire.transport.jgit.JGitWork.commit;
import static io.entire.transport.jgit.JGitWork.entireHttp;
import static io.entire.transport.jgit.JGitWork.serverRef;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.entire.transport.EntireClient;
import io.entire.transport.bootstrap.StaticTokenAuthModule;
import io.entire.transport.domain.NodeUrl;
import io.entire.transport.testkit.EntryMode;
import io.entire.transport.testkit.Fault;
import io.entire.transport.testkit.RecordedRequest;
import io.entire.transport.testkit.TestCluster;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.RemoteRefUpdate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * J2 for the operations the other tests run only on a healthy cluster: fetch, ls-remote and push,
 * each while the replica a cold client must try first is down, answers 503, resets every
 * connection, or hangs (under a read timeout of one second). Each must succeed through another
 * replica with the right result. A clone under the same faults is in {@link EntireJGitFaultsTest}
 * (down, 503, reset) and {@link EntireJGitResilienceTest} (hang); a push whose first POST fails
 * after its discovery worked is in {@link EntireJGitPushTest}.
 */
class EntireJGitFaultMatrixTest {
  private static TestCluster cluster;

  @TempDir Path dir;

  @BeforeAll
  static void startCluster() {
    cluster = TestCluster.builder().replicas(3).requireBearer(TOKEN).start();
  }

  @AfterAll
  static void stopCluster() {
    cluster.close();
  }

  @BeforeEach
  void resetCluster() {
    cluster.reset();
  }

  /** A JGit operation on a repository prepared while the cluster was healthy. */
  enum Operation {
    FETCH,
    LS_REMOTE,
    PUSH
  }

  static Stream<Arguments> operationsAndFaults() {
    Map<String, Fault> faults =
        Map.of(
            "down", Fault.downButAdvertised(),
            "503", Fault.status(503),
            "reset", Fault.reset(),
            "hanging", Fault.hang());
    return Stream.of(Operation.values())
        .flatMap(
            operation ->
                Stream.of("down", "503", "reset", "hanging")
                    .map(name -> Arguments.of(operation, name, faults.get(name))));
  }

  @ParameterizedTest(name = "J2 {0} fails over from a replica that is {1}")
  @MethodSource("operationsAndFaults")
  void J2_anOperationFailsOverFromABrokenReplica(Operation operation, String name, Fault fault)
      throws Exception {
    String repo = "et/org/" + operation.name().toLowerCase().replace('_', '-') + "-" + name;
    cluster.createRepository(repo);
    String url = entireHttp(cluster, repo);
    Path work = dir.resolve("work");
    RevCommit newOnServer;
    // Prepared through a client of its own, so the client under test starts cold (below).
    try (EntireClient preparer = JGitWork.client(dir, TOKEN, new JGitWork.Events());
        EntireJGit.Registration registration = EntireJGit.register(preparer);
        Git clone = Git.cloneRepository().setURI(url).setDirectory(work.toFile()).call();
        Git writer =
            Git.cloneRepository().setURI(url).setDirectory(dir.resolve("writer").toFile()).call()) {
      newOnServer = commit(writer, "new-on-server.txt");
      writer.push().call();
      assertEquals(newOnServer, serverRef(cluster, repo, "refs/heads/main"));
    }

    // A cold client tries the one replica the entry advertises, replica 0, first (F1), and reaches
    // replica 1 through the redirect's Location once replica 0 failed (C4).
    cluster
        .entry()
        .mode(EntryMode.redirectTo(URI.create(cluster.replica(1).url()), cluster.replica(0).url()));
    cluster.replica(0).fault(fault);
    cluster.clearRequests();
    JGitWork.Events events = new JGitWork.Events();
    try (EntireClient client = client(events, name.equals("hanging"));
        EntireJGit.Registration registration = EntireJGit.register(client);
        Git git = Git.open(work.toFile())) {
      // A bound against a hang, not a speed requirement.
      assertTimeoutPreemptively(
          Duration.ofSeconds(60),
          () -> {
            switch (operation) {
              case FETCH -> fetch(git, newOnServer);
              case LS_REMOTE -> lsRemote(url, newOnServer);
              case PUSH -> push(git, repo, newOnServer);
            }
          });
    }
    assertTrue(
        events.failedOver.contains(NodeUrl.of(cluster.replica(0).url())),
        "failed over from replica 0: " + events.failedOver);
  }

  private static void fetch(Git git, RevCommit newOnServer) throws Exception {
    git.fetch().call();
    assertEquals(newOnServer, git.getRepository().resolve("refs/remotes/origin/main"));
    assertNotNull(
        git.getRepository().parseCommit(newOnServer), "the new commit's objects came along");
  }

  private static void lsRemote(String url, RevCommit newOnServer) throws Exception {
    Map<String, Ref> refs = Git.lsRemoteRepository().setRemote(url).callAsMap();
    Ref head = refs.get(Constants.HEAD);
    assertNotNull(head, "HEAD in " + refs.keySet());
    assertEquals("refs/heads/main", head.getTarget().getName());
    assertEquals(newOnServer, refs.get("refs/heads/main").getObjectId());
    assertTrue(refs.containsKey("refs/tags/v1.0"), refs.keySet().toString());
  }

  /** Pushes onto what the work tree has (behind the server) as a new branch, and checks it. */
  private static void push(Git git, String repo, RevCommit newOnServer) throws Exception {
    RevCommit pushed = commit(git, "pushed-while-failing.txt");
    RemoteRefUpdate update =
        git.push()
            .setRefSpecs(new RefSpec("HEAD:refs/heads/topic"))
            .call()
            .iterator()
            .next()
            .getRemoteUpdate("refs/heads/topic");
    assertEquals(RemoteRefUpdate.Status.OK, update.getStatus(), String.valueOf(update));
    assertEquals(pushed, serverRef(cluster, repo, "refs/heads/topic"));
    assertEquals(newOnServer, serverRef(cluster, repo, "refs/heads/main"), "main is untouched");
    List<RecordedRequest> posts =
        cluster.requests().stream()
            .filter(r -> r.method().equals("POST") && r.path().endsWith("/git-receive-pack"))
            .toList();
    // Replica 0 fails the push's discovery or, when discovery went elsewhere and the POST was
    // tried there first, its POST (then replayed elsewhere, F8): either way one replica ran
    // receive-pack.
    List<RecordedRequest> applied = posts.stream().filter(r -> r.status() == 200).toList();
    assertEquals(1, applied.size(), "one receive-pack POST answered 200: " + posts);
    assertTrue(
        posts.stream().filter(r -> r.status() != 200).allMatch(r -> r.server().equals("replica-0")),
        "only replica 0 failed a POST: " + posts);
  }

  private EntireClient client(JGitWork.Events events, boolean shortReadTimeout) {
    EntireClient.Builder builder =
        EntireClient.builder()
            .authentication(new StaticTokenAuthModule(TOKEN))
            .cacheFile(dir.resolve("cold-cache/nodes.json"))
            .eventListener(events);
    if (shortReadTimeout) {
      builder.readTimeout(Duration.ofSeconds(1));
    }
    return builder.build();
  }
}
