package io.entire.transport.bootstrap.helper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.entire.transport.testkit.EntryMode;
import io.entire.transport.testkit.OutsiderServer;
import io.entire.transport.testkit.RecordedRequest;
import io.entire.transport.testkit.TestCluster;
import io.entire.transport.testkit.TestClusterExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The trust domain end to end (R5, X2, X3): a cluster on 127.0.0.1 that requires a bearer token,
 * and an outsider on 127.0.0.2 that is named by a poisoned replicas header, a poisoned cache file
 * or an off-cluster redirect. The token must never reach the outsider.
 */
class TrustDomainIT {
  private static final String REPO = "et/org/repo";
  private static final String TOKEN = "trust-domain-secret-5d1c";

  @RegisterExtension
  static final TestClusterExtension CLUSTER =
      TestClusterExtension.with(
          TestCluster.builder().replicas(2).repository(REPO).requireBearer(TOKEN));

  private static OutsiderServer outsider;

  @TempDir Path temp;
  private HelperSandbox sandbox;
  private String url;

  @BeforeAll
  static void startOutsider() {
    outsider = OutsiderServer.start();
  }

  @AfterAll
  static void stopOutsider() {
    outsider.close();
  }

  @BeforeEach
  void sandbox() {
    outsider.clearRequests();
    sandbox = new HelperSandbox(temp).env("ENTIRE_TOKEN", TOKEN);
    url = "entire::" + CLUSTER.get().entryUrl(REPO);
  }

  private void assertOutsiderNeverSawTheToken() {
    List<RecordedRequest> withToken =
        outsider.requests().stream().filter(RecordedRequest::authorizationPresent).toList();
    assertEquals(List.of(), withToken, "X2/X3: no Authorization ever reaches the outsider");
  }

  @Test
  void poisonedReplicasHeaderIsFilteredAndTheOutsiderNeverHearsFromUs_R5() throws Exception {
    TestCluster cluster = CLUSTER.get();
    cluster.replicasHeader(outsider.url() + ", " + cluster.replica(1).url());

    GitRun clone = sandbox.git("clone", url, "clone");

    assertTrue(clone.ok(), clone::describe);
    assertOutsiderNeverSawTheToken();
    assertEquals(List.of(), outsider.requests(), "R5: the outsider is dropped before use");
    assertEquals(
        List.of(cluster.replica(1).url()),
        ReplicaCacheFile.nodes(
                sandbox.cacheFile(), ReplicaCacheFile.clusterKey(CLUSTER.entryUrl()), "/" + REPO)
            .orElseThrow(),
        "R5/H2: only the in-cluster replica of the header is cached");
    assertFalse(clone.stderr().contains(TOKEN), clone::describe);
  }

  @Test
  void poisonedCacheFileIsFilteredAndTheEntryDomainAnswersInstead_R5() {
    TestCluster cluster = CLUSTER.get();
    new ReplicaCacheFile(sandbox.cacheFile())
        .entry(ReplicaCacheFile.clusterKey(CLUSTER.entryUrl()), "/" + REPO, List.of(outsider.url()))
        .write();

    GitRun lsRemote = sandbox.git("ls-remote", url);

    assertTrue(lsRemote.ok(), lsRemote::describe);
    assertTrue(lsRemote.stdout().contains("refs/heads/main"), lsRemote::describe);
    assertOutsiderNeverSawTheToken();
    assertEquals(List.of(), outsider.requests(), "R5: a cached outsider is never dialled");
    assertFalse(cluster.entry().requests().isEmpty(), "no in-cluster node cached: cold path");
    List<String> cached =
        ReplicaCacheFile.nodes(
                sandbox.cacheFile(), ReplicaCacheFile.clusterKey(CLUSTER.entryUrl()), "/" + REPO)
            .orElseThrow();
    assertEquals(cluster.replicaUrls(), cached, "H2: the poisoned entry is replaced");
  }

  @Test
  void offClusterRedirectOfTheEntryDomainIsFollowedWithoutCredentials_X2_X3() throws Exception {
    CLUSTER.entry().mode(EntryMode.redirectTo(outsider.uri()));

    GitRun lsRemote = sandbox.git("ls-remote", url);

    // C5/X2: a redirect without replicas is followed, like git's own http transport does for
    // info/refs, but the hop leaves the trust domain, so it goes without the token.
    assertFalse(outsider.requests().isEmpty(), "the redirect was followed to the outsider");
    assertOutsiderNeverSawTheToken();
    assertFalse(lsRemote.stdout().contains("refs/heads/main"), "answer is the outsider's");
    assertFalse(lsRemote.stderr().contains(TOKEN), lsRemote::describe);
    assertFalse(
        Files.exists(sandbox.cacheFile())
            && Files.readString(sandbox.cacheFile()).contains(OutsiderServer.DEFAULT_HOST),
        "R5/H4: an out-of-cluster origin is never cached");
  }
}
