package io.entire.transport.jgit;

import static io.entire.transport.jgit.JGitWork.TOKEN;
import static io.entire.transport.jgit.JGitWork.entireHttp;
import static io.entire.transport.jgit.JGitWork.serverRef;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.entire.transport.testkit.TestCluster;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * J4: JGit clones through the client in a child JVM whose PATH has no {@code git} at all, against a
 * cluster in this JVM (whose {@code git http-backend} is the server side, found on this JVM's
 * PATH).
 */
class EntireJGitWithoutGitTest {
  private static final String REPO = "et/org/nogit";

  @TempDir Path dir;

  @Test
  void J4_aCloneWorksInAJvmWhosePathHasNoGit() throws Exception {
    try (TestCluster cluster =
        TestCluster.builder().replicas(2).repository(REPO).requireBearer(TOKEN).start()) {
      Path emptyPath = Files.createDirectories(dir.resolve("empty-path"));
      Path home = Files.createDirectories(dir.resolve("home"));
      Path out = dir.resolve("child.out");
      Path err = dir.resolve("child.err");
      ProcessBuilder child =
          new ProcessBuilder(
                  Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                  "-cp",
                  System.getProperty("java.class.path"),
                  NoGitCloneMain.class.getName(),
                  entireHttp(cluster, REPO),
                  dir.resolve("work").toString())
              .redirectOutput(out.toFile())
              .redirectError(err.toFile());
      Map<String, String> env = child.environment();
      env.clear(); // nothing of this JVM's environment: no GIT_*, no PATH entry with git
      env.put("PATH", emptyPath.toString());
      env.put("HOME", home.toString());
      env.put("XDG_CONFIG_HOME", home.resolve(".config").toString());
      env.put(NoGitCloneMain.TOKEN_VARIABLE, TOKEN);
      assertEquals(List.of(), List.of(emptyPath.toFile().list()), "the child's PATH is empty");

      Process process = child.start();
      // A bound against a hung child, not a speed requirement.
      if (!process.waitFor(3, TimeUnit.MINUTES)) {
        process.destroyForcibly();
      }
      String stdout = Files.readString(out, StandardCharsets.UTF_8);
      String stderr = Files.readString(err, StandardCharsets.UTF_8);
      assertEquals(0, process.exitValue(), "the child failed:\n" + stdout + stderr);
      String main = serverRef(cluster, REPO, "refs/heads/main").name();
      assertTrue(
          stdout.contains(main + " refs/remotes/origin/main"), "the clone's refs:\n" + stdout);
      assertTrue(stdout.contains(" refs/tags/v1.0"), "the clone's refs:\n" + stdout);
      assertFalse(stderr.contains(TOKEN), "the token leaked:\n" + stderr);
      assertTrue(
          cluster.requests().stream().anyMatch(r -> r.method().equals("POST") && r.status() == 200),
          "the child's clone reached the cluster: " + cluster.requests());
      assertTrue(new File(dir.toFile(), "work/clone/.git").isDirectory());
    }
  }
}
