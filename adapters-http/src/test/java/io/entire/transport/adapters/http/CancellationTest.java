package io.entire.transport.adapters.http;

import static io.entire.transport.adapters.http.ApacheHttpExchangeTest.get;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.entire.transport.application.port.in.Cancellation;
import io.entire.transport.application.port.out.HttpRequest;
import io.entire.transport.application.port.out.HttpResponse;
import io.entire.transport.domain.Headers;
import io.entire.transport.domain.TransportCancelledException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Cancelling aborts the exchange promptly, whatever it is waiting for, and the call or read throws
 * {@link TransportCancelledException}. DESIGN §3: a cancelled call returns within 1 s, also when
 * the server hangs; each blocking case measures from {@code cancel()} to the call's return, once
 * the call is provably in flight. Timeouts are long here (30 s), so only the cancellation can end
 * the waits; the hang guard only keeps a broken build from hanging.
 */
class CancellationTest {
  private static final Duration HANG_GUARD = Duration.ofSeconds(5);

  /** DESIGN §3. */
  private static final Duration CANCEL_BOUND = Duration.ofSeconds(1);

  private final ApacheHttpExchange http =
      new ApacheHttpExchange(
          new HttpSettings(Duration.ofSeconds(30), Duration.ofSeconds(30), false, "entire-test"));

  @AfterEach
  void closeClient() {
    http.close();
  }

  @Test
  void cancellingWhileARawServerSocketNeverAnswersReturnsWithinASecond() throws Exception {
    // A bare ServerSocket: the kernel accepts the connection, nobody ever reads or answers.
    try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      CountDownLatch accepted = new CountDownLatch(1);
      Thread acceptor =
          new Thread(
              () -> {
                try {
                  Socket connection = silent.accept();
                  accepted.countDown();
                  try {
                    new CountDownLatch(1).await(); // silent until the test interrupts
                  } finally {
                    connection.close();
                  }
                } catch (Exception e) {
                  // closing the test
                }
              });
      acceptor.start();
      try {
        Canceller canceller = Canceller.once(accepted);
        URI uri = URI.create("http://127.0.0.1:" + silent.getLocalPort() + "/r/info/refs");
        assertCancelledWithinASecond(
            canceller, () -> http.exchange(get(uri), canceller.cancellation));
      } finally {
        acceptor.interrupt();
        acceptor.join(5_000);
      }
    }
  }

  @Test
  void cancellingDuringATcpConnectThatIsNeverAnsweredReturnsWithinASecond() throws Exception {
    // Without a network there is no unroutable address to dial; a listener whose accept queue is
    // full is the local stand-in: Linux drops further SYNs, so the connect just waits. Platforms
    // that refuse or answer such connects instead cannot hold a connect open: skipped there.
    try (ServerSocket full = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        AcceptQueueFiller filler = AcceptQueueFiller.fill(full)) {
      assumeTrue(filler.connectsHang(), "this OS completes or refuses connects beyond the backlog");
      URI uri = URI.create("http://127.0.0.1:" + full.getLocalPort() + "/r/info/refs");
      AtomicReference<Thread> caller = new AtomicReference<>();
      Canceller canceller = Canceller.once(() -> isBlockedIn(caller.get(), "connect"));
      assertCancelledWithinASecond(
          canceller,
          () -> {
            caller.set(Thread.currentThread());
            http.exchange(get(uri), canceller.cancellation);
          });
    }
  }

  @Test
  void cancellingDuringATlsHandshakeWithAServerThatHangsReturnsWithinASecond() throws Exception {
    CountDownLatch accepted = new CountDownLatch(1);
    try (RawHttpServer server =
        RawHttpServer.start(
            c -> {
              accepted.countDown();
              c.hang(); // never sends a ServerHello
            })) {
      Canceller canceller = Canceller.once(accepted);
      assertCancelledWithinASecond(
          canceller, () -> http.exchange(get(server.httpsUri("/r")), canceller.cancellation));
    }
  }

  @Test
  void cancellingWhileReadingTheBodyMakesTheBlockedReadThrowWithinASecond() throws Exception {
    try (RawHttpServer server =
        RawHttpServer.start(
            c -> {
              c.readRequest();
              c.write("HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\nfirst");
              c.hang();
            })) {
      AtomicReference<Thread> reader = new AtomicReference<>();
      // Cancel only once the reader sits in a blocking socket read, so the socket abort is what
      // ends it (not the check made before each read).
      Canceller canceller = Canceller.inactive(() -> isBlockedIn(reader.get(), "read"));
      try (HttpResponse response = http.exchange(get(server.uri("/r")), canceller.cancellation)) {
        InputStream body = response.body();
        assertEquals('f', body.read());
        canceller.start();
        assertCancelledWithinASecond(
            canceller,
            () -> {
              reader.set(Thread.currentThread());
              byte[] buffer = new byte[100];
              while (body.read(buffer) >= 0) {
                // "irst" arrives, then the read blocks until the cancellation aborts it
              }
            });
        // Reading on after the cancellation keeps failing the same way.
        assertThrows(TransportCancelledException.class, body::read);
      }
    }
  }

  @Test
  void cancellingWhileTheServerDoesNotReadAnUploadAbortsTheWriteWithinASecond() throws Exception {
    CountDownLatch headRead = new CountDownLatch(1);
    try (RawHttpServer server =
        RawHttpServer.start(
            c -> {
              c.readHead();
              headRead.countDown();
              c.hang(); // the body fills the socket buffers and the client's write blocks
            })) {
      AtomicReference<Thread> writer = new AtomicReference<>();
      // The head alone proves the call is in flight; waiting for the blocked write too makes the
      // socket abort what ends it.
      Canceller canceller =
          Canceller.once(() -> headRead.getCount() == 0 && isBlockedIn(writer.get(), "write"));
      HttpRequest upload =
          new HttpRequest(
              "POST",
              server.uri("/r/git-receive-pack"),
              Headers.empty(),
              new PatternBody(256L << 20),
              false);
      assertCancelledWithinASecond(
          canceller,
          () -> {
            writer.set(Thread.currentThread());
            http.exchange(upload, canceller.cancellation);
          });
    }
  }

  @Test
  void aCancelRacingTheConnectionSetupStillEndsInTransportCancelled() throws Exception {
    // Cancelling the moment the server accepts lands in different phases of HttpClient's
    // connection setup; some of them make it throw IllegalStateException, not IOException.
    try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      URI uri = URI.create("http://127.0.0.1:" + server.getLocalPort() + "/r");
      assertTimeoutPreemptively(
          Duration.ofSeconds(15),
          () -> {
            for (int attempt = 0; attempt < 100; attempt++) {
              Cancellation cancellation = new Cancellation();
              Thread acceptor =
                  new Thread(
                      () -> {
                        try {
                          Socket connection = server.accept();
                          cancellation.cancel();
                          connection.close();
                        } catch (IOException e) {
                          // the test is over
                        }
                      });
              acceptor.start();
              assertThrows(
                  TransportCancelledException.class, () -> http.exchange(get(uri), cancellation));
              acceptor.join();
            }
          });
    }
  }

  @Test
  void anAlreadyCancelledHandleFailsAtOnceWithoutConnecting() throws Exception {
    try (RawHttpServer server = RawHttpServer.answering("ok")) {
      Cancellation cancellation = new Cancellation();
      cancellation.cancel();
      assertThrows(
          TransportCancelledException.class,
          () -> http.exchange(get(server.uri("/r")), cancellation));
      assertEquals(0, server.connectionCount());
    }
  }

  @Test
  void aCancellationAfterTheResponseWasClosedNoLongerAffectsThePooledConnection() throws Exception {
    try (RawHttpServer server = RawHttpServer.answering("ok")) {
      Cancellation first = new Cancellation();
      try (HttpResponse response = http.exchange(get(server.uri("/r")), first)) {
        response.body().readAllBytes();
      }
      first.cancel(); // the registration ended with the response: nothing is aborted
      try (HttpResponse response = http.exchange(get(server.uri("/r")), new Cancellation())) {
        assertEquals(200, response.status());
        response.body().readAllBytes();
      }
      assertEquals(1, server.connectionCount());
    }
  }

  /**
   * Asserts that the call ends in {@link TransportCancelledException} within {@link #CANCEL_BOUND}
   * of the canceller's {@code cancel()} (DESIGN §3).
   */
  private static void assertCancelledWithinASecond(Canceller canceller, Executable call) {
    assertTimeoutPreemptively(
        HANG_GUARD,
        () -> {
          TransportCancelledException e = assertThrows(TransportCancelledException.class, call);
          long returnedAt = System.nanoTime();
          assertTrue(e.getMessage().contains("cancelled"), e.getMessage());
          Duration took = Duration.ofNanos(returnedAt - canceller.cancelledAt());
          assertTrue(
              took.compareTo(CANCEL_BOUND) < 0,
              "DESIGN §3: a cancelled call returns within 1 s; this one took "
                  + took.toMillis()
                  + " ms");
        });
  }

  /**
   * Whether the thread waits inside a socket {@code operation} (read, write, connect): parked on
   * the socket (when it has a timeout) or in the blocking system call (when it has none).
   */
  static boolean isBlockedIn(Thread thread, String operation) {
    if (thread == null) {
      return false;
    }
    boolean waiting = false;
    for (StackTraceElement frame : thread.getStackTrace()) {
      if (frame.isNativeMethod() || frame.getMethodName().equals("park")) {
        waiting = true;
      } else if (waiting
          && frame.getClassName().endsWith("NioSocketImpl")
          && frame.getMethodName().toLowerCase(Locale.ROOT).contains(operation)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Cancels from its own thread once the call is in flight, and notes the moment it called {@code
   * cancel()}.
   */
  private static final class Canceller {
    final Cancellation cancellation = new Cancellation();
    private final BooleanSupplier inFlight;
    private final AtomicBoolean cancelled = new AtomicBoolean();
    private volatile long cancelledAt;

    private Canceller(BooleanSupplier inFlight) {
      this.inFlight = inFlight;
    }

    /** Cancels once the latch opens. */
    static Canceller once(CountDownLatch inFlight) {
      return once(() -> inFlight.getCount() == 0);
    }

    /** Cancels once the condition holds (polled, bounded). */
    static Canceller once(BooleanSupplier inFlight) {
      Canceller canceller = inactive(inFlight);
      canceller.start();
      return canceller;
    }

    /** A canceller that waits for {@link #start()}. */
    static Canceller inactive(BooleanSupplier inFlight) {
      return new Canceller(inFlight);
    }

    void start() {
      Thread thread = new Thread(this::run, "canceller");
      thread.setDaemon(true);
      thread.start();
    }

    private void run() {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
      while (!inFlight.getAsBoolean()) {
        if (System.nanoTime() > deadline) {
          return; // never in flight: the call's own assertions report it
        }
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1)); // poll, not synchronisation
      }
      cancelledAt = System.nanoTime();
      cancelled.set(true);
      cancellation.cancel();
    }

    /** When {@code cancel()} was called; fails when it never was. */
    long cancelledAt() {
      assertTrue(cancelled.get(), "the call ended before it was cancelled");
      return cancelledAt;
    }
  }

  /**
   * Fills a listener's accept queue with connections nobody accepts, so that the next connect is
   * neither accepted nor refused.
   */
  private static final class AcceptQueueFiller implements AutoCloseable {
    private final List<Socket> queued = new ArrayList<>();
    private boolean connectsHang;

    static AcceptQueueFiller fill(ServerSocket listener) throws IOException {
      AcceptQueueFiller filler = new AcceptQueueFiller();
      InetSocketAddress address =
          new InetSocketAddress(InetAddress.getLoopbackAddress(), listener.getLocalPort());
      // A backlog of 1 queues one or two connections; a few more tries tell a full queue from an
      // OS that ignores the backlog.
      for (int i = 0; i < 8 && !filler.connectsHang; i++) {
        Socket socket = new Socket();
        try {
          socket.connect(address, 300);
          filler.queued.add(socket);
        } catch (SocketTimeoutException e) {
          socket.close();
          filler.connectsHang = true;
        } catch (IOException e) {
          socket.close();
          break; // refused: cannot hold a connect open here
        }
      }
      return filler;
    }

    boolean connectsHang() {
      return connectsHang;
    }

    @Override
    public void close() throws IOException {
      for (Socket socket : queued) {
        socket.close();
      }
    }
  }
}
