package io.entire.transport.bootstrap.helper;

import static io.entire.transport.bootstrap.helper.GitRun.mustSucceed;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.entire.transport.testkit.Fault;
import io.entire.transport.testkit.TestCluster;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * hardening_7 (G12) end to end: the helper is killed with SIGKILL while a replica holds its
 * receive-pack POST, after the pack was spooled to disk; no {@code entire-body-*.spool} is left in
 * its temp directory, because the spool file was unlinked as soon as it was open.
 */
class SpoolCleanupIT {
  private static final String REPO = "et/org/repo";
  private static final int PACK_MIB = 8; // well over the 1 MiB kept in memory
  private static final String RECEIVE_PACK = "/git-receive-pack";

  @TempDir Path temp;
  private TestCluster cluster;
  private HelperSandbox sandbox;
  private String url;

  @BeforeEach
  void start() {
    cluster = TestCluster.builder().replicas(2).repository(REPO).start();
    sandbox = new HelperSandbox(temp);
    url = "entire::" + cluster.entryUrl() + "/" + REPO;
  }

  @AfterEach
  void stop() {
    cluster.close();
  }

  @Test
  void hardening_7_G12_helperKilledMidPush_leavesNoSpoolFile() throws Exception {
    mustSucceed(sandbox.git("clone", url, "clone"));
    Path clone = sandbox.work().resolve("clone");
    writeIncompressible(clone.resolve("big.bin"), PACK_MIB);
    mustSucceed(sandbox.gitIn(clone, Map.of(), "config", "core.compression", "0"));
    mustSucceed(sandbox.gitIn(clone, Map.of(), "add", "big.bin"));
    mustSucceed(sandbox.gitIn(clone, Map.of(), "commit", "-q", "-m", PACK_MIB + " MiB"));
    // Every replica reads the POST and never answers: the helper stays mid-push, body spooled.
    cluster.replicas().forEach(r -> r.fault(Fault.hang().onlyFor("POST", RECEIVE_PACK)));
    cluster.clearRequests();
    Path spool = Files.createDirectories(temp.resolve("spool"));
    Map<String, String> env =
        Map.of("TMPDIR", spool.toString(), "JAVA_OPTS", "-Djava.io.tmpdir=" + spool);

    HelperSandbox.RunningCommand push =
        sandbox.start(clone, env, List.of("git", "push", "origin", "HEAD:refs/heads/main"), null);
    try {
      cluster
          .requestLog()
          .awaitMatching(
              r -> r.method().equals("POST") && r.path().endsWith(RECEIVE_PACK),
              Duration.ofSeconds(120));

      List<ProcessHandle> helpers =
          push.process()
              .descendants()
              .filter(p -> p.info().command().map(c -> c.endsWith("/java")).orElse(false))
              .toList();
      assertEquals(1, helpers.size(), "one helper JVM under git push: " + helpers);
      ProcessHandle helper = helpers.get(0);
      helper.destroyForcibly(); // SIGKILL: no shutdown hook, no close(), no finally
      helper.onExit().get(60, TimeUnit.SECONDS);

      assertEquals(List.of(), spoolFiles(spool), "hardening_7: no spooled pack left behind");
    } finally {
      push.kill();
    }
  }

  private static List<Path> spoolFiles(Path directory) throws IOException {
    try (Stream<Path> files = Files.list(directory)) {
      return files.filter(f -> f.getFileName().toString().startsWith("entire-body-")).toList();
    }
  }

  /** Random bytes, so the pack stays as large as the file. */
  private static void writeIncompressible(Path file, int mib) throws IOException {
    byte[] chunk = new byte[1 << 20];
    try (OutputStream out = Files.newOutputStream(file)) {
      for (int i = 0; i < mib; i++) {
        ThreadLocalRandom.current().nextBytes(chunk);
        out.write(chunk);
      }
    }
  }
}
