package consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import example.JGitMirror;
import io.entire.transport.testkit.EntryMode;
import io.entire.transport.testkit.Fault;
import io.entire.transport.testkit.RecordedRequest;
import io.entire.transport.testkit.TestCluster;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Ref;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11 (J1): the README's JGit mirror example, compiled from the README in a project that
 * depends only on the installed artifacts, mirrors several repositories of a testkit cluster that
 * demands the example's bearer token while a replica is down, then brings the mirrors up to date.
 */
class JGitMirrorConsumerTest {
  /** A bound against a hung example, not a speed requirement. */
  private static final Duration BOUND = Duration.ofSeconds(120);

  private static final PersonIdent AUTHOR = new PersonIdent("Tester", "tester@example.com");

  @TempDir Path dir;

  @Test
  void J1_consumer_mirrorExampleClonesThenFetchesManyRepositoriesWhileAReplicaIsDown()
      throws Exception {
    String token = "consumer-jgit-token-3c9e";
    List<String> repositories = new ArrayList<>();
    TestCluster.Builder builder = TestCluster.builder().replicas(3).requireBearer(token);
    for (int i = 0; i < 6; i++) {
      repositories.add("et/acme/mirror-" + i);
      builder.repository("et/acme/mirror-" + i);
    }
    try (TestCluster cluster = builder.start()) {
      // Replica 0 is down but the entry advertises it alone: every cold discovery tries it first
      // and must fail over (to replica 1, through the entry's redirect).
      cluster.replica(0).fault(Fault.downButAdvertised());
      cluster
          .entry()
          .mode(
              EntryMode.redirectTo(URI.create(cluster.replica(1).url()), cluster.replica(0).url()));
      List<String> urls = new ArrayList<>();
      for (String repository : repositories) {
        urls.add(cluster.entryUrl(repository).replaceFirst("^http://", "entire+http://"));
      }
      Path root = dir.resolve("mirrors");

      List<Path> mirrors =
          assertTimeoutPreemptively(
              BOUND, () -> JGitMirror.mirrorAll(token, urls, root), "the first mirror run");

      assertEquals(repositories.size(), mirrors.size());
      for (int i = 0; i < repositories.size(); i++) {
        assertEquals(root.resolve(repositories.get(i) + ".git"), mirrors.get(i));
        assertMirrors(cluster.repository(repositories.get(i)), mirrors.get(i));
      }
      assertRepliedByReplicasWithTheToken(cluster);

      // New commits on two repositories: the second run fetches them into the existing mirrors.
      Map<String, ObjectId> before = refs(mirrors.get(2));
      commitOnServer(cluster.repository(repositories.get(2)), dir.resolve("work-2"));
      commitOnServer(cluster.repository(repositories.get(4)), dir.resolve("work-4"));

      assertTimeoutPreemptively(
          BOUND, () -> JGitMirror.mirrorAll(token, urls, root), "the second mirror run");

      for (int i = 0; i < repositories.size(); i++) {
        assertMirrors(cluster.repository(repositories.get(i)), mirrors.get(i));
      }
      assertNotEquals(before, refs(mirrors.get(2)), "the fetch brought the new commit");
    }
  }

  private static void assertMirrors(Path server, Path mirror) throws IOException {
    Map<String, ObjectId> expected = refs(server);
    assertFalse(expected.isEmpty(), "the cluster's repository has refs: " + server);
    assertEquals(expected, refs(mirror), "the mirror's refs are the cluster's: " + mirror);
  }

  /** The non-symbolic refs of a repository, by name. */
  private static Map<String, ObjectId> refs(Path repository) throws IOException {
    Map<String, ObjectId> refs = new TreeMap<>();
    try (Git git = Git.open(repository.toFile())) {
      for (Ref ref : git.getRepository().getRefDatabase().getRefs()) {
        if (!ref.isSymbolic()) {
          refs.put(ref.getName(), ref.getObjectId());
        }
      }
    }
    return refs;
  }

  /** Adds a commit to the cluster's bare repository on its checked-out branch (the server side). */
  private static void commitOnServer(Path bare, Path work) throws Exception {
    try (Git git =
        Git.cloneRepository().setURI(bare.toUri().toString()).setDirectory(work.toFile()).call()) {
      Files.writeString(work.resolve("new.txt"), "new\n");
      git.add().addFilepattern("new.txt").call();
      git.commit().setMessage("new").setAuthor(AUTHOR).setCommitter(AUTHOR).call();
      git.push().call();
    }
  }

  private static void assertRepliedByReplicasWithTheToken(TestCluster cluster) {
    List<RecordedRequest> requests = cluster.requests();
    assertTrue(
        requests.stream()
            .anyMatch(
                r ->
                    r.server().equals("replica-1")
                        && r.method().equals("POST")
                        && r.status() == 200),
        "replica 1 answered the upload-pack RPCs: " + requests);
    for (RecordedRequest r : requests) {
      assertTrue(r.authorizationPresent(), "the token on every request: " + r);
      assertTrue(r.status() != 401, "the token was accepted at once: " + r);
    }
  }
}
