package io.entire.transport.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Large clones are fast, and pushes stream through the server without landing in its heap. */
@Timeout(120)
class LargeTransferTest {

  private static final long MIB = 1024 * 1024;

  @TempDir Path work;

  @Test
  void clonesA50MiBRepository() {
    // Speed is measured by bench/, against native git in the same run, not asserted here.
    try (TestCluster cluster =
            TestCluster.builder().replicas(1).repository("big/repo", 50 * MIB).start();
        IsolatedGit git = IsolatedGit.create()) {
      git.runChecked(work, "clone", "--quiet", cluster.replica(0).url() + "/big/repo", "big");

      assertEquals(50 * MIB, Files.size(work.resolve("big/payload.bin")));
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void pushesFarMoreThanTheServerHeapThroughAReplica() throws Exception {
    // The server JVM gets 16 MiB of heap and receives a 64 MiB pack: it only works when the
    // request body is streamed into git http-backend.
    Process server =
        TestClusterMainTest.launch(
            List.of("-Xmx16m"),
            "--replicas",
            "1",
            "--empty-repo",
            "big/push",
            "--bearer",
            "t",
            "--no-stdin");
    try (IsolatedGit git = IsolatedGit.create()) {
      String replica = TestClusterMainTest.readLines(server, 2).get(1).split(" ")[1];
      Path local = work.resolve("local");
      git.runChecked(work, "init", "--quiet", local.toString());
      writeRandom(local.resolve("blob.bin"), 64 * MIB);
      git.runChecked(local, "-c", "core.bigFileThreshold=1m", "add", "blob.bin");
      git.runChecked(local, "commit", "--quiet", "-m", "large");

      git.runChecked(
          local,
          "-c",
          "http.extraHeader=Authorization: Bearer t",
          "-c",
          "core.bigFileThreshold=1m",
          "-c",
          "pack.compression=0",
          "push",
          "--quiet",
          replica + "/big/push",
          "main");

      String head = git.runChecked(local, "rev-parse", "HEAD").stdout().trim();
      String remote =
          git.runChecked(
                  work,
                  "-c",
                  "http.extraHeader=Authorization: Bearer t",
                  "ls-remote",
                  replica + "/big/push",
                  "refs/heads/main")
              .stdout();
      assertTrue(remote.startsWith(head), remote);
    } finally {
      server.destroy();
      server.waitFor(10, TimeUnit.SECONDS);
      server.destroyForcibly();
    }
  }

  private static void writeRandom(Path file, long size) throws Exception {
    SplittableRandom random = new SplittableRandom(42);
    byte[] buf = new byte[1 << 20];
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file))) {
      for (long left = size; left > 0; left -= buf.length) {
        random.nextBytes(buf);
        out.write(buf, 0, (int) Math.min(buf.length, left));
      }
    }
  }
}
