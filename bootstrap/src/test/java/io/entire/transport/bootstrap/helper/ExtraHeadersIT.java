package io.entire.transport.bootstrap.helper;

import static io.entire.transport.bootstrap.helper.GitRun.mustSucceed;
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
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * N4 and N5 end to end: git's {@code http.extraHeader} goes on every request to the cluster, GET
 * and POST, entry and replicas, with git's list rule, and never to an off-cluster redirect target.
 */
class ExtraHeadersIT {
  private static final String REPO = "et/org/repo";
  private static final String HEADER = "X-Team";
  private static final String VALUE = "platform-4e1f";

  @RegisterExtension
  static final TestClusterExtension CLUSTER =
      TestClusterExtension.with(TestCluster.builder().replicas(2).repository(REPO));

  private static OutsiderServer outsider;

  @TempDir Path temp;
  private HelperSandbox sandbox;

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
    sandbox = new HelperSandbox(temp);
  }

  private static String url() {
    return "entire::" + CLUSTER.get().entryUrl(REPO);
  }

  @Test
  void N4_N5_extraHeaderGoesOnGetsAndPostsToEntryAndReplicas() throws Exception {
    mustSucceed(
        sandbox.git("-c", "http.extraHeader=" + HEADER + ": " + VALUE, "clone", url(), "clone"));
    Path clone = sandbox.work().resolve("clone");
    mustSucceed(
        sandbox.gitIn(clone, Map.of(), "config", "http.extraHeader", HEADER + ": " + VALUE));
    Files.writeString(clone.resolve("extra.txt"), "with a header\n");
    mustSucceed(sandbox.gitIn(clone, Map.of(), "add", "."));
    mustSucceed(sandbox.gitIn(clone, Map.of(), "commit", "-m", "extra header"));
    mustSucceed(sandbox.gitIn(clone, Map.of(), "push", "origin", "HEAD"));

    List<RecordedRequest> requests = CLUSTER.requests();
    for (RecordedRequest request : requests) {
      assertEquals(List.of(VALUE), request.headers(HEADER), "on every request: " + request);
    }
    assertTrue(
        requests.stream()
            .anyMatch(r -> r.method().equals("POST") && r.server().startsWith("replica")),
        "POSTs to replicas were checked: " + requests);
    assertTrue(
        requests.stream().anyMatch(r -> r.method().equals("GET") && r.server().equals("entry")),
        "the entry's GET was checked: " + requests);
  }

  @Test
  void N4_N5_emptyValueClearsTheListAsInGit() {
    mustSucceed(
        sandbox.git(
            "-c",
            "http.extraHeader=X-Cleared: 1",
            "-c",
            "http.extraHeader=",
            "-c",
            "http.extraHeader=X-Kept: 2",
            "-c",
            "http.extraHeader=X-Kept: 3",
            "ls-remote",
            url()));

    for (RecordedRequest request : CLUSTER.requests()) {
      assertEquals(List.of(), request.headers("X-Cleared"), request::toString);
      assertEquals(List.of("2", "3"), request.headers("X-Kept"), request::toString);
    }
  }

  @Test
  void N4_extraHeaderNeverGoesToAnOffClusterRedirectTarget() {
    CLUSTER.entry().mode(EntryMode.redirectTo(outsider.uri()));

    sandbox.git("-c", "http.extraHeader=" + HEADER + ": " + VALUE, "ls-remote", url());

    assertFalse(outsider.requests().isEmpty(), "the redirect was followed to the outsider");
    for (RecordedRequest request : outsider.requests()) {
      assertEquals(List.of(), request.headers(HEADER), "never to the outsider: " + request);
    }
    assertTrue(
        CLUSTER.requests().stream().allMatch(r -> r.headers(HEADER).equals(List.of(VALUE))),
        "the entry got it: " + CLUSTER.requests());
  }
}
