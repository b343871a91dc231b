package io.entire.transport.bootstrap.helper;

import static io.entire.transport.bootstrap.helper.GitRun.mustSucceed;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.entire.transport.testkit.Fault;
import io.entire.transport.testkit.RecordedRequest;
import io.entire.transport.testkit.ReplicaServer;
import io.entire.transport.testkit.TestCluster;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * G12 and F8 end to end: a push whose pack is several times larger than the helper's heap is
 * spooled, and when the replica that takes its receive-pack POST fails it, the same body is
 * replayed on another replica and the push succeeds (G6: the ref update is compare-and-swap, so the
 * replay is safe).
 */
class PushFailoverIT {
  private static final String REPO = "et/org/repo";
  private static final int HEAP_MIB = 64;
  private static final int PACK_MIB = 256; // 4 × the heap, incompressible
  private static final String RECEIVE_PACK = "/git-receive-pack";
  private static final Pattern MAX_HEAP = Pattern.compile("Heap Max Capacity: (\\d+)M");

  /** How the first replica fails the receive-pack POST. */
  enum PostFault {
    STATUS_503(Fault.status(503).onlyFor("POST", RECEIVE_PACK), 503, "HTTP 503"),
    // the replica reads the whole body, then resets the connection without an answer
    RESET(Fault.reset().onlyFor("POST", RECEIVE_PACK), 0, "Connection reset");

    final Fault fault;
    final int recordedStatus;
    final String cause;

    PostFault(Fault fault, int recordedStatus, String cause) {
      this.fault = fault;
      this.recordedStatus = recordedStatus;
      this.cause = cause;
    }
  }

  @TempDir Path temp;
  private TestCluster cluster;
  private HelperSandbox sandbox;
  private String url;

  @BeforeEach
  void start() {
    cluster = TestCluster.builder().replicas(3).repository(REPO).start();
    sandbox = new HelperSandbox(temp);
    url = "entire::" + cluster.entryUrl() + "/" + REPO;
  }

  @AfterEach
  void stop() {
    cluster.close();
  }

  @ParameterizedTest(name = "G12/F8 {0}")
  @EnumSource(PostFault.class)
  void g12LargePushIsReplayedOnAnotherReplicaWhenTheFirstFailsThePost(PostFault kind)
      throws Exception {
    mustSucceed(sandbox.git("clone", url, "clone"));
    Path clone = sandbox.work().resolve("clone");
    writeIncompressible(clone.resolve("big.bin"), PACK_MIB);
    // pack as stored: compressing random data only costs time
    mustSucceed(sandbox.gitIn(clone, Map.of(), "config", "core.compression", "0"));
    mustSucceed(sandbox.gitIn(clone, Map.of(), "add", "big.bin"));
    mustSucceed(sandbox.gitIn(clone, Map.of(), "commit", "-q", "-m", PACK_MIB + " MiB"));
    String pushed = mustSucceed(sandbox.gitIn(clone, Map.of(), "rev-parse", "HEAD")).stdout();

    // Only replica 0 is cached, so it answers info/refs and becomes the sticky node (F7) that
    // takes the POST first; its answer lists all replicas, so there is somewhere to fail over to.
    ReplicaServer faulty = cluster.replica(0);
    new ReplicaCacheFile(sandbox.cacheFile())
        .entry(ReplicaCacheFile.clusterKey(cluster.entryUrl()), "/" + REPO, List.of(faulty.url()))
        .write();
    faulty.fault(kind.fault);
    cluster.clearRequests();
    Path spool = Files.createDirectories(temp.resolve("spool"));
    Path gcLog = temp.resolve("helper-gc.log");
    Map<String, String> env =
        Map.of(
            "ENTIRE_DEBUG", "1",
            "LC_ALL", "C",
            "JAVA_OPTS",
                "-Xmx" + HEAP_MIB + "m -Djava.io.tmpdir=" + spool + " -Xlog:gc+init:file=" + gcLog);

    GitRun push = sandbox.gitIn(clone, env, "push", "origin", "HEAD:refs/heads/main");

    mustSucceed(push);
    assertEquals(List.of(), push.userVisibleProblems(), "F2: failover is invisible");
    Path bare = cluster.repository(REPO);
    assertEquals(
        pushed.trim(),
        cluster.git().runChecked(bare, "rev-parse", "refs/heads/main").stdout().trim(),
        "the pushed commit is main in the shared repository");
    cluster.git().runChecked(bare, "fsck", "--connectivity-only", "--no-dangling");

    List<RecordedRequest> posts =
        cluster.requests().stream()
            .filter(r -> r.method().equals("POST") && r.path().endsWith(RECEIVE_PACK))
            .toList();
    assertEquals(2, posts.size(), "one failed receive-pack POST, one replay: " + posts);
    RecordedRequest failed = posts.get(0);
    RecordedRequest replayed = posts.get(1);
    assertEquals(faulty.name(), failed.server(), "the sticky replica took the POST first");
    assertEquals(kind.recordedStatus, failed.status(), "and failed it: " + failed);
    assertNotEquals(faulty.name(), replayed.server(), "replayed elsewhere: " + replayed);
    assertEquals(200, replayed.status(), "the replay succeeded: " + replayed);
    long pushSize = Long.parseLong(replayed.header("X-Entire-Push-Size"));
    assertTrue(pushSize > (long) PACK_MIB << 20, "the whole pack was sent: " + pushSize);
    assertEquals(
        failed.header("X-Entire-Push-Size"),
        replayed.header("X-Entire-Push-Size"),
        "F8: the same body both times");
    ReplicaServer answering =
        cluster.replicas().stream()
            .filter(r -> r.name().equals(replayed.server()))
            .findFirst()
            .orElseThrow();
    assertTrue(
        answering.requests().contains(replayed),
        "the other replica's own log has the successful POST");
    assertTrue(faulty.requests().contains(failed), "the faulty replica's own log has the POST");

    String failedLine =
        push.stderr()
            .lines()
            .filter(l -> l.contains("node " + faulty.url() + " failed:"))
            .findFirst()
            .orElseThrow(() -> new AssertionError("no failover in the debug log: " + push));
    assertTrue(failedLine.contains(kind.cause), failedLine);

    Matcher heap = MAX_HEAP.matcher(Files.readString(gcLog));
    assertTrue(heap.find(), "the helper JVM logged its heap: " + Files.readString(gcLog));
    assertEquals(HEAP_MIB, Integer.parseInt(heap.group(1)), "JAVA_OPTS reached the helper");
    try (Stream<Path> left = Files.list(spool)) {
      assertEquals(List.of(), left.toList(), "the spooled body is deleted afterwards");
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
