package io.entire.transport.adapters.http;

import static io.entire.transport.adapters.http.ApacheHttpExchangeTest.get;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.entire.transport.application.port.in.Cancellation;
import io.entire.transport.application.port.out.HttpResponse;
import io.entire.transport.domain.TransportCancelledException;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Closing a response from another thread while a thread is blocked reading its body unblocks that
 * read: the application relies on it to bound how long it reads an error body (hardening_4). The
 * read timeout is long, so only the close can end the read; the bound only catches a hang.
 */
class ConcurrentCloseTest {
  private static final long BOUND_SECONDS = 5;

  private final ApacheHttpExchange http =
      new ApacheHttpExchange(
          new HttpSettings(Duration.ofSeconds(30), Duration.ofSeconds(30), false, "entire-test"));

  @AfterEach
  void closeClient() {
    http.close();
  }

  @Test
  void hardening_4_closingTheResponseFromAnotherThreadUnblocksAReadOfAStalledBody()
      throws Exception {
    assertBlockedReadEndsOnClose(false);
  }

  @Test
  void hardening_4_closingAGzipResponseFromAnotherThreadUnblocksAReadOfAStalledBody()
      throws Exception {
    assertBlockedReadEndsOnClose(true);
  }

  private void assertBlockedReadEndsOnClose(boolean gzip) throws Exception {
    byte[] start = gzip ? ApacheHttpExchangeTest.gzip(new byte[4096]) : "503 text: ".getBytes();
    byte[] head = java.util.Arrays.copyOf(start, gzip ? 20 : start.length); // sent, then a stall
    try (RawHttpServer server =
        RawHttpServer.start(
            c -> {
              c.readRequest();
              c.write(
                  "HTTP/1.1 503 Unavailable\r\n"
                      + (gzip ? "Content-Encoding: gzip\r\n" : "")
                      + "Content-Length: 100000\r\n\r\n");
              c.write(head);
              c.hang(); // the rest of the body never comes
            })) {
      HttpResponse response = http.exchange(get(server.uri("/r")), new Cancellation());
      assertEquals(503, response.status());
      InputStream body = response.body();
      AtomicReference<Thread> reader = new AtomicReference<>();
      CountDownLatch reading = new CountDownLatch(1);
      CompletableFuture<Throwable> outcome =
          CompletableFuture.supplyAsync(
              () -> {
                reader.set(Thread.currentThread());
                reading.countDown();
                byte[] buffer = new byte[1024];
                try {
                  while (body.read(buffer) >= 0) {
                    // what was sent arrives, then the read blocks on the stalled socket
                  }
                  return null;
                } catch (Throwable t) {
                  return t;
                }
              });
      assertTrue(reading.await(BOUND_SECONDS, TimeUnit.SECONDS), "the reader started");
      awaitBlockedInRead(reader.get());

      response.close(); // from this thread, while the reader is blocked

      Throwable failure;
      try {
        failure = outcome.get(BOUND_SECONDS, TimeUnit.SECONDS);
      } catch (ExecutionException e) {
        failure = e.getCause();
      }
      assertTrue(failure instanceof IOException, "the blocked read throws: " + failure);
      assertFalse(
          failure instanceof TransportCancelledException, "nothing was cancelled: " + failure);
      assertThrows(IOException.class, body::read, "a closed response's body stays closed");
    }
  }

  /** Waits (bounded) until the reader sits in a blocking socket read. */
  private static void awaitBlockedInRead(Thread reader) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(BOUND_SECONDS);
    while (!CancellationTest.isBlockedIn(reader, "read")) {
      assertTrue(System.nanoTime() < deadline, "the reader never blocked in a socket read");
      Thread.onSpinWait(); // polling the reader's stack, not synchronisation
    }
  }
}
