package io.entire.transport.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link Fault#delay(Duration)} and {@link Fault#throttle(int)}: slow answers that still complete,
 * and that never hold a thread once the cluster closes. Only lower bounds of time are asserted (a
 * delay cannot end early); a hang is caught by the class timeout.
 */
@Timeout(60)
class DelayAndThrottleTest {

  private static final String REPO = "et/org/repo";

  @RegisterExtension
  static final TestClusterExtension cluster =
      TestClusterExtension.with(
          TestCluster.builder().replicas(2).repository(REPO).repository("et/org/big", 96 * 1024));

  @TempDir Path work;

  private static String request() {
    return "GET /" + REPO + "/info/refs?service=git-upload-pack HTTP/1.1\r\nHost: x\r\n\r\n";
  }

  @Test
  void delayHoldsTheResponseHeadThenAnswersNormally() throws Exception {
    ReplicaServer replica = cluster.replica(0);
    URI url = URI.create(Http.infoRefs(replica.url(), REPO));
    byte[] normal = Http.client().send(HttpRequest.newBuilder(url).build(), bytes()).body();
    replica.fault(Fault.delay(Duration.ofMillis(400)));

    HttpClient client = Http.client();
    assertThrows(
        HttpTimeoutException.class,
        () ->
            client.send(
                HttpRequest.newBuilder(url).timeout(Duration.ofMillis(50)).build(), bytes()),
        "no head within 50 ms of a 400 ms delay");
    long start = System.nanoTime();
    HttpResponse<byte[]> slow = client.send(HttpRequest.newBuilder(url).build(), bytes());
    long waited = System.nanoTime() - start;

    assertEquals(200, slow.statusCode());
    assertArrayEquals(normal, slow.body());
    assertTrue(waited >= Duration.ofMillis(400).toNanos(), "answered after " + waited + " ns");
    assertEquals("Fault.delay(PT0.4S)", replica.fault().toString());
  }

  @Test
  void throttleDeliversTheWholeBodyAtTheConfiguredRate() throws Exception {
    ReplicaServer replica = cluster.replica(1);
    URI url = URI.create(Http.infoRefs(replica.url(), REPO));
    byte[] normal = Http.client().send(HttpRequest.newBuilder(url).build(), bytes()).body();
    int rate = 2000;
    replica.fault(Fault.throttle(rate));

    long start = System.nanoTime();
    HttpResponse<byte[]> slow = Http.client().send(HttpRequest.newBuilder(url).build(), bytes());
    long waited = System.nanoTime() - start;

    assertArrayEquals(normal, slow.body());
    // the first slice (a tenth of a second's worth) goes at once, the rest at the rate
    long floor = (normal.length - rate / 10) * 1_000_000_000L / rate;
    assertTrue(normal.length > rate / 5, "the body spans several slices: " + normal.length);
    assertTrue(waited >= floor, "took " + waited + " ns, at least " + floor + " expected");
  }

  @Test
  void realGitClonesThroughAThrottledReplica() {
    ReplicaServer replica = cluster.replica(0);
    replica.fault(Fault.throttle(512 * 1024));

    IsolatedGit.Result clone =
        cluster.get().git().run(work, "clone", "--quiet", replica.url() + "/et/org/big", "big");

    assertEquals(0, clone.exitCode(), clone.stderr());
    assertTrue(work.resolve("big/payload.bin").toFile().length() == 96 * 1024);
  }

  @Test
  void aDelayEndsAtOnceWhenTheClusterClosesAndLeavesNoThread() throws Exception {
    TestCluster own = TestCluster.builder().replicas(1).start();
    ReplicaServer replica = own.replica(0);
    replica.fault(Fault.delay(Duration.ofHours(1)));
    try (Socket socket = Http.connect(replica.host(), replica.port())) {
      Http.send(socket, request());
      assertTrue(replica.http.awaitPausing(1, Http.TIMEOUT), "the request reached its delay");

      own.close();

      assertEquals(-1, socket.getInputStream().read(), "closed without an answer");
    }
    assertNoThreadLeft(replica);
  }

  @Test
  void aThrottledBodyEndsAtOnceWhenTheReplicaGoesDownOrTheClusterCloses() throws Exception {
    TestCluster own = TestCluster.builder().replicas(1).repository(REPO).start();
    ReplicaServer replica = own.replica(0);
    replica.fault(Fault.throttle(1));
    try (Socket socket = Http.connect(replica.host(), replica.port())) {
      Http.send(socket, request());
      InputStream in = socket.getInputStream();
      String head = Http.readHead(in);
      assertTrue(head.startsWith("HTTP/1.1 200"), head);
      assertTrue(replica.http.awaitPausing(1, Http.TIMEOUT), "the body is being paced");

      replica.fault(Fault.down());

      in.readAllBytes(); // returns only because the connection was closed
    } finally {
      own.close();
    }
    assertNoThreadLeft(replica);
  }

  @Test
  void badDelaysAndRatesAreRefusedWithTheValue() {
    IllegalArgumentException negative =
        assertThrows(IllegalArgumentException.class, () -> Fault.delay(Duration.ofSeconds(-1)));
    assertTrue(negative.getMessage().contains("PT-1S"), negative.getMessage());
    IllegalArgumentException zero =
        assertThrows(IllegalArgumentException.class, () -> Fault.throttle(0));
    assertTrue(zero.getMessage().contains("got 0"), zero.getMessage());
    assertEquals("Fault.throttle(10).times(2)", Fault.throttle(10).times(2).toString());
  }

  private static HttpResponse.BodyHandler<byte[]> bytes() {
    return HttpResponse.BodyHandlers.ofByteArray();
  }

  /** Close waits for the server's thread pool to end: nothing of it may be left running. */
  private static void assertNoThreadLeft(TestServer server) {
    assertTrue(server.http.threads().isTerminated(), server + " still has running threads");
  }
}
