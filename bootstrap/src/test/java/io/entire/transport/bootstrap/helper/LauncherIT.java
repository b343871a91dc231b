package io.entire.transport.bootstrap.helper;

import static io.entire.transport.bootstrap.helper.GitRun.mustSucceed;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.entire.transport.testkit.TestCluster;
import io.entire.transport.testkit.TestClusterExtension;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher {@code bin/git-remote-entire}: which JDK it runs, that {@code JAVA_OPTS} reaches
 * that JVM, and the one fatal line (G9) when there is no java to run.
 */
class LauncherIT {
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
  void runsTheHelperOnAJdk17ChosenByEntireJavaHome() {
    Path jdk17 = HelperSandbox.jdk17Home().orElse(null);
    Assumptions.assumeTrue(jdk17 != null, "no JDK 17 installed");
    Map<String, String> onJdk17 = Map.of("ENTIRE_JAVA_HOME", jdk17.toString());

    GitRun lsRemote =
        mustSucceed(
            sandbox.gitIn(
                sandbox.work(), onJdk17, "ls-remote", "entire::" + CLUSTER.get().entryUrl(REPO)));
    // A JDK 25 accepts this option and a JDK 17 refuses it: the JVM that ran was the JDK 17.
    GitRun jdk25Option =
        sandbox.helperWithInput(
            Map.of(
                "ENTIRE_JAVA_HOME",
                jdk17.toString(),
                "JAVA_OPTS",
                "--sun-misc-unsafe-memory-access=allow"),
            null,
            "--version");

    assertTrue(lsRemote.stdout().contains("\trefs/heads/"), lsRemote::describe);
    assertNotEquals(0, jdk25Option.exitCode(), jdk25Option::describe);
    assertTrue(
        jdk25Option.stderr().contains("--sun-misc-unsafe-memory-access"), jdk25Option::describe);
  }

  @Test
  void theCheckoutsBuildTimeArchiveIsUsed() throws IOException {
    Path log = temp.resolve("class-load.log");

    GitRun version =
        sandbox.helperWithInput(
            Map.of("JAVA_OPTS", "-Xlog:class+load=info:file=" + log), null, "--version");

    assertEquals(0, version.exitCode(), version::describe);
    List<String> loaded = Files.readAllLines(log);
    assertTrue(
        loaded.stream()
            .anyMatch(
                l -> l.contains(GitRemoteEntireMain.class.getName() + " source: shared objects")),
        () ->
            "bin/build-startup-cache made an archive that the launcher uses: "
                + loaded.size()
                + " classes loaded, "
                + loaded.subList(0, Math.min(5, loaded.size())));
  }

  @Test
  @DisplayName(
      "from the checkout an https remote maps the build's -tls archive, an http remote the plain"
          + " one")
  void anHttpsRemoteMapsTheTlsArchive() throws IOException {
    Path httpsLog = temp.resolve("https-cds.log");
    Path httpLog = temp.resolve("http-cds.log");

    // Git's two arguments, and no command on stdin: the helper ends at once.
    sandbox.helperWithInput(
        Map.of("JAVA_OPTS", "-Xlog:cds=info:file=" + httpsLog),
        "",
        "origin",
        "entire://cluster.example.dev/et/org/repo");
    sandbox.helperWithInput(
        Map.of("JAVA_OPTS", "-Xlog:cds=info:file=" + httpLog),
        "",
        "origin",
        "http://127.0.0.1:9/et/org/repo");

    String https = Files.readString(httpsLog);
    String http = Files.readString(httpLog);
    assertTrue(https.matches("(?s).*startup/helper-jdk\\d+-tls\\.jsa.*"), https);
    assertTrue(http.matches("(?s).*startup/helper-jdk\\d+\\.jsa.*"), http);
    assertFalse(http.contains("-tls.jsa"), http);
  }

  @Test
  void javaOptsAreSplitIntoFlagsForTheJvm() {
    GitRun harmless =
        sandbox.helperWithInput(Map.of("JAVA_OPTS", "-Xmx256m -Dentire.x=1"), null, "--version");
    GitRun unknownFlag =
        sandbox.helperWithInput(
            Map.of("JAVA_OPTS", "-Xmx256m -XX:+NoSuchFlagForTest"), null, "--version");

    assertEquals(0, harmless.exitCode(), harmless::describe);
    assertTrue(harmless.stdout().startsWith("git-remote-entire "), harmless::describe);
    // The JVM refuses the second word: JAVA_OPTS reached it, split at the space.
    assertNotEquals(0, unknownFlag.exitCode(), unknownFlag::describe);
    assertTrue(unknownFlag.stderr().contains("'NoSuchFlagForTest'"), unknownFlag::describe);
  }

  @Test
  void noJavaToRunIsOneFatalLineAndExit128_G9() throws IOException {
    // A PATH with bash (for the launcher's #!/usr/bin/env bash) and no java on it.
    Path bashOnly = Files.createDirectories(temp.resolve("bash-only"));
    Files.createSymbolicLink(bashOnly.resolve("bash"), onPath("bash"));
    Path launcher = HelperSandbox.PROJECT_ROOT.resolve("bin/git-remote-entire");

    GitRun run =
        sandbox.run(
            sandbox.work(),
            Map.of(
                "ENTIRE_JAVA_HOME",
                temp.resolve("no-such-jdk").toString(),
                "PATH",
                bashOnly.toString()),
            List.of(launcher.toString(), "origin", CLUSTER.get().entryUrl(REPO)));

    assertEquals(128, run.exitCode(), run::describe);
    assertTrue(run.stderr().startsWith("fatal: "), run::describe);
    assertEquals(1, run.stderr().lines().count(), "G9: one line: " + run.stderr());
    assertTrue(run.stderr().contains("ENTIRE_JAVA_HOME"), run::describe);
    assertEquals("", run.stdout());
    assertEquals(List.of(), CLUSTER.get().requests(), "nothing ran");
  }

  @Test
  void N5_gitsConfigurationReadByTheLauncherAndItsErrorsReachTheHelper() throws IOException {
    Path broken = Files.writeString(temp.resolve("broken.gitconfig"), "[http\n  proxy = x\n");
    Path good =
        Files.writeString(
            temp.resolve("good.gitconfig"), "[http]\n  extraHeader = X-Launcher-Config: seen\n");
    String url = CLUSTER.get().entryUrl(REPO);

    // The launcher runs `git config -z --list` beside the JVM and hands the output over (N5): the
    // helper started by git sends the configured header, and a configuration git cannot read is
    // the helper's one fatal line with git's own message.
    GitRun lsRemote =
        mustSucceed(
            sandbox.gitIn(
                sandbox.work(),
                Map.of("GIT_CONFIG_GLOBAL", good.toString()),
                "ls-remote",
                "entire::" + url));
    GitRun failed =
        sandbox.helperWithInput(
            Map.of("GIT_CONFIG_GLOBAL", broken.toString()), "capabilities\n\n", "origin", url);

    assertTrue(lsRemote.stdout().contains("\trefs/heads/"), lsRemote::describe);
    assertTrue(
        CLUSTER.get().requests().stream()
            .flatMap(r -> r.headers().stream())
            .anyMatch(
                h ->
                    h.getKey().equalsIgnoreCase("X-Launcher-Config")
                        && h.getValue().equals("seen")),
        "the configured header was sent");
    assertEquals(128, failed.exitCode(), failed::describe);
    assertEquals(1, failed.stderr().lines().count(), failed::describe);
    assertTrue(
        failed.stderr().startsWith("fatal: cannot read git's configuration: "), failed::describe);
    assertTrue(failed.stderr().contains("bad config line"), failed::describe);
    assertEquals("", failed.stdout(), failed::describe);
  }

  private static Path onPath(String program) throws IOException {
    return Stream.of(System.getenv("PATH").split(File.pathSeparator))
        .map(dir -> Path.of(dir, program))
        .filter(Files::isExecutable)
        .findFirst()
        .orElseThrow(() -> new AssertionError(program + " not on PATH"))
        .toRealPath();
  }
}
