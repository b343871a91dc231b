package io.entire.transport.jgit;

import static io.entire.transport.jgit.JGitWork.TOKEN;
import static io.entire.transport.jgit.JGitWork.causeOf;
import static io.entire.transport.jgit.JGitWork.entireHttp;
import static io.entire.transport.jgit.JGitWork.serverRef;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.entire.transport.EntireClient;
import io.entire.transport.domain.AuthenticationFailedException;
import io.entire.transport.domain.NodeUrl;
import io.entire.transport.domain.RepositoryNotFoundException;
import io.entire.transport.testkit.EntryMode;
import io.entire.transport.testkit.Fault;
import io.entire.transport.testkit.RecordedRequest;
import io.entire.transport.testkit.TestCluster;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.errors.NoRemoteRepositoryException;
import org.eclipse.jgit.errors.TransportException;
import org.eclipse.jgit.lib.ObjectId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * JGit operations over the client while replicas fail (J2), and the JGit exceptions its callers get
 * (J5), against a real testkit cluster that requires the bearer token.
 */
class EntireJGitFaultsTest {
  private static final String REPO = "et/org/repo";
  private static TestCluster cluster;

  @TempDir Path dir;
  private JGitWork.Events events;
  private EntireClient client;
  private EntireJGit.Registration registration;

  @BeforeAll
  static void startCluster() {
    cluster = TestCluster.builder().replicas(3).repository(REPO).requireBearer(TOKEN).start();
  }

  @AfterAll
  static void stopCluster() {
    cluster.close();
  }

  @BeforeEach
  void register() {
    cluster.reset();
    events = new JGitWork.Events();
    client = JGitWork.client(dir, TOKEN, events);
    registration = EntireJGit.register(client);
  }

  @AfterEach
  void unregister() {
    registration.close();
    client.close();
  }

  /**
   * The entry advertises replica 0 alone and redirects to replica 1: a cold client tries replica 0
   * first, whatever its random order (F1), and reaches replica 1 through the redirect's {@code
   * Location} when replica 0 fails (C4).
   */
  private static void entryAdvertisesReplicaZeroAlone() {
    cluster
        .entry()
        .mode(EntryMode.redirectTo(URI.create(cluster.replica(1).url()), cluster.replica(0).url()));
  }

  static Stream<Arguments> brokenReplicas() {
    return Stream.of(
        Arguments.of("down", Fault.downButAdvertised()),
        Arguments.of("503", Fault.status(503)),
        Arguments.of("reset", Fault.reset()));
  }

  @ParameterizedTest(name = "J2 a clone fails over from a replica that is {0}")
  @MethodSource("brokenReplicas")
  void J2_aCloneFailsOverFromABrokenReplica(String name, Fault fault) throws Exception {
    entryAdvertisesReplicaZeroAlone();
    cluster.replica(0).fault(fault);
    try (Git git =
        Git.cloneRepository()
            .setURI(entireHttp(cluster, REPO))
            .setDirectory(dir.resolve("clone").toFile())
            .call()) {
      assertEquals(
          serverRef(cluster, REPO, "refs/heads/main"),
          git.getRepository().resolve("refs/remotes/origin/main"));
    }
    assertTrue(
        events.failedOver.contains(NodeUrl.of(cluster.replica(0).url())),
        "failed over from replica 0: " + events.failedOver);
  }

  @ParameterizedTest(name = "J2 an upload-pack RPC answered by {0} is replayed on another replica")
  @MethodSource("brokenReplicas")
  void J2_anUploadPackRpcFailsOverToAnotherReplica(String name, Fault fault) throws Exception {
    if (name.equals("down")) {
      return; // a closed port cannot be narrowed to POSTs; the clone case covers it
    }
    // Discovery lands on replica 0 or 1 (replica 2 refuses it), whose RPCs fail: the RPC must be
    // replayed until it reaches replica 2, whatever order failover takes.
    cluster.replica(0).fault(fault.onlyFor("POST", "/git-upload-pack"));
    cluster.replica(1).fault(fault.onlyFor("POST", "/git-upload-pack"));
    cluster.replica(2).fault(Fault.status(503).onlyFor("GET", "/info/refs"));
    try (Git git =
        Git.cloneRepository()
            .setURI(entireHttp(cluster, REPO))
            .setDirectory(dir.resolve("clone").toFile())
            .call()) {
      assertEquals(
          serverRef(cluster, REPO, "refs/heads/main"),
          git.getRepository().resolve("refs/remotes/origin/main"));
    }
    assertTrue(
        cluster.requests().stream()
            .anyMatch(
                r ->
                    r.server().equals("replica-2")
                        && r.method().equals("POST")
                        && r.status() == 200),
        "the RPC was answered by replica 2: " + cluster.requests());
    assertTrue(
        events.failedOver.stream()
            .anyMatch(
                n ->
                    n.equals(NodeUrl.of(cluster.replica(0).url()))
                        || n.equals(NodeUrl.of(cluster.replica(1).url()))),
        "failed over from the discovery node: " + events.failedOver);
  }

  @Test
  void J5_aFailedRpcReachesJGitOnceAndIsNotSentAgainByJGitsRetry() {
    for (int i = 0; i < 3; i++) {
      // A 404 is final (E2): no failover, so each POST sent shows in the log once.
      cluster.replica(i).fault(Fault.status(404).onlyFor("POST", "/git-upload-pack"));
    }
    cluster.clearRequests();
    Exception thrown =
        assertThrows(
            Exception.class,
            () ->
                Git.cloneRepository()
                    .setURI(entireHttp(cluster, REPO))
                    .setDirectory(dir.resolve("failing").toFile())
                    .call());
    TransportException jgit = causeOf(thrown, TransportException.class);
    assertNotNull(jgit, chain(thrown));
    assertNotNull(causeOf(jgit, RepositoryNotFoundException.class), chain(thrown));
    // JGit resends a POST whose response failed, "with other authentication"; the client's answer
    // is final, so that resend must not reach the cluster again.
    long posts = cluster.requests().stream().filter(r -> r.method().equals("POST")).count();
    assertEquals(1, posts, "the failed POST was sent once: " + cluster.requests());
  }

  @Test
  void J5_aMissingRepositoryIsNoRemoteRepositoryExceptionWithTheTransportsMessage() {
    Exception thrown =
        assertThrows(
            Exception.class,
            () ->
                Git.lsRemoteRepository()
                    .setRemote(entireHttp(cluster, "et/org/missing"))
                    .callAsMap());
    NoRemoteRepositoryException jgit = causeOf(thrown, NoRemoteRepositoryException.class);
    assertNotNull(jgit, "no NoRemoteRepositoryException in " + chain(thrown));
    RepositoryNotFoundException l5 = causeOf(jgit, RepositoryNotFoundException.class);
    assertNotNull(l5, "the L5 exception is the cause: " + chain(thrown));
    assertTrue(jgit.getMessage().contains(l5.getMessage()), jgit.getMessage());

    Exception clone =
        assertThrows(
            Exception.class,
            () ->
                Git.cloneRepository()
                    .setURI(entireHttp(cluster, "et/org/missing"))
                    .setDirectory(dir.resolve("missing").toFile())
                    .call());
    assertNotNull(causeOf(clone, NoRemoteRepositoryException.class), chain(clone));
  }

  @Test
  @SuppressWarnings("try") // the registration only needs to be open
  void J5_aRefusedTokenIsNotAuthorizedWithTheL5CauseAndNoToken() {
    String wrong = "not-the-token";
    try (EntireClient refused = JGitWork.client(dir, wrong, new JGitWork.Events());
        EntireJGit.Registration ignored = EntireJGit.register(refused)) {
      Exception thrown =
          assertThrows(
              Exception.class,
              () -> Git.lsRemoteRepository().setRemote(entireHttp(cluster, REPO)).callAsMap());
      TransportException jgit = causeOf(thrown, TransportException.class);
      assertNotNull(jgit, chain(thrown));
      assertTrue(jgit.getMessage().contains("not authorized"), jgit.getMessage());
      assertNotNull(causeOf(jgit, AuthenticationFailedException.class), chain(thrown));
      assertFalse(chain(thrown).contains(wrong), "the token leaked: " + chain(thrown));
      assertFalse(chain(thrown).contains(TOKEN), "a token leaked: " + chain(thrown));
    }
  }

  @Test
  void J5_aClusterThatIsDownIsATransportExceptionCarryingTheClientsFailure() {
    for (int i = 0; i < 3; i++) {
      cluster.replica(i).fault(Fault.status(503));
    }
    Exception thrown =
        assertThrows(
            Exception.class,
            () -> Git.lsRemoteRepository().setRemote(entireHttp(cluster, REPO)).callAsMap());
    TransportException jgit = causeOf(thrown, TransportException.class);
    assertNotNull(jgit, chain(thrown));
    io.entire.transport.domain.TransportException l5 =
        causeOf(jgit, io.entire.transport.domain.TransportException.class);
    assertNotNull(l5, chain(thrown));
    assertTrue(l5.isRetryable(), "a cluster answering 503 is retryable: " + l5);
    assertTrue(jgit.getMessage().contains(l5.getMessage()), jgit.getMessage());
  }

  static Stream<Arguments> fetchAndPushUnder401And404() {
    return Stream.of(
        Arguments.of("fetch", 401), Arguments.of("fetch", 404),
        Arguments.of("push", 401), Arguments.of("push", 404));
  }

  @ParameterizedTest(name = "J5 a {0} answered {1} is JGit's exception with the L5 cause")
  @MethodSource("fetchAndPushUnder401And404")
  void J5_aFetchOrPushAnswered401Or404IsJGitsExceptionWithTheL5Cause(String operation, int status)
      throws Exception {
    String repo = "et/org/final-" + operation + "-" + status;
    cluster.createRepository(repo);
    try (Git git =
        Git.cloneRepository()
            .setURI(entireHttp(cluster, repo))
            .setDirectory(dir.resolve("clone").toFile())
            .call()) {
      ObjectId before = serverRef(cluster, repo, "refs/heads/main");
      JGitWork.commit(git, "never-pushed.txt");
      for (int i = 0; i < 3; i++) {
        cluster.replica(i).fault(Fault.status(status)); // final (E2): no replica is tried twice
      }
      cluster.clearRequests();
      Exception thrown =
          assertThrows(
              Exception.class,
              () -> {
                if (operation.equals("fetch")) {
                  git.fetch().call();
                } else {
                  git.push().call();
                }
              });
      TransportException jgit = causeOf(thrown, TransportException.class);
      assertNotNull(jgit, chain(thrown));
      if (status == 404) {
        assertNotNull(causeOf(jgit, NoRemoteRepositoryException.class), chain(thrown));
        assertNotNull(causeOf(jgit, RepositoryNotFoundException.class), chain(thrown));
      } else {
        assertTrue(jgit.getMessage().contains("not authorized"), chain(thrown));
        assertNotNull(causeOf(jgit, AuthenticationFailedException.class), chain(thrown));
      }
      assertFalse(chain(thrown).contains(TOKEN), "a token leaked: " + chain(thrown));
      assertEquals(before, serverRef(cluster, repo, "refs/heads/main"), "the cluster kept main");
      // A final answer is not failed over (E2); a 401 is sent once more, to the same replica, with
      // a fresh credential (E1).
      List<RecordedRequest> sent =
          cluster.requests().stream().filter(r -> r.server().startsWith("replica-")).toList();
      assertEquals(status == 401 ? 2 : 1, sent.size(), "requests sent: " + sent);
      assertEquals(
          1, sent.stream().map(RecordedRequest::server).distinct().count(), "no failover: " + sent);
    }
  }

  private static String chain(Throwable t) {
    StringBuilder b = new StringBuilder();
    for (Throwable c = t; c != null; c = c.getCause()) {
      b.append(c.getClass().getName()).append(": ").append(c.getMessage()).append(" <- ");
    }
    return b.toString();
  }
}
