package io.entire.transport.adapters.http;

import static io.entire.transport.adapters.http.ApacheHttpExchangeTest.get;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.entire.transport.application.port.in.Cancellation;
import io.entire.transport.application.port.out.HttpRequest;
import io.entire.transport.application.port.out.HttpResponse;
import io.entire.transport.domain.Headers;
import io.entire.transport.domain.TransportCancelledException;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Cancelling aborts the exchange promptly, whatever it is waiting for, and the call or read throws
 * {@link TransportCancelledException}. Timeouts are long here (30 s), so only the cancellation can
 * end the waits; the hang guards are a few seconds.
 */
class CancellationTest {
  private static final Duration HANG_GUARD = Duration.ofSeconds(5);

  private final ApacheHttpExchange http =
      new ApacheHttpExchange(
          new HttpSettings(Duration.ofSeconds(30), Duration.ofSeconds(30), false, "entire-test"));

  @AfterEach
  void closeClient() {
    http.close();
  }

  @Test
  void cancellingWhileARawServerSocketNeverAnswersAbortsTheCall() throws Exception {
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
        Cancellation cancellation = new Cancellation();
        cancelWhen(accepted, cancellation);
        URI uri = URI.create("http://127.0.0.1:" + silent.getLocalPort() + "/r/info/refs");
        assertCancelled(() -> http.exchange(get(uri), cancellation));
      } finally {
        acceptor.interrupt();
        acceptor.join(5_000);
      }
    }
  }

  @Test
  void cancellingDuringATlsHandshakeWithAServerThatHangsAbortsTheCall() throws Exception {
    CountDownLatch accepted = new CountDownLatch(1);
    try (RawHttpServer server =
        RawHttpServer.start(
            c -> {
              accepted.countDown();
              c.hang(); // never sends a ServerHello
            })) {
      Cancellation cancellation = new Cancellation();
      cancelWhen(accepted, cancellation);
      assertCancelled(() -> http.exchange(get(server.httpsUri("/r")), cancellation));
    }
  }

  @Test
  void cancellingWhileReadingTheBodyMakesTheBlockedReadThrow() throws Exception {
    try (RawHttpServer server =
        RawHttpServer.start(
            c -> {
              c.readRequest();
              c.write("HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\nfirst");
              c.hang();
            })) {
      Cancellation cancellation = new Cancellation();
      try (HttpResponse response = http.exchange(get(server.uri("/r")), cancellation)) {
        InputStream body = response.body();
        assertEquals('f', body.read());
        AtomicReference<Thread> reader = new AtomicReference<>();
        Thread canceller =
            new Thread(
                () -> {
                  // Cancel only once the reader sits in a blocking socket read, so the socket
                  // abort is what ends it (not the check made before each read).
                  if (awaitBlockedInSocketRead(reader)) {
                    cancellation.cancel();
                  }
                },
                "canceller");
        canceller.setDaemon(true);
        canceller.start();
        assertCancelled(
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
  void cancellingWhileTheServerDoesNotReadAnUploadAbortsTheWrite() throws Exception {
    CountDownLatch headRead = new CountDownLatch(1);
    try (RawHttpServer server =
        RawHttpServer.start(
            c -> {
              c.readHead();
              headRead.countDown();
              c.hang(); // the body fills the socket buffers and the client's write blocks
            })) {
      Cancellation cancellation = new Cancellation();
      cancelWhen(headRead, cancellation);
      HttpRequest upload =
          new HttpRequest(
              "POST",
              server.uri("/r/git-receive-pack"),
              Headers.empty(),
              new PatternBody(256L << 20),
              false);
      assertCancelled(() -> http.exchange(upload, cancellation));
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

  /** Cancels from another thread once {@code ready} opens (the hang guard bounds the wait). */
  private static void cancelWhen(CountDownLatch ready, Cancellation cancellation) {
    Thread canceller =
        new Thread(
            () -> {
              try {
                if (ready.await(10, TimeUnit.SECONDS)) {
                  cancellation.cancel();
                }
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "canceller");
    canceller.setDaemon(true);
    canceller.start();
  }

  /** Waits (bounded) until the thread is blocked reading a socket. */
  private static boolean awaitBlockedInSocketRead(AtomicReference<Thread> reader) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (System.nanoTime() < deadline) {
      Thread thread = reader.get();
      if (thread != null) {
        for (StackTraceElement frame : thread.getStackTrace()) {
          if (frame.getClassName().endsWith("NioSocketImpl")
              && frame.getMethodName().equals("park")) {
            return true;
          }
        }
      }
      Thread.yield();
    }
    return false;
  }

  private static void assertCancelled(Executable call) {
    assertTimeoutPreemptively(
        HANG_GUARD,
        () -> {
          TransportCancelledException e = assertThrows(TransportCancelledException.class, call);
          assertTrue(e.getMessage().contains("cancelled"), e.getMessage());
        });
  }
}
