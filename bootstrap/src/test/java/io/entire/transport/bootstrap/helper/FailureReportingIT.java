package io.entire.transport.bootstrap.helper;

import static io.entire.transport.bootstrap.helper.GitRun.mustSucceed;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.entire.transport.testkit.Fault;
import io.entire.transport.testkit.ReplicaServer;
import io.entire.transport.testkit.TestCluster;
import io.entire.transport.testkit.TestClusterExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the user sees when the data plane fails: a pack cut short (S3, G4, G5) fails the command and
 * leaves no broken repository; a missing repository is named (E2).
 */
class FailureReportingIT {
  private static final String BIG = "et/org/big";

  /** Large enough that the pack is cut, small enough to clone quickly. */
  private static final long PAYLOAD_BYTES = 1024 * 1024;

  /** Every advertisement and ls-refs answer fits; the pack does not. */
  private static final long CUT_AFTER = 64 * 1024;

  @RegisterExtension
  static final TestClusterExtension CLUSTER =
      TestClusterExtension.with(TestCluster.builder().replicas(2).repository(BIG, PAYLOAD_BYTES));

  @TempDir Path temp;
  private HelperSandbox sandbox;

  @BeforeEach
  void sandbox() {
    sandbox = new HelperSandbox(temp);
  }

  private static String url(String repo) {
    return "entire::" + CLUSTER.get().entryUrl(repo);
  }

  private static void cutEveryPack(Fault.Framing framing) {
    for (ReplicaServer replica : CLUSTER.get().replicas()) {
      replica.fault(Fault.truncateAfter(CUT_AFTER, framing));
    }
  }

  /** S3: the helper says the body ended early, rather than handing git a "complete" pack. */
  private static void assertCutIsReported(GitRun run) {
    assertTrue(
        run.stderr().lines().anyMatch(l -> l.startsWith("fatal:") && l.contains("Premature end")),
        run::describe);
  }

  @Test
  void truncatedPackFailsTheCloneAndLeavesNoRepositoryBehind_S3_G4() {
    cutEveryPack(Fault.Framing.CHUNKED); // a broken chunked stream

    GitRun clone = sandbox.git("clone", url(BIG), "big");

    assertNotEquals(0, clone.exitCode(), clone::describe);
    assertCutIsReported(clone);
    assertFalse(
        Files.exists(sandbox.work().resolve("big")), "git removes the failed clone: " + clone);
    assertTrue(
        CLUSTER.requests().stream().anyMatch(r -> r.path().endsWith("/git-upload-pack")),
        "the pack request was sent (and cut): " + CLUSTER.requests());
  }

  @Test
  void truncatedPackFailsAFetchAndTheRepositoryStaysConsistent_S3_G5() {
    // Only the small feature branch first: main's payload commit is what the fetch will miss.
    mustSucceed(
        sandbox.git(
            "-c",
            "protocol.version=0",
            "clone",
            "--single-branch",
            "--branch",
            "feature",
            url(BIG),
            "big"));
    Path repo = sandbox.work().resolve("big");
    cutEveryPack(Fault.Framing.CONTENT_LENGTH); // the connection closes before Content-Length

    GitRun fetch =
        sandbox.gitIn(
            repo,
            Map.of(),
            "-c",
            "protocol.version=0",
            "fetch",
            "origin",
            "main:refs/remotes/origin/main");

    assertNotEquals(0, fetch.exitCode(), fetch::describe);
    assertCutIsReported(fetch);
    mustSucceed(sandbox.gitIn(repo, Map.of(), "fsck", "--strict"));
    GitRun ref = sandbox.gitIn(repo, Map.of(), "rev-parse", "-q", "--verify", "origin/main");
    assertFalse(ref.ok(), "no ref points at objects that never arrived: " + ref.stdout());
  }

  @Test
  void missingRepositoryIsNamedInTheError_E2() {
    GitRun clone = sandbox.git("clone", url("et/org/missing"), "missing");

    assertNotEquals(0, clone.exitCode(), clone::describe);
    assertTrue(clone.stderr().contains("repository not found"), clone::describe);
    assertTrue(clone.stderr().contains("/et/org/missing"), clone::describe);
    assertFalse(Files.exists(sandbox.work().resolve("missing")));
  }
}
