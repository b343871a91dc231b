package io.entire.transport.bootstrap.helper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.entire.transport.testkit.EntryMode;
import io.entire.transport.testkit.TestCluster;
import io.entire.transport.testkit.TestClusterExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The replica cache file through real git commands: dead cached replicas fall back to the entry
 * domain (W2), a failover demotes the node and keeps the entry (K6), a corrupt file heals (K4), and
 * concurrent helpers sharing the file lose no entry (K3).
 */
class CacheIT {
  private static final List<String> REPOS =
      List.of("et/org/repo", "et/org/second", "et/org/third", "et/org/fourth");
  private static final String REPO = REPOS.get(0);

  @RegisterExtension
  static final TestClusterExtension CLUSTER = TestClusterExtension.with(repositories());

  private static TestCluster.Builder repositories() {
    TestCluster.Builder builder = TestCluster.builder().replicas(2);
    REPOS.forEach(builder::repository);
    return builder;
  }

  @TempDir Path temp;
  private HelperSandbox sandbox;

  @BeforeEach
  void sandbox() {
    sandbox = new HelperSandbox(temp);
  }

  /** K1: the cluster's key in the cache file. */
  private static String key() {
    return ReplicaCacheFile.clusterKey(CLUSTER.entryUrl());
  }

  private static String url(String repo) {
    return "entire::" + CLUSTER.get().entryUrl(repo);
  }

  private Optional<List<String>> cached(String repo) {
    return ReplicaCacheFile.nodes(sandbox.cacheFile(), key(), "/" + repo);
  }

  private static long entryRequests() {
    return CLUSTER.get().entry().requests().size();
  }

  @Test
  void deadCachedReplicasFallBackToTheEntryDomainAndAreReplaced_W2_K6() {
    List<String> dead = List.of(ReplicaCacheFile.deadNode(), ReplicaCacheFile.deadNode());
    new ReplicaCacheFile(sandbox.cacheFile()).entry(key(), "/" + REPO, dead).write();

    GitRun lsRemote = sandbox.git("ls-remote", url(REPO));

    assertTrue(lsRemote.ok(), lsRemote::describe);
    assertTrue(lsRemote.stdout().contains("refs/heads/main"), lsRemote::describe);
    assertFalse(lsRemote.stderr().contains("fatal"), "W2: the fallback is invisible");
    assertTrue(entryRequests() > 0, "W2: the entry domain was asked after the cache failed");
    assertEquals(
        Optional.of(CLUSTER.replicaUrls()),
        cached(REPO),
        "K6/H2: the dead entry is gone, the live replicas are cached");
  }

  // K6 as changed by the node-health rules (DESIGN §12): the entry stays and its node is demoted;
  // this test asserted the old invalidation.
  @Test
  void failoverDemotesTheNodeAndKeepsEveryEntry_K6() {
    TestCluster cluster = CLUSTER.get();
    String other = REPOS.get(1);
    String dead = ReplicaCacheFile.deadNode();
    new ReplicaCacheFile(sandbox.cacheFile())
        .entry(key(), "/" + REPO, List.of(dead))
        .entry(key(), "/" + other, cluster.replicaUrls())
        .write();
    // Nothing may rewrite the entry afterwards: no replicas header anywhere (H3/H4 never persist).
    cluster.replicasHeaderOff();
    cluster.entry().mode(EntryMode.REDIRECT_WITHOUT_REPLICAS);

    GitRun lsRemote = sandbox.git("ls-remote", url(REPO));

    assertTrue(lsRemote.ok(), lsRemote::describe);
    assertEquals(Optional.of(List.of(dead)), cached(REPO), "K6: the failed node's entry stays");
    assertEquals(
        1,
        ReplicaCacheFile.read(sandbox.cacheFile())
            .path(key())
            .path("/" + REPO)
            .path("health")
            .path(dead)
            .path("failures")
            .asInt(),
        "D3: the node is demoted");
    assertEquals(Optional.of(cluster.replicaUrls()), cached(other), "other entries are kept");
  }

  @Test
  void corruptCacheFileIsIgnoredAndReplacedWithValidJson_K4() throws Exception {
    Files.createDirectories(sandbox.cacheFile().getParent());
    Files.write(sandbox.cacheFile(), new byte[] {'{', '"', 0, (byte) 0xff, (byte) 0xfe, 'x', ':'});

    GitRun lsRemote = sandbox.git("ls-remote", url(REPO));

    assertTrue(lsRemote.ok(), lsRemote::describe);
    assertTrue(lsRemote.stdout().contains("refs/heads/main"), lsRemote::describe);
    assertEquals(Optional.of(CLUSTER.replicaUrls()), cached(REPO), "K4: rewritten as JSON");
  }

  @Test
  void concurrentClonesSharingOneCacheLoseNoEntry_K3() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(REPOS.size());
    try {
      List<Future<GitRun>> clones = new ArrayList<>();
      for (int i = 0; i < REPOS.size(); i++) {
        String repo = REPOS.get(i);
        String dir = "clone-" + i;
        clones.add(pool.submit(() -> sandbox.git("clone", url(repo), dir)));
      }
      for (Future<GitRun> clone : clones) {
        GitRun run = clone.get(180, TimeUnit.SECONDS);
        assertTrue(run.ok(), run::describe);
      }
    } finally {
      pool.shutdownNow();
    }

    for (String repo : REPOS) {
      assertEquals(Optional.of(CLUSTER.replicaUrls()), cached(repo), "K3: entry of " + repo);
    }
  }

  // K1: the cache key holds the entry's port, so a second cluster on the same host (here another
  // testkit cluster on 127.0.0.1) never answers from the first one's cached replicas.
  @Test
  void twoClustersOnOneHostKeepTheirOwnEntries_K1() throws Exception {
    GitRun first = sandbox.git("ls-remote", url(REPO));
    assertTrue(first.ok(), first::describe);
    try (TestCluster second = TestCluster.builder().replicas(1).repository(REPO).start()) {
      Path bare = second.repository(REPO);
      second.git().runChecked(bare, "update-ref", "refs/heads/only-in-second", "refs/heads/main");

      GitRun lsRemote = sandbox.git("ls-remote", "entire::" + second.entryUrl(REPO));

      assertTrue(lsRemote.ok(), lsRemote::describe);
      assertTrue(lsRemote.stdout().contains("refs/heads/only-in-second"), lsRemote::describe);
      assertEquals(
          Optional.of(second.replicaUrls()),
          ReplicaCacheFile.nodes(
              sandbox.cacheFile(), ReplicaCacheFile.clusterKey(second.entryUrl()), "/" + REPO));
      assertEquals(Optional.of(CLUSTER.replicaUrls()), cached(REPO), "the first is kept");
    }
  }
}
