package io.entire.transport.bootstrap.helper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.entire.transport.testkit.Fault;
import io.entire.transport.testkit.ReplicaServer;
import io.entire.transport.testkit.TestCluster;
import io.entire.transport.testkit.TestClusterExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The helper as a program: {@code --version}/{@code --help} (G9), URLs it refuses before touching
 * the network (G1, G9), a server's multi-line error text as one fatal line (G9), and SIGTERM and
 * SIGINT during a transfer (G10).
 */
class CommandLineIT {
  private static final String REPO = "et/org/repo";

  @RegisterExtension
  static final TestClusterExtension CLUSTER =
      TestClusterExtension.with(TestCluster.builder().replicas(2).repository(REPO));

  @TempDir Path temp;
  private HelperSandbox sandbox;

  @BeforeEach
  void sandbox() {
    sandbox = new HelperSandbox(temp);
  }

  @Test
  void versionAndHelpPrintAndExitZero_G9() {
    GitRun version = sandbox.helper("--version");
    GitRun help = sandbox.helper("--help");
    GitRun noArguments = sandbox.helper();

    assertEquals(0, version.exitCode(), version::describe);
    assertTrue(version.stdout().matches("git-remote-entire \\S+\n"), version::describe);
    assertEquals("", version.stderr());
    assertEquals(0, help.exitCode(), help::describe);
    assertTrue(help.stdout().startsWith("usage: git-remote-entire"), help::describe);
    assertTrue(help.stdout().contains("ENTIRE_TOKEN"), "help documents the environment");
    assertTrue(help.stdout().contains("ENTIRE_JAVA_HOME"), "help documents the launcher's JDK");
    assertEquals(128, noArguments.exitCode(), noArguments::describe);
    assertTrue(noArguments.stderr().startsWith("fatal: usage:"), noArguments::describe);
  }

  /** Each URL (relative to the entry's {@code host:port}) and what the error must name. */
  static Stream<Arguments> malformedUrls() {
    return Stream.of(
        Arguments.of("http://user:secret@%s/et/org/repo", "user info", true),
        Arguments.of("http://%s/et/org/repo?ref=main", "query", true),
        Arguments.of("http://%s/et/org/repo#main", "fragment", true),
        Arguments.of("http://%s/et/org/re\u0001po", "control character", true),
        Arguments.of("http://%s/et/org/re\rpo", "control character", true),
        Arguments.of("http://%s/et/org/re\npo", "control character", false),
        Arguments.of("ftp://%s/et/org/repo", "scheme 'ftp'", true),
        Arguments.of("http://entire.invalid/et/org/repo", "ENTIRE_ALLOW_HTTP", true));
  }

  @ParameterizedTest(name = "[{index}] {1}")
  @MethodSource("malformedUrls")
  void malformedUrlIsRefusedWithOneFatalLineBeforeAnyRequest_G1_G9(
      String pattern, String named, boolean viaGit) {
    TestCluster cluster = CLUSTER.get();
    String url = pattern.replace("%s", "127.0.0.1:" + cluster.entry().port());

    GitRun direct = sandbox.helper("origin", url);

    assertEquals(128, direct.exitCode(), direct::describe);
    assertTrue(direct.stderr().startsWith("fatal: "), direct::describe);
    assertEquals(1, direct.stderr().strip().lines().count(), "G9: one line: " + direct.stderr());
    assertTrue(direct.stderr().contains(named), direct::describe);
    assertFalse(direct.stderr().contains("secret"), "userinfo is never echoed");
    assertEquals("", direct.stdout(), "G8: nothing on stdout");

    if (viaGit) {
      // git passes the address after "entire::" to the helper unchanged.
      GitRun lsRemote = sandbox.git("ls-remote", "entire::" + url);

      assertEquals(128, lsRemote.exitCode(), lsRemote::describe);
      assertTrue(lsRemote.stderr().contains("fatal: "), lsRemote::describe);
      assertTrue(lsRemote.stderr().contains(named), lsRemote::describe);
    }
    assertEquals(List.of(), cluster.requests(), "refused before any request");
  }

  @Test
  void multiLineServerErrorTextIsReportedOnOneFatalLine_G9() {
    TestCluster cluster = CLUSTER.get();
    for (ReplicaServer replica : cluster.replicas()) {
      replica.fault(Fault.status(500, "disk full\non node 3\n\n   call the operator\n"));
    }

    GitRun lsRemote = sandbox.git("ls-remote", "entire::" + cluster.entryUrl(REPO));

    assertEquals(128, lsRemote.exitCode(), lsRemote::describe);
    // Every piece of the server's text is on the one fatal line.
    List<String> fatal =
        lsRemote
            .stderr()
            .lines()
            .filter(l -> l.contains("disk full") || l.contains("node 3") || l.contains("operator"))
            .toList();
    assertEquals(1, fatal.size(), lsRemote::describe);
    assertTrue(fatal.get(0).startsWith("fatal: "), lsRemote::describe);
    assertTrue(fatal.get(0).endsWith("disk full on node 3 call the operator"), lsRemote::describe);
  }

  @Test
  void sigtermDuringACloneAgainstHangingReplicasEndsTheHelperPromptly_G10() throws Exception {
    TestCluster cluster = CLUSTER.get();
    for (ReplicaServer replica : cluster.replicas()) {
      replica.fault(Fault.hang());
    }
    HelperSandbox.RunningCommand clone =
        sandbox.startGit(sandbox.work(), "clone", "entire::" + cluster.entryUrl(REPO), "clone");
    try {
      // The first replica request hangs (the read timeout is 60 s): the helper is mid-transfer.
      cluster.requestLog().awaitMatching(r -> r.server().startsWith("replica-"), timeout(60));
      ProcessHandle helper = helperProcess(clone.process());

      assertTrue(helper.isAlive(), "the helper is waiting for the hanging replica");
      long start = System.nanoTime();
      assertTrue(helper.destroy(), "SIGTERM was sent"); // destroy() is SIGTERM on Unix

      GitRun result = clone.await(Duration.ofSeconds(10));
      assertNotNull(result, "G10: git (and its helper) ended within 10 s of SIGTERM");
      long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      assertNotEquals(0, result.exitCode(), result::describe);
      // The cancellation aborted the request (a JVM that merely exited would say nothing): git
      // passes the helper's stderr through.
      assertTrue(result.stderr().contains("fatal: operation cancelled"), result::describe);
      helper.onExit().get(10, TimeUnit.SECONDS);
      assertFalse(helper.isAlive(), "the helper is gone");
      assertFalse(Files.exists(sandbox.work().resolve("clone")), "git removed the clone");
      assertTrue(millis < 10_000, "ended after " + millis + " ms");
    } finally {
      clone.kill();
    }
  }

  @Test
  void sigintDuringAListAgainstHangingReplicasAbortsItAndExitsWith130_G10() throws Exception {
    TestCluster cluster = CLUSTER.get();
    for (ReplicaServer replica : cluster.replicas()) {
      replica.fault(Fault.hang());
    }
    // The helper alone (the launcher execs java, so this process is the helper's JVM): its own
    // exit status and stderr are visible, not git's.
    HelperSandbox.RunningCommand helper =
        sandbox.start(
            sandbox.work(),
            Map.of(),
            List.of(
                temp.resolve("bin/git-remote-entire").toString(), "origin", cluster.entryUrl(REPO)),
            "list\n");
    try {
      cluster.requestLog().awaitMatching(r -> r.server().startsWith("replica-"), timeout(60));
      long pid = helper.process().pid();
      assertTrue(helper.process().isAlive(), "the helper is waiting for the hanging replica");
      assertTrue(
          helper.process().info().commandLine().orElse("").contains("-helper.jar"),
          "the process is the helper's JVM");

      long start = System.nanoTime();
      Process kill = new ProcessBuilder("kill", "-INT", Long.toString(pid)).start();
      assertTrue(kill.waitFor(10, TimeUnit.SECONDS), "kill ran");
      assertEquals(0, kill.exitValue(), "SIGINT was sent");

      GitRun result = helper.await(Duration.ofSeconds(10));
      assertNotNull(result, "G10: the helper ended within 10 s of SIGINT");
      long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
      // The shutdown path's status (128 + SIGINT), after the aborted request reported why.
      assertEquals(130, result.exitCode(), result::describe);
      assertEquals("fatal: operation cancelled\n", result.stderr(), result::describe);
      assertEquals("", result.stdout(), "no answer to the aborted list");
      assertTrue(millis < 10_000, "ended after " + millis + " ms");
    } finally {
      helper.kill();
    }
  }

  private static Duration timeout(int seconds) {
    return Duration.ofSeconds(seconds);
  }

  /** The helper JVM among git's descendants (the launcher execs java with the helper jar). */
  private static ProcessHandle helperProcess(Process git) {
    Optional<ProcessHandle> helper =
        git.descendants()
            .filter(p -> p.info().commandLine().orElse("").contains("-helper.jar"))
            .findFirst();
    return helper.orElseThrow(
        () ->
            new AssertionError(
                "no helper process under git: "
                    + git.descendants().map(p -> p.info().commandLine().orElse("?")).toList()));
  }
}
