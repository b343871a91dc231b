package io.entire.transport.bootstrap.helper;

import static io.entire.transport.bootstrap.helper.GitRun.mustSucceed;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.entire.transport.testkit.RecordedRequest;
import io.entire.transport.testkit.TestCluster;
import io.entire.transport.testkit.TestClusterExtension;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Which git protocol runs through the helper, end to end: v2 through {@code stateless-connect}
 * (G4), v0 through {@code fetch} (G5), shallow clones and deepening with both, and the User-Agent
 * of every request (G11).
 */
class ProtocolIT {
  private static final String REPO = "et/org/repo";
  private static final String V2 = "version=2";

  @RegisterExtension
  static final TestClusterExtension CLUSTER =
      TestClusterExtension.with(TestCluster.builder().replicas(2).repository(REPO));

  @TempDir Path temp;
  private HelperSandbox sandbox;
  private String url;

  @BeforeEach
  void sandbox() {
    sandbox = new HelperSandbox(temp);
    url = "entire::" + CLUSTER.get().entryUrl(REPO);
  }

  private GitRun gitIn(Path dir, String... args) {
    return mustSucceed(sandbox.gitIn(dir, Map.of(), args));
  }

  private static List<RecordedRequest> replicaRequests() {
    return CLUSTER.requests().stream().filter(r -> r.server().startsWith("replica-")).toList();
  }

  private static String serverMain() {
    TestCluster cluster = CLUSTER.get();
    return cluster
        .git()
        .runChecked(cluster.repository(REPO), "rev-parse", "refs/heads/main")
        .stdout()
        .strip();
  }

  @Test
  void protocolV2CloneSendsGitProtocolOnEveryRequest_G4() {
    mustSucceed(sandbox.git("clone", url, "clone"));

    Path clone = sandbox.work().resolve("clone");
    gitIn(clone, "fsck", "--strict");
    assertEquals(serverMain(), gitIn(clone, "rev-parse", "HEAD").stdout().strip());
    List<RecordedRequest> replicas = replicaRequests();
    assertTrue(
        replicas.stream()
            .anyMatch(r -> r.method().equals("GET") && r.path().endsWith("/info/refs")),
        "v2 info/refs reached a replica: " + replicas);
    assertTrue(
        replicas.stream()
            .anyMatch(r -> r.method().equals("POST") && r.path().endsWith("/git-upload-pack")),
        "v2 commands were POSTed: " + replicas);
    for (RecordedRequest r : CLUSTER.requests()) {
      assertEquals(V2, r.header("Git-Protocol"), "V2/G4: every hop says version=2: " + r);
    }
  }

  @Test
  void protocolV0CloneRunsFetchPackWithoutVersion2_G5() {
    mustSucceed(sandbox.git("-c", "protocol.version=0", "clone", url, "clone"));

    Path clone = sandbox.work().resolve("clone");
    gitIn(clone, "fsck", "--strict");
    assertEquals(serverMain(), gitIn(clone, "rev-parse", "HEAD").stdout().strip());
    gitIn(clone, "rev-parse", "--verify", "origin/feature");
    gitIn(clone, "rev-parse", "--verify", "v1.0^{tag}");
    assertTrue(
        replicaRequests().stream()
            .anyMatch(r -> r.method().equals("POST") && r.path().endsWith("/git-upload-pack")),
        "fetch-pack's request was POSTed: " + replicaRequests());
    for (RecordedRequest r : CLUSTER.requests()) {
      assertFalse(V2.equals(r.header("Git-Protocol")), "G5: v0 never asks for v2: " + r);
    }
  }

  @ParameterizedTest(name = "protocol.version={0}")
  @ValueSource(strings = {"2", "0"})
  void shallowCloneThenDeepen_G4_G5(String version) {
    String protocol = "protocol.version=" + version;
    mustSucceed(sandbox.git("-c", protocol, "clone", "--depth", "1", url, "shallow"));

    Path shallow = sandbox.work().resolve("shallow");
    assertEquals("true", gitIn(shallow, "rev-parse", "--is-shallow-repository").stdout().strip());
    assertEquals("1", gitIn(shallow, "rev-list", "--count", "HEAD").stdout().strip());

    gitIn(shallow, "-c", protocol, "fetch", "--deepen", "1", "origin");

    assertEquals("2", gitIn(shallow, "rev-list", "--count", "HEAD").stdout().strip());
    gitIn(shallow, "fsck");
    boolean sawV2 = CLUSTER.requests().stream().anyMatch(r -> V2.equals(r.header("Git-Protocol")));
    assertEquals(version.equals("2"), sawV2, "the protocol git chose is the one spoken");
  }

  @ParameterizedTest(name = "protocol.version={0}")
  @ValueSource(strings = {"2", "0"})
  void partialCloneFetchesMissingBlobsLazily_G5_G7(String version) {
    String protocol = "protocol.version=" + version;
    mustSucceed(sandbox.git("-c", protocol, "clone", "--filter=blob:none", url, "partial"));

    Path partial = sandbox.work().resolve("partial");
    assertEquals("true", gitIn(partial, "config", "remote.origin.promisor").stdout().strip());
    // Checking out another branch needs blobs the filter left out: git fetches them lazily
    // through the helper (from-promisor / no-dependents).
    gitIn(partial, "-c", protocol, "checkout", "-q", "-b", "feature", "origin/feature");
    gitIn(partial, "fsck");
  }

  @Test
  void everyRequestCarriesTheHelperUserAgent_G11() {
    GitRun version = mustSucceed(sandbox.helper("--version"));
    String number = version.stdout().strip().substring("git-remote-entire ".length());

    mustSucceed(sandbox.git("ls-remote", url));

    List<RecordedRequest> requests = CLUSTER.requests();
    assertFalse(requests.isEmpty());
    for (RecordedRequest r : requests) {
      assertEquals("git-remote-entire/" + number, r.header("User-Agent"), "G11: " + r);
    }
  }
}
