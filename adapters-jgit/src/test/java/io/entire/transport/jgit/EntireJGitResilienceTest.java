package io.entire.transport.jgit;

import static io.entire.transport.jgit.JGitWork.TOKEN;
import static io.entire.transport.jgit.JGitWork.entireHttp;
import static io.entire.transport.jgit.JGitWork.serverRef;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.entire.transport.EntireClient;
import io.entire.transport.bootstrap.StaticTokenAuthModule;
import io.entire.transport.domain.NodeUrl;
import io.entire.transport.testkit.EntryMode;
import io.entire.transport.testkit.Fault;
import io.entire.transport.testkit.OutsiderServer;
import io.entire.transport.testkit.RecordedRequest;
import io.entire.transport.testkit.TestCluster;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * J2 through JGit, each test on its own cluster: a hanging replica under a short read timeout, an
 * off-cluster redirect (the trust domain), and 32 threads cloning 32 repositories on one client.
 */
class EntireJGitResilienceTest {
  private static final String REPO = "et/org/repo";

  @TempDir Path dir;

  @Test
  @SuppressWarnings("try") // the registration only needs to be open
  void J2_aCloneFailsOverFromAHangingReplicaAfterTheClientsReadTimeout() throws Exception {
    JGitWork.Events events = new JGitWork.Events();
    try (TestCluster cluster =
            TestCluster.builder().replicas(2).repository(REPO).requireBearer(TOKEN).start();
        EntireClient client =
            EntireClient.builder()
                .authentication(new StaticTokenAuthModule(TOKEN))
                .cacheFile(dir.resolve("cache/nodes.json"))
                .readTimeout(Duration.ofSeconds(1))
                .eventListener(events)
                .build();
        EntireJGit.Registration ignored = EntireJGit.register(client)) {
      // The entry advertises replica 0 alone (tried first) and redirects to replica 1.
      cluster
          .entry()
          .mode(
              EntryMode.redirectTo(URI.create(cluster.replica(1).url()), cluster.replica(0).url()));
      cluster.replica(0).fault(Fault.hang());
      // A bound against a hang, not a speed requirement.
      ObjectId main =
          assertTimeoutPreemptively(
              Duration.ofSeconds(60),
              () -> {
                try (Git git =
                    Git.cloneRepository()
                        .setURI(entireHttp(cluster, REPO))
                        .setDirectory(dir.resolve("clone").toFile())
                        .call()) {
                  return git.getRepository().resolve("refs/remotes/origin/main");
                }
              });
      assertEquals(serverRef(cluster, REPO, "refs/heads/main"), main);
      assertTrue(
          events.failedOver.contains(NodeUrl.of(cluster.replica(0).url())),
          "failed over from the hanging replica: " + events.failedOver);
    }
  }

  @Test
  @SuppressWarnings("try") // the registration only needs to be open
  void J2_anOffClusterRedirectNeverCarriesAnAuthorizationHeader() throws Exception {
    try (TestCluster cluster =
            TestCluster.builder().replicas(2).repository(REPO).requireBearer(TOKEN).start();
        OutsiderServer outsider = OutsiderServer.start();
        EntireClient client = JGitWork.client(dir, TOKEN, new JGitWork.Events());
        EntireJGit.Registration ignored = EntireJGit.register(client)) {
      cluster.entry().mode(EntryMode.redirectTo(outsider.uri()));

      Map<String, Ref> refs;
      try {
        refs = Git.lsRemoteRepository().setRemote(entireHttp(cluster, REPO)).callAsMap();
      } catch (Exception refused) {
        refs =
            Map.of(); // JGit may refuse the outsider's empty answer; what the outsider saw matters
      }

      assertFalse(refs.containsKey("refs/heads/main"), "the outsider is not the cluster: " + refs);
      List<RecordedRequest> received = outsider.requests();
      assertFalse(received.isEmpty(), "the redirect was followed to the outsider");
      for (RecordedRequest request : received) {
        assertFalse(request.authorizationPresent(), "Authorization off-cluster: " + request);
      }
      assertTrue(
          cluster.entry().requests().stream().allMatch(RecordedRequest::authorizationPresent),
          "the entry, inside the trust domain, got the bearer");
    }
  }

  @Test
  void J2_thirtyTwoThreadsCloneThirtyTwoRepositoriesThroughOneClient() throws Exception {
    int count = 32;
    TestCluster.Builder builder = TestCluster.builder().replicas(3).requireBearer(TOKEN);
    for (int i = 0; i < count; i++) {
      builder.repository("et/org/many-" + i);
    }
    JGitWork.Events events = new JGitWork.Events();
    ExecutorService threads = Executors.newFixedThreadPool(count);
    try (TestCluster cluster = builder.start();
        EntireClient client = JGitWork.client(dir, TOKEN, events);
        EntireJGit.Registration registration = EntireJGit.register(client)) {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<ObjectId>> clones = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        String repo = "et/org/many-" + i;
        Path into = dir.resolve("many-" + i);
        clones.add(
            threads.submit(
                () -> {
                  start.await();
                  try (Git git =
                      Git.cloneRepository()
                          .setURI(entireHttp(cluster, repo))
                          .setDirectory(into.toFile())
                          .call()) {
                    return git.getRepository().resolve("refs/remotes/origin/main");
                  }
                }));
      }
      start.countDown();
      // A bound against a hang or deadlock, not a speed requirement.
      assertTimeoutPreemptively(
          Duration.ofMinutes(3),
          () -> {
            for (int i = 0; i < count; i++) {
              assertEquals(
                  serverRef(cluster, "et/org/many-" + i, "refs/heads/main"),
                  clones.get(i).get(),
                  "clone " + i);
            }
          });
      assertFalse(registration.isClosed());
      assertTrue(
          cluster.requests().stream().allMatch(RecordedRequest::authorizationPresent),
          "the bearer on every request of every thread");
    } finally {
      threads.shutdownNow();
    }
  }
}
