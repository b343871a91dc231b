package io.entire.transport.jgit;

import static io.entire.transport.jgit.JGitWork.TOKEN;
import static io.entire.transport.jgit.JGitWork.commit;
import static io.entire.transport.jgit.JGitWork.entireHttp;
import static io.entire.transport.jgit.JGitWork.serverRef;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.entire.transport.EntireClient;
import io.entire.transport.bootstrap.StaticTokenAuthModule;
import io.entire.transport.testkit.RecordedRequest;
import io.entire.transport.testkit.TestCluster;
import java.lang.ref.WeakReference;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.transport.PushResult;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.RemoteRefUpdate;
import org.eclipse.jgit.transport.Transport;
import org.eclipse.jgit.transport.TransportHttp;
import org.eclipse.jgit.transport.URIish;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * JGit's clone, fetch, ls-remote and push over an {@link EntireClient} against a real testkit
 * cluster that requires the client's bearer token (J1–J3): real sockets, real {@code git
 * http-backend} on the server side, JGit (no git) on the client side.
 */
class EntireJGitTest {
  private static final String REPO = "et/org/repo";
  private static TestCluster cluster;

  @TempDir Path dir;
  private JGitWork.Events events;
  private EntireClient client;
  private EntireJGit.Registration registration;

  @BeforeAll
  static void startCluster() {
    cluster = TestCluster.builder().replicas(2).repository(REPO).requireBearer(TOKEN).start();
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

  @Test
  void J1_cloneOfAnEntireUrlRunsThroughTheClientWithItsBearerOnEveryReplicaRequest()
      throws Exception {
    cluster.clearRequests();
    try (Git git =
        Git.cloneRepository()
            .setURI(entireHttp(cluster, REPO))
            .setDirectory(dir.resolve("clone").toFile())
            .call()) {
      assertEquals(
          serverRef(cluster, REPO, "refs/heads/main"),
          git.getRepository().resolve("refs/remotes/origin/main"));
      assertEquals("main", git.getRepository().getBranch());
      assertNotNull(git.getRepository().resolve("refs/tags/v1.0"), "tags came along");
    }
    assertFalse(events.calls.isEmpty(), "the client's events saw the clone");
    List<RecordedRequest> requests = cluster.requests();
    assertTrue(
        requests.stream().anyMatch(r -> r.method().equals("POST")), "an upload-pack RPC was sent");
    for (RecordedRequest request : requests) {
      assertTrue(request.authorizationPresent(), "no bearer on " + request);
      // The entry redirects (307) and the client follows: JGit never saw the redirect.
      assertEquals(
          request.server().equals("entry") ? 307 : 200, request.status(), request.toString());
      if (request.method().equals("POST")) {
        assertTrue(request.server().startsWith("replica-"), request.toString());
      }
    }
  }

  @Test
  void J3_L3_aCloneAndAPushNeedOnePooledConnectionAtATime() throws Exception {
    // JGit keeps the advertisement's stream open while it sends its POSTs; were that stream still
    // the pooled response, a clone would hold two connections and stall on a pool of one.
    try (EntireClient single =
            EntireClient.builder()
                .authentication(new StaticTokenAuthModule(TOKEN))
                .cacheFile(dir.resolve("single/nodes.json"))
                .maxConnections(1)
                .readTimeout(Duration.ofSeconds(5))
                .build();
        EntireJGit.Registration ignored = EntireJGit.register(single);
        Git git =
            assertTimeoutPreemptively(
                Duration.ofSeconds(30),
                () ->
                    Git.cloneRepository()
                        .setURI(entireHttp(cluster, REPO))
                        .setDirectory(dir.resolve("single-clone").toFile())
                        .call())) {
      assertEquals(
          serverRef(cluster, REPO, "refs/heads/main"),
          git.getRepository().resolve("refs/remotes/origin/main"));
      RevCommit pushed = commit(git, "single-pool.txt");
      RemoteRefUpdate update =
          assertTimeoutPreemptively(
                  Duration.ofSeconds(30),
                  () -> git.push().setRefSpecs(new RefSpec("HEAD:refs/heads/single-pool")).call())
              .iterator()
              .next()
              .getRemoteUpdate("refs/heads/single-pool");
      assertEquals(RemoteRefUpdate.Status.OK, update.getStatus());
      assertEquals(pushed, serverRef(cluster, REPO, "refs/heads/single-pool"));
    }
  }

  @Test
  void J3_shallowCloneOfDepthOneHasOneCommit() throws Exception {
    try (Git git =
        Git.cloneRepository()
            .setURI(entireHttp(cluster, REPO))
            .setDirectory(dir.resolve("shallow").toFile())
            .setDepth(1)
            .call()) {
      int commits = 0;
      for (RevCommit ignored : git.log().call()) {
        commits++;
      }
      assertEquals(1, commits);
      assertEquals(
          serverRef(cluster, REPO, "refs/heads/main"), git.getRepository().resolve("HEAD"));
    }
  }

  @Test
  void J3_fetchAfterNewCommitsNegotiatesOverSeveralRounds() throws Exception {
    String repo = "et/org/fetch";
    cluster.createRepository(repo);
    String url = entireHttp(cluster, repo);
    try (Git reader =
            Git.cloneRepository().setURI(url).setDirectory(dir.resolve("reader").toFile()).call();
        Git writer =
            Git.cloneRepository().setURI(url).setDirectory(dir.resolve("writer").toFile()).call()) {
      // Local commits the server never saw: JGit offers them as "have"s first, more than one
      // round holds (32), so the server must answer several negotiation requests.
      reader.checkout().setCreateBranch(true).setName("local-only").call();
      for (int i = 0; i < 80; i++) {
        commit(reader, "local-" + i + ".txt");
      }
      commit(writer, "new-1.txt");
      RevCommit pushed = commit(writer, "new-2.txt");
      writer.push().call();
      assertEquals(pushed, serverRef(cluster, repo, "refs/heads/main"));

      cluster.clearRequests();
      reader.fetch().call();

      assertEquals(pushed, reader.getRepository().resolve("refs/remotes/origin/main"));
      long rpcs =
          cluster.requests().stream()
              .filter(r -> r.method().equals("POST") && r.path().endsWith("/git-upload-pack"))
              .count();
      assertTrue(rpcs >= 3, "ls-refs and several negotiation rounds expected, saw " + rpcs);
    }
  }

  @Test
  void J1_lsRemoteShowsTheSymbolicHeadAndTags() throws Exception {
    Map<String, Ref> refs =
        Git.lsRemoteRepository().setRemote(entireHttp(cluster, REPO)).callAsMap();
    Ref head = refs.get(Constants.HEAD);
    assertNotNull(head, "HEAD in " + refs.keySet());
    assertTrue(head.isSymbolic(), "HEAD is a symref");
    assertEquals("refs/heads/main", head.getTarget().getName());
    assertTrue(refs.containsKey("refs/tags/v1.0"), refs.keySet().toString());
    assertTrue(refs.containsKey("refs/heads/feature"), refs.keySet().toString());
    assertEquals(serverRef(cluster, REPO, "refs/heads/main"), head.getObjectId());
  }

  @Test
  void J3_pushFastForwardUpdatesTheClusterAndANonFastForwardIsRejected() throws Exception {
    String repo = "et/org/push";
    cluster.createRepository(repo);
    String url = entireHttp(cluster, repo);
    try (Git first =
            Git.cloneRepository().setURI(url).setDirectory(dir.resolve("first").toFile()).call();
        Git second =
            Git.cloneRepository().setURI(url).setDirectory(dir.resolve("second").toFile()).call()) {
      RevCommit ahead = commit(first, "first.txt");
      cluster.clearRequests();
      RemoteRefUpdate ok = onlyUpdate(first.push().call());
      assertEquals(RemoteRefUpdate.Status.OK, ok.getStatus());
      assertEquals(ahead, serverRef(cluster, repo, "refs/heads/main"));
      RecordedRequest push =
          cluster.requests().stream()
              .filter(r -> r.method().equals("POST") && r.path().endsWith("/git-receive-pack"))
              .findFirst()
              .orElseThrow();
      assertNotNull(push.header("X-Entire-Push-Size"), "the push's size is announced: " + push);
      assertTrue(Long.parseLong(push.header("X-Entire-Push-Size")) > 0, push.toString());

      commit(second, "second.txt");
      RemoteRefUpdate rejected = onlyUpdate(second.push().call());
      assertEquals(RemoteRefUpdate.Status.REJECTED_NONFASTFORWARD, rejected.getStatus());
      assertEquals(ahead, serverRef(cluster, repo, "refs/heads/main"), "the cluster kept main");
    }
  }

  private static RemoteRefUpdate onlyUpdate(Iterable<PushResult> results) {
    PushResult result = results.iterator().next();
    return result.getRemoteUpdate("refs/heads/main");
  }

  @Test
  void J1_aTransportConfigCallbackRoutesAnHttpClusterUrlThroughTheClient() throws Exception {
    registration.close();
    try (Git git =
        Git.cloneRepository()
            .setURI(cluster.entryUrl(REPO))
            .setDirectory(dir.resolve("callback").toFile())
            .setTransportConfigCallback(EntireJGit.transportConfig(client))
            .call()) {
      // Without the client JGit would have no bearer and the cluster would answer 401.
      assertEquals(
          serverRef(cluster, REPO, "refs/heads/main"),
          git.getRepository().resolve("refs/remotes/origin/main"));
    }
    assertFalse(events.calls.isEmpty(), "the client made the calls");
  }

  @Test
  void J1_httpsUrlsGetTheClientsConnectionFactoryOnTheirTransportOnly() throws Exception {
    URIish https = new URIish("https://cluster.example/et/org/repo");
    try (Transport viaCallback = Transport.open(https);
        Transport plain = Transport.open(https);
        Transport viaScheme = Transport.open(new URIish("entire://cluster.example/et/org/repo"))) {
      EntireJGit.transportConfig(client).configure(viaCallback);
      assertInstanceOf(
          ClientConnectionFactory.class, ((TransportHttp) viaCallback).getHttpConnectionFactory());
      assertFalse(
          ((TransportHttp) plain).getHttpConnectionFactory() instanceof ClientConnectionFactory,
          "JGit's global factory was left alone");
      assertEquals(https, viaScheme.getURI(), "entire:// is https");
      assertInstanceOf(
          ClientConnectionFactory.class, ((TransportHttp) viaScheme).getHttpConnectionFactory());
    }
  }

  @Test
  void J1_theLatestRegistrationWinsAndClosingItRestoresThePreviousOne() throws Exception {
    JGitWork.Events laterEvents = new JGitWork.Events();
    try (EntireClient later = JGitWork.client(dir, TOKEN, laterEvents)) {
      EntireJGit.Registration second = EntireJGit.register(later);
      lsRemote();
      assertFalse(laterEvents.calls.isEmpty(), "the latest registration serves");
      assertTrue(events.calls.isEmpty(), "the earlier one does not");

      second.close();
      lsRemote();
      assertFalse(events.calls.isEmpty(), "closing the latest restored the previous one");
    }
    registration.close();
    assertTrue(
        Transport.getTransportProtocols().stream().noneMatch(p -> p instanceof EntireProtocol),
        "closing every registration unregisters the schemes");
  }

  @Test
  void J1_aRegistrationOutlivesGarbageCollectionUntilClosed() throws Exception {
    collectGarbage();
    lsRemote();
    assertFalse(events.calls.isEmpty(), "the registration still served after System.gc()");
    assertTrue(
        Transport.getTransportProtocols().stream().anyMatch(p -> p instanceof EntireProtocol));
    registration.close();
    assertFalse(
        registration.isClosed()
            && Transport.getTransportProtocols().stream()
                .anyMatch(p -> p instanceof EntireProtocol));
  }

  private void lsRemote() throws Exception {
    Map<String, Ref> refs =
        Git.lsRemoteRepository().setRemote(entireHttp(cluster, REPO)).callAsMap();
    assertTrue(refs.containsKey("refs/heads/main"));
  }

  /** Runs the collector until an object only weakly reachable is gone (bounded). */
  private static void collectGarbage() {
    WeakReference<Object> canary = new WeakReference<>(new Object());
    for (int i = 0; i < 50 && canary.get() != null; i++) {
      System.gc();
    }
    assertSame(null, canary.get(), "the collector did not run");
    System.gc();
  }
}
