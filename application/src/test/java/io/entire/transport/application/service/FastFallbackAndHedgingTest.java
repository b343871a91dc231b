package io.entire.transport.application.service;

import static io.entire.transport.application.service.ScriptedHttpExchange.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.entire.transport.application.port.in.Cancellation;
import io.entire.transport.application.port.in.RequestBody;
import io.entire.transport.application.port.out.FirstConnection;
import io.entire.transport.application.port.out.HttpRequest;
import io.entire.transport.application.port.out.MonotonicClock;
import io.entire.transport.application.port.out.TransportEventListener;
import io.entire.transport.domain.AllNodesFailedException;
import io.entire.transport.domain.GitService;
import io.entire.transport.domain.Headers;
import io.entire.transport.domain.NodeHealth;
import io.entire.transport.domain.NodeUrl;
import io.entire.transport.domain.TransportCancelledException;
import java.io.IOException;
import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Fast fallback (D1) and hedged discovery (D2) in the service, over a scripted HTTP exchange: which
 * node the request goes to after a race of connections, what the race's failures do to the node
 * list and its health records, and how a discovery GET without an answer is hedged.
 */
@Timeout(30)
class FastFallbackAndHedgingTest extends TransportTestSupport {
  private static final String CLUSTER = "eu.example.dev";

  private ReplicaTransportService serviceWithHedgeDelay(Duration hedgeDelay, String... nodes) {
    cache.put(CLUSTER, REPO, nodes(nodes));
    return new ReplicaTransportService(
        config.build(),
        new ClientParts(
            http,
            credentials,
            cache,
            random,
            TestPublicSuffixes.INSTANCE,
            MonotonicClock.SYSTEM,
            Duration.ofSeconds(2),
            TransportEventListener.NONE,
            Headers.empty(),
            hedgeDelay));
  }

  private static FirstConnection.Failed refused(int target) {
    return new FirstConnection.Failed(target, new ConnectException("Connection refused"));
  }

  private Optional<NodeHealth> healthOf(String node) {
    return cache.healthOf(CLUSTER, REPO, NodeUrl.of(node));
  }

  /** A reply that never answers until its attempt is cancelled; counts the aborts. */
  private static ScriptedHttpExchange.Reply hangUntilAborted(
      CountDownLatch arrived, CountDownLatch aborted) {
    return (request, cancellation, bodyRead) -> {
      CountDownLatch cancelled = new CountDownLatch(1);
      try (Cancellation.Registration r = cancellation.onCancel(cancelled::countDown)) {
        arrived.countDown();
        if (!cancelled.await(20, TimeUnit.SECONDS)) {
          throw new AssertionError("the hanging attempt was never aborted");
        }
        aborted.countDown();
        throw new TransportCancelledException();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException(e);
      }
    };
  }

  @Test
  void D1_theFirstConnectionUpCarriesTheRequestAndNodesThatFailedBeforeItFailOver()
      throws IOException {
    http.race(new FirstConnection(1, List.of(refused(0)))).script(B, ok("refs from b"));
    ReplicaTransportService service = serviceWithNodes(A, B, C);

    assertEquals("refs from b", read(service.infoRefs(GitService.UPLOAD_PACK)));

    assertEquals(List.of(B), http.origins(), "the request went once, to the winner");
    List<HttpRequest> raced = http.raced().get(0);
    assertEquals(
        List.of(A, B, C),
        raced.stream().map(r -> NodeUrl.originOf(r.uri()).orElseThrow().toString()).toList());
    assertTrue(raced.stream().allMatch(HttpRequest::inCluster), "marked as their exchanges (N3)");
    assertEquals(List.of(NodeUrl.of(A)), listener.nodes(), "A failed over (F2)");
    assertEquals(1, healthOf(A).orElseThrow().consecutiveFailures(), "and is demoted (D3)");
    assertFalse(service.currentNodes().contains(NodeUrl.of(A)));
  }

  @Test
  void D1_aLosingAttemptThatFailsLaterDemotesItsNodeWithoutFailover() throws IOException {
    http.race(new FirstConnection(0, List.of())).script(A, ok("refs from a"));
    ReplicaTransportService service = serviceWithNodes(A, B);
    assertEquals("refs from a", read(service.infoRefs(GitService.UPLOAD_PACK)));

    http.lateFailure().failed(1, new ConnectException("connect timed out"));

    assertEquals(1, healthOf(B).orElseThrow().consecutiveFailures(), "B counts as failed (D3)");
    assertEquals(List.of(), listener.nodes(), "no failover: the request went elsewhere");
    assertTrue(service.currentNodes().contains(NodeUrl.of(B)), "B stays in the list");
  }

  @Test
  void D1_postsRaceToo() throws IOException {
    http.race(new FirstConnection(1, List.of())).script(B, ok("pack from b"));
    ReplicaTransportService service = serviceWithNodes(A, B);

    assertEquals(
        "pack from b",
        read(
            service.serviceRpc(
                GitService.UPLOAD_PACK,
                RequestBody.ofBytes("0000".getBytes(StandardCharsets.UTF_8)))));
    assertEquals("POST", http.sent().get(0).method());
    assertEquals(List.of(B), http.origins());
  }

  @Test
  void D1_whenNoConnectionComesUpEveryNodeFailsOverWithoutARequest() {
    http.race(new FirstConnection(-1, List.of(refused(0), refused(1))));
    ReplicaTransportService service = serviceWithoutEntry(A, B);

    assertThrows(AllNodesFailedException.class, () -> service.infoRefs(GitService.UPLOAD_PACK));

    assertEquals(List.of(), http.sent());
    assertEquals(List.of(NodeUrl.of(A), NodeUrl.of(B)), listener.nodes());
  }

  @Test
  void D2_aNodeWithoutAnswerWithinTheHedgeDelayIsOvertakenAbortedAndDemoted() throws Exception {
    CountDownLatch arrived = new CountDownLatch(1);
    CountDownLatch aborted = new CountDownLatch(1);
    http.script(A, hangUntilAborted(arrived, aborted)).script(B, ok("refs from b"));
    ReplicaTransportService service = serviceWithHedgeDelay(Duration.ofMillis(50), A, B);

    assertEquals("refs from b", read(service.infoRefs(GitService.UPLOAD_PACK)));

    assertEquals(0, arrived.getCount(), "A was asked first");
    assertTrue(aborted.await(10, TimeUnit.SECONDS), "the overtaken attempt is aborted");
    // A's request is recorded as its attempt ends, on its own thread, maybe after this line.
    assertEquals(1, http.sentTo(B).size(), "B asked once");
    assertEquals(1, healthOf(A).orElseThrow().consecutiveFailures(), "overtaken: demoted (D3)");
    assertEquals(List.of(), listener.nodes(), "no failover of A: it never failed a request");
    assertEquals(Optional.of(NodeUrl.of(B)), service.stickyNode());
  }

  @Test
  void D2_theCallsCancellationReachesEveryHedgedAttempt() throws Exception {
    CountDownLatch arrivedA = new CountDownLatch(1);
    CountDownLatch arrivedB = new CountDownLatch(1);
    CountDownLatch aborted = new CountDownLatch(2);
    http.script(A, hangUntilAborted(arrivedA, aborted))
        .script(B, hangUntilAborted(arrivedB, aborted));
    ReplicaTransportService service = serviceWithHedgeDelay(Duration.ofMillis(20), A, B);
    Thread canceller =
        new Thread(
            () -> {
              try {
                if (arrivedB.await(10, TimeUnit.SECONDS)) {
                  cancellation.cancel();
                }
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            });
    canceller.start();

    assertThrows(TransportCancelledException.class, () -> service.infoRefs(GitService.UPLOAD_PACK));

    assertTrue(aborted.await(10, TimeUnit.SECONDS), "both attempts end");
    canceller.join(10_000);
  }

  @Test
  void D2_postsAreNeverHedged() throws Exception {
    CountDownLatch secondNode = new CountDownLatch(1);
    http.script(
            A,
            (request, handle, bodyRead) -> {
              try {
                // 25 hedge delays: a hedge, if there were one, would reach B meanwhile.
                assertFalse(secondNode.await(500, TimeUnit.MILLISECONDS), "B was asked");
              } catch (InterruptedException e) {
                throw new IOException(e);
              }
              return ok("pack from a").answer(request, handle, bodyRead);
            })
        .script(
            B,
            (request, handle, bodyRead) -> {
              secondNode.countDown();
              return ok("pack from b").answer(request, handle, bodyRead);
            });
    ReplicaTransportService service = serviceWithHedgeDelay(Duration.ofMillis(20), A, B);

    assertEquals(
        "pack from a",
        read(
            service.serviceRpc(
                GitService.UPLOAD_PACK,
                RequestBody.ofBytes("0000".getBytes(StandardCharsets.UTF_8)))));
    assertEquals(List.of(A), http.origins());
  }

  @Test
  void D2_aHedgeThatFailsFailsOverWhileTheHangingAttemptIsOvertakenByTheNext() throws Exception {
    CountDownLatch arrived = new CountDownLatch(1);
    CountDownLatch aborted = new CountDownLatch(1);
    http.script(A, hangUntilAborted(arrived, aborted))
        .script(B, ScriptedHttpExchange.status(503, "busy"))
        .script(C, ok("refs from c"));
    // After A's hedge delay B is asked and answers 503; C is asked next and wins over A.
    ReplicaTransportService service = serviceWithHedgeDelay(Duration.ofMillis(200), A, B, C);

    assertEquals("refs from c", read(service.infoRefs(GitService.UPLOAD_PACK)));
    assertTrue(aborted.await(10, TimeUnit.SECONDS));
    assertEquals(List.of(NodeUrl.of(B)), listener.nodes(), "B failed over (F2)");
    assertEquals(1, healthOf(A).orElseThrow().consecutiveFailures(), "A overtaken (D2)");
  }

  @Test
  void D2_aFailedAttemptFailsOverAtOnceWithoutWaitingForTheHedgeDelay() throws IOException {
    http.script(A, ScriptedHttpExchange.refuse()).script(B, ok("refs from b"));
    ReplicaTransportService service = serviceWithHedgeDelay(Duration.ofMinutes(5), A, B);

    assertEquals("refs from b", read(service.infoRefs(GitService.UPLOAD_PACK)));
    assertEquals(List.of(NodeUrl.of(A)), listener.nodes());
  }
}
