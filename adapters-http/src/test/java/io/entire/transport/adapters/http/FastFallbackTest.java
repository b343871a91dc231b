package io.entire.transport.adapters.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.entire.transport.application.port.in.Cancellation;
import io.entire.transport.application.port.in.LowSpeedLimit;
import io.entire.transport.application.port.out.FirstConnection;
import io.entire.transport.application.port.out.HttpRequest;
import io.entire.transport.application.port.out.HttpResponse;
import io.entire.transport.domain.Headers;
import io.entire.transport.domain.TransportCancelledException;
import io.entire.transport.testkit.Fault;
import io.entire.transport.testkit.TestCluster;
import java.io.IOException;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** D1: fast fallback races connections, over real sockets and a blackholed testkit replica. */
@Timeout(30)
class FastFallbackTest {
  private static final Duration STAGGER = Duration.ofMillis(250);
  private static final FirstConnection.LateFailure IGNORED = (target, cause) -> {};

  private static TestCluster cluster;

  /** A one-second connect timeout, so that the late failure of a blackholed node comes soon. */
  private final ApacheHttpExchange http =
      new ApacheHttpExchange(
          new HttpSettings(
              Duration.ofSeconds(1),
              Duration.ofSeconds(10),
              false,
              "entire-test",
              LowSpeedLimit.OFF,
              4));

  @BeforeAll
  static void startCluster() throws IOException {
    cluster = TestCluster.builder().replicas(1).repository("r").start();
    cluster.replica(0).fault(Fault.blackhole());
  }

  @AfterAll
  static void stopCluster() {
    cluster.close();
  }

  @AfterEach
  void closeClient() {
    http.close();
  }

  private static HttpRequest get(URI uri) {
    return HttpRequest.get(uri, Headers.empty());
  }

  private static URI blackholed() {
    return URI.create(cluster.replica(0).url() + "/r/info/refs");
  }

  @Test
  void D1_aBlackholedFirstNodeLosesToTheNextWhichCarriesTheRequestOnThatConnection()
      throws Exception {
    CountDownLatch lateFailure = new CountDownLatch(1);
    AtomicInteger lateTarget = new AtomicInteger(-1);
    try (RawHttpServer healthy = RawHttpServer.answering("ok")) {
      long start = System.nanoTime();
      FirstConnection first =
          http.connectFirst(
              List.of(get(blackholed()), get(healthy.uri("/r/info/refs"))),
              STAGGER,
              new Cancellation(),
              (target, cause) -> {
                lateTarget.set(target);
                lateFailure.countDown();
              });
      long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

      assertEquals(1, first.winner());
      assertTrue(first.failedFirst().isEmpty(), "the blackholed attempt is still running");
      // The generous bound for a shared machine; bench/node-health.sh measures the figure.
      assertTrue(millis < 600, "connected after " + millis + " ms");
      try (HttpResponse response =
          http.exchange(get(healthy.uri("/r/info/refs")), new Cancellation())) {
        assertEquals(200, response.status());
      }
      assertEquals(1, healthy.connectionCount(), "the request went on the raced connection");
      // D1: the losing attempt ends at the connect timeout and its node counts as failed.
      assertTrue(lateFailure.await(10, TimeUnit.SECONDS), "no late failure reported");
      assertEquals(0, lateTarget.get());
    }
  }

  @Test
  void D1_closingTheExchangeReportsALosingAttemptStillConnectingAsFailed() throws Exception {
    ApacheHttpExchange patient =
        new ApacheHttpExchange(
            new HttpSettings(
                Duration.ofSeconds(20),
                Duration.ofSeconds(10),
                false,
                "entire-test",
                LowSpeedLimit.OFF,
                4));
    List<Integer> late = new java.util.concurrent.CopyOnWriteArrayList<>();
    try (RawHttpServer healthy = RawHttpServer.answering("ok")) {
      FirstConnection first =
          patient.connectFirst(
              List.of(get(blackholed()), get(healthy.uri("/r"))),
              STAGGER,
              new Cancellation(),
              (target, cause) -> late.add(target));
      assertEquals(1, first.winner());
      assertEquals(List.of(), late, "the blackholed attempt runs for up to 20 s");
    } finally {
      patient.close(); // a helper process ends long before a connect timeout
    }
    assertEquals(List.of(0), late, "reported on close, so a short-lived process demotes it");
  }

  @Test
  void D1_aRefusedNodeStartsTheNextAttemptAtOnceAndIsReportedBeforeTheWinner() throws Exception {
    try (RawHttpServer healthy = RawHttpServer.answering("ok")) {
      URI refused = refusedUri();
      FirstConnection first =
          http.connectFirst(
              List.of(get(refused), get(healthy.uri("/r"))),
              Duration.ofSeconds(30), // a stagger that would time the test out if waited for
              new Cancellation(),
              IGNORED);

      assertEquals(1, first.winner());
      assertEquals(1, first.failedFirst().size());
      assertEquals(0, first.failedFirst().get(0).target());
      assertInstanceOf(ConnectException.class, first.failedFirst().get(0).cause());
    }
  }

  @Test
  void D1_whenEveryAttemptFailsThereIsNoWinnerAndEveryFailureIsReported() throws Exception {
    FirstConnection first =
        http.connectFirst(
            List.of(get(refusedUri()), get(refusedUri())), STAGGER, new Cancellation(), IGNORED);

    assertFalse(first.anyUp());
    assertEquals(2, first.failedFirst().size());
  }

  @Test
  void D1_aNodeWithAPooledConnectionWinsAtOnceAndTheNextIsNeverDialled() throws Exception {
    try (RawHttpServer used = RawHttpServer.answering("ok");
        RawHttpServer other = RawHttpServer.answering("ok")) {
      try (HttpResponse response = http.exchange(get(used.uri("/r")), new Cancellation())) {
        response.body().readAllBytes(); // read to the end, so its connection goes back to the pool
      }

      FirstConnection first =
          http.connectFirst(
              List.of(get(used.uri("/r")), get(other.uri("/r"))),
              Duration.ofSeconds(30),
              new Cancellation(),
              IGNORED);

      assertEquals(0, first.winner());
      assertEquals(1, used.connectionCount());
      assertEquals(0, other.connectionCount());
    }
  }

  @Test
  void D1_cancellingEndsTheWaitWithACancellation() throws Exception {
    Cancellation cancellation = new Cancellation();
    AtomicReference<Throwable> thrown = new AtomicReference<>();
    Thread racer =
        new Thread(
            () ->
                thrown.set(
                    assertThrows(
                        TransportCancelledException.class,
                        () ->
                            http.connectFirst(
                                List.of(get(blackholed()), get(blackholed())),
                                STAGGER,
                                cancellation,
                                IGNORED))));
    racer.start();
    cancellation.cancel();
    racer.join(10_000);
    assertFalse(racer.isAlive());
    assertInstanceOf(TransportCancelledException.class, thrown.get());
  }

  @Test
  void D1_oneTargetIsNotRaced() throws Exception {
    assertEquals(
        FirstConnection.UNRACED,
        http.connectFirst(List.of(get(refusedUri())), STAGGER, new Cancellation(), IGNORED));
  }

  /** A loopback port nobody listens on (bound, then closed). */
  private static URI refusedUri() throws IOException {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    return URI.create("http://127.0.0.1:" + port + "/r");
  }
}
