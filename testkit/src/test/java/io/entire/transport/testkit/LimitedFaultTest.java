package io.entire.transport.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@link Fault#times(int)}: a fault for the next n matching requests, then recovery. */
@Timeout(60)
class LimitedFaultTest {

  private static final String REPO = "et/org/repo";

  @RegisterExtension
  static final TestClusterExtension cluster =
      TestClusterExtension.with(TestCluster.builder().replicas(2).repository(REPO));

  @TempDir Path work;

  private static int status(String url) throws Exception {
    return Http.get(url).statusCode();
  }

  @Test
  void statusTimesTwoFailsTwoRequestsThenTheReplicaRecovers() throws Exception {
    ReplicaServer replica = cluster.replica(0);
    String url = Http.infoRefs(replica.url(), REPO);
    Fault fault = Fault.status(503).times(2);

    replica.fault(fault);

    assertEquals(
        List.of(503, 503, 200, 200), List.of(status(url), status(url), status(url), status(url)));
    assertEquals(fault, replica.fault(), "the configured fault stays visible");
    assertEquals("Fault.status(503).times(2)", fault.toString());
    assertEquals(2, fault.limit());
    assertEquals(Fault.times(2, Fault.status(503)), fault);
  }

  @Test
  void installingTheFaultAgainStartsItsCountAgain() throws Exception {
    ReplicaServer replica = cluster.replica(0);
    String url = Http.infoRefs(replica.url(), REPO);
    replica.fault(Fault.reset().times(1));
    assertReset(replica);
    assertEquals(200, status(url));

    replica.fault(Fault.reset().times(1));

    assertReset(replica);
    assertEquals(200, status(url));
  }

  /** One request on a raw socket (the JDK client would retry a reset GET) meets a reset. */
  private static void assertReset(ReplicaServer replica) throws Exception {
    try (Socket socket = Http.connect(replica.host(), replica.port())) {
      Http.send(
          socket,
          "GET /" + REPO + "/info/refs?service=git-upload-pack HTTP/1.1\r\nHost: x\r\n\r\n");
      assertThrows(java.net.SocketException.class, () -> socket.getInputStream().read());
    }
  }

  @Test
  void aScopedLimitedFaultCountsOnlyTheRequestsItMatches() throws Exception {
    ReplicaServer replica = cluster.replica(1);
    replica.fault(Fault.status(500).onlyFor("GET", "/info/refs").times(1));

    assertEquals(200, status(replica.url() + "/" + REPO + "/HEAD"), "not matched, not counted");
    assertEquals(500, status(Http.infoRefs(replica.url(), REPO)));
    assertEquals(200, status(Http.infoRefs(replica.url(), REPO)));
    assertEquals(
        "Fault.status(500).onlyFor(\"GET\", \"/info/refs\").times(1)", replica.fault().toString());
  }

  @Test
  void concurrentRequestsTakeExactlyNFaults() throws Exception {
    ReplicaServer replica = cluster.replica(0);
    replica.fault(Fault.status(503).times(5));
    HttpClient client = Http.client();
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(Http.infoRefs(replica.url(), REPO)))
            .timeout(Http.TIMEOUT)
            .build();
    CountDownLatch go = new CountDownLatch(1);
    ExecutorService threads = Executors.newFixedThreadPool(8);
    try {
      List<Future<Integer>> answers = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        answers.add(
            threads.submit(
                () -> {
                  go.await();
                  return client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
                }));
      }
      go.countDown();
      int failed = 0;
      for (Future<Integer> answer : answers) {
        failed += answer.get() == 503 ? 1 : 0;
      }
      assertEquals(5, failed);
    } finally {
      threads.shutdownNow();
    }
  }

  @Test
  void aHangForOneRequestLetsTheNextOneThrough() throws Exception {
    ReplicaServer replica = cluster.replica(1);
    replica.fault(Fault.hang().times(1));
    try (Socket hung = Http.connect(replica.host(), replica.port())) {
      Http.send(
          hung, "GET /" + REPO + "/info/refs?service=git-upload-pack HTTP/1.1\r\nHost: x\r\n\r\n");
      replica.awaitRequests(1, Http.TIMEOUT);

      assertEquals(200, status(Http.infoRefs(replica.url(), REPO)), "served while one hangs");

      replica.fault(Fault.none());
      assertEquals(-1, hung.getInputStream().read(), "the hung one ends without an answer");
    }
  }

  @Test
  void realGitFailsOnceOnACutBodyThenClones() {
    ReplicaServer replica = cluster.replica(0);
    replica.fault(Fault.truncateAfter(100).times(1));
    String url = replica.url() + "/" + REPO;

    IsolatedGit.Result first = cluster.get().git().run(work, "clone", "--quiet", url, "first");
    IsolatedGit.Result second = cluster.get().git().run(work, "clone", "--quiet", url, "second");

    assertNotEquals(0, first.exitCode(), "the first clone met the cut body");
    assertEquals(0, second.exitCode(), second.stderr());
  }

  @Test
  void noneAndDownCannotBeLimitedAndTheCountMustBePositive() {
    IllegalStateException down =
        assertThrows(IllegalStateException.class, () -> Fault.down().times(1));
    assertTrue(down.getMessage().contains("reset().times(n)"), down.getMessage());
    assertThrows(IllegalStateException.class, () -> Fault.downButAdvertised().times(1));
    assertThrows(IllegalStateException.class, () -> Fault.none().times(3));
    IllegalArgumentException zero =
        assertThrows(IllegalArgumentException.class, () -> Fault.status(503).times(0));
    assertTrue(zero.getMessage().contains("got 0"), zero.getMessage());
    assertThrows(NullPointerException.class, () -> Fault.times(1, null));
  }
}
