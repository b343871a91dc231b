package io.entire.transport.application.service;

import io.entire.transport.application.port.out.HttpResponse;
import io.entire.transport.domain.HttpErrors;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the user-facing part of an error response body (H1) and closes the response.
 *
 * <p>The read is bounded in bytes ({@link HttpErrors#MAX_SERVER_TEXT_BYTES}) and in time ({@link
 * #TIME_LIMIT}): failover after a 5xx must not wait for a body that trickles in, so when the time
 * is up the response is closed from a timer, which aborts its connection and ends the blocked read
 * (the {@link HttpResponse} contract), and whatever arrived until then is used. Credential values
 * the transport sent are redacted from the text (A5).
 */
final class ServerText {
  private static final Logger log = LoggerFactory.getLogger(ServerText.class);

  /** How long an error body may take to arrive. */
  static final Duration TIME_LIMIT = Duration.ofMillis(300);

  // The JDK's shared delay thread runs the abort itself: it only flags and aborts a connection.
  private static final Executor ABORT_TIMER =
      CompletableFuture.delayedExecutor(
          TIME_LIMIT.toMillis(), TimeUnit.MILLISECONDS, Runnable::run);

  private ServerText() {}

  static String readAndClose(HttpResponse response, SentSecrets secrets) {
    AtomicBoolean finished = new AtomicBoolean();
    ABORT_TIMER.execute(
        () -> {
          if (finished.compareAndSet(false, true)) {
            abort(response);
          }
        });
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    try (response) {
      InputStream body = response.body();
      byte[] buffer = new byte[HttpErrors.MAX_SERVER_TEXT_BYTES];
      while (head.size() < HttpErrors.MAX_SERVER_TEXT_BYTES) {
        int n = body.read(buffer, 0, HttpErrors.MAX_SERVER_TEXT_BYTES - head.size());
        if (n < 0) {
          break;
        }
        head.write(buffer, 0, n);
      }
    } catch (IOException | RuntimeException e) {
      // The status already says what happened; the text that arrived (if any) is still shown.
      log.debug("error body ended early: {}", e.toString());
    } finally {
      finished.set(true);
    }
    return secrets.redact(HttpErrors.serverText(head.toString(StandardCharsets.UTF_8)));
  }

  private static void abort(HttpResponse response) {
    try {
      response.close();
    } catch (IOException | RuntimeException e) {
      log.debug("aborting a slow error body: {}", e.toString());
    }
  }
}
