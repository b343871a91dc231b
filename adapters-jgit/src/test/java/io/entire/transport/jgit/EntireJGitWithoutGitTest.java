package io.entire.transport.jgit;

import static io.entire.transport.jgit.JGitWork.TOKEN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.entire.transport.testkit.IsolatedGit;
import io.entire.transport.testkit.TestClusterMain;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * J4 across processes: the cluster runs in one process ({@link TestClusterMain}, whose PATH has the
 * {@code git} its {@code git http-backend} needs) and JGit runs in another ({@link
 * NoGitCloneAndPushMain}, whose PATH is an empty directory and which checks that no git can be
 * started); the test JVM only starts both, and checks the result with real git against a replica.
 */
class EntireJGitWithoutGitTest {
  private static final String REPO = "et/org/nogit";

  /** A bound against a hung process, not a speed requirement. */
  private static final Duration BOUND = Duration.ofMinutes(2);

  @TempDir Path dir;

  @Test
  void J4_aCloneAndAPushWorkInAJvmWithoutGitAgainstAClusterInAnotherProcess() throws Exception {
    Path portFile = dir.resolve("cluster/ports.txt");
    Process cluster = startCluster(portFile);
    Process child = null;
    try {
      Map<String, String> servers = awaitPortFile(cluster, portFile);
      String entry = servers.get("entry");
      String replica = servers.get("replica-1");
      assertNotNull(entry, "the entry in " + servers);
      assertNotNull(replica, "replica-1 in " + servers);

      child = startChild(entry.replaceFirst("^http://", "entire+http://") + "/" + REPO);
      boolean ended = child.waitFor(BOUND.toMillis(), TimeUnit.MILLISECONDS);
      String stdout = read("child.out");
      String stderr = read("child.err");
      assertTrue(ended, "the child hung:\n" + stdout + stderr);
      assertEquals(0, child.exitValue(), "the child failed:\n" + stdout + stderr);
      assertTrue(stdout.startsWith("no git: "), "the child could not start git:\n" + stdout);
      assertFalse(stderr.contains(TOKEN), "the token leaked:\n" + stderr);

      // What the other process's cluster holds now, asked with real git over plain http.
      Map<String, String> served = lsRemote(replica + "/" + REPO);
      Map<String, String> cloned = refsPrinted(stdout);
      assertEquals(
          served.get("refs/tags/v1.0"),
          cloned.get("refs/tags/v1.0"),
          "the clone's tag:\n" + stdout);
      String clonedMain = cloned.get("refs/remotes/origin/main");
      assertNotNull(clonedMain, "the clone's main:\n" + stdout);
      String pushed = pushedLine(stdout);
      assertEquals("OK", pushed.split(" ")[1], "the push's status:\n" + stdout);
      String pushedId = pushed.split(" ")[0];
      assertNotEquals(clonedMain, pushedId, "the push made a new commit");
      assertEquals(pushedId, served.get("refs/heads/main"), "the cluster took the push");
    } finally {
      if (child != null) {
        stop(child);
      }
      stopCluster(cluster);
    }
  }

  private Process startCluster(Path portFile) throws IOException {
    // This JVM's environment, PATH with git included: the cluster's side needs git.
    return java(
            TestClusterMain.class.getName(),
            "--replicas",
            "2",
            "--repo",
            REPO,
            "--bearer",
            TOKEN,
            "--root",
            dir.resolve("cluster/repositories").toString(),
            "--port-file",
            portFile.toString())
        .redirectOutput(dir.resolve("cluster.out").toFile())
        .redirectError(dir.resolve("cluster.err").toFile())
        .start();
  }

  private Process startChild(String url) throws IOException {
    Path emptyPath = Files.createDirectories(dir.resolve("empty-path"));
    Path home = Files.createDirectories(dir.resolve("home"));
    ProcessBuilder child =
        java(NoGitCloneAndPushMain.class.getName(), url, dir.resolve("work").toString())
            .redirectOutput(dir.resolve("child.out").toFile())
            .redirectError(dir.resolve("child.err").toFile());
    Map<String, String> env = child.environment();
    env.clear(); // nothing of this JVM's environment: no GIT_*, no PATH entry with git
    env.put("PATH", emptyPath.toString());
    env.put("HOME", home.toString());
    env.put("XDG_CONFIG_HOME", home.resolve(".config").toString());
    env.put(NoGitCloneAndPushMain.TOKEN_VARIABLE, TOKEN);
    assertEquals(List.of(), List.of(emptyPath.toFile().list()), "the child's PATH is empty");
    return child.start();
  }

  /** {@code java} of this JVM with this JVM's class path, running {@code main}. */
  private static ProcessBuilder java(String main, String... args) {
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                main));
    command.addAll(List.of(args));
    return new ProcessBuilder(command);
  }

  /**
   * Waits, bounded, for the cluster's port file (written atomically once every server listens) and
   * returns its "name url" lines as a map; fails at once if the cluster process ends first.
   */
  private Map<String, String> awaitPortFile(Process cluster, Path portFile) throws Exception {
    long deadline = System.nanoTime() + BOUND.toNanos();
    while (!Files.exists(portFile)) {
      assertTrue(cluster.isAlive(), "the cluster process ended:\n" + read("cluster.err"));
      assertTrue(System.nanoTime() < deadline, "no port file:\n" + read("cluster.err"));
      cluster.waitFor(50, TimeUnit.MILLISECONDS); // returns at once if the process ends
    }
    Map<String, String> servers = new HashMap<>();
    for (String line : Files.readAllLines(portFile, StandardCharsets.UTF_8)) {
      String[] nameAndUrl = line.split(" ");
      servers.put(nameAndUrl[0], nameAndUrl[1]);
    }
    return servers;
  }

  /** {@code git ls-remote} with the bearer from git's environment config, not the command line. */
  private Map<String, String> lsRemote(String url) {
    IsolatedGit git =
        IsolatedGit.withHome(dir.resolve("git-home"))
            .withEnv("GIT_CONFIG_COUNT", "1")
            .withEnv("GIT_CONFIG_KEY_0", "http.extraHeader")
            .withEnv("GIT_CONFIG_VALUE_0", "Authorization: Bearer " + TOKEN);
    IsolatedGit.Result result = git.run(dir, "ls-remote", url);
    assertTrue(result.ok(), "git ls-remote " + url + ": " + result.stderr());
    return refsPrinted(result.stdout());
  }

  /** The "{@code <id> <ref>}" lines (tab or space separated) of {@code text}, by ref. */
  private static Map<String, String> refsPrinted(String text) {
    Map<String, String> refs = new HashMap<>();
    for (String line : text.split("\n")) {
      String[] idAndRef = line.split("[ \t]");
      if (idAndRef.length == 2 && idAndRef[0].matches("[0-9a-f]{40}")) {
        refs.put(idAndRef[1], idAndRef[0]);
      }
    }
    return refs;
  }

  private static String pushedLine(String stdout) {
    return stdout
        .lines()
        .filter(l -> l.startsWith("pushed "))
        .map(l -> l.substring("pushed ".length()))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no push in:\n" + stdout));
  }

  private String read(String file) throws IOException {
    Path path = dir.resolve(file);
    return Files.exists(path) ? Files.readString(path, StandardCharsets.UTF_8) : "";
  }

  private static void stop(Process process) throws InterruptedException {
    process.destroyForcibly();
    process.waitFor(30, TimeUnit.SECONDS);
  }

  /** Ends the cluster as scripts do (end of stdin), forcibly if it does not end in time. */
  private static void stopCluster(Process cluster) throws InterruptedException {
    try {
      cluster.getOutputStream().close();
    } catch (IOException e) {
      // already gone: nothing to end
    }
    if (!cluster.waitFor(30, TimeUnit.SECONDS)) {
      stop(cluster);
    }
  }
}
