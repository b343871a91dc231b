package io.entire.transport.adapters.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.entire.transport.application.port.in.Cancellation;
import io.entire.transport.application.port.in.LowSpeedLimit;
import io.entire.transport.application.port.out.HttpRequest;
import io.entire.transport.application.port.out.HttpResponse;
import io.entire.transport.domain.ConnectionPoolExhaustedException;
import io.entire.transport.domain.FailoverPolicy;
import io.entire.transport.domain.Headers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * L3, L5: the sessions of a client share one pool; a call that finds no free connection in time
 * fails with its own type, which never fails over and never counts against a node (F2).
 */
class PoolExhaustionTest {
  private static final Duration HANG_GUARD = Duration.ofSeconds(10);

  @Test
  void L3_L5_aFullPoolIsItsOwnRetryableFailureAndNoReasonToFailOver() throws Exception {
    try (RawHttpServer server = RawHttpServer.answering("refs");
        ApacheHttpExchange http =
            new ApacheHttpExchange(
                new HttpSettings(
                    Duration.ofSeconds(5),
                    Duration.ofMillis(300),
                    false,
                    "entire-test",
                    LowSpeedLimit.OFF,
                    1))) {
      HttpRequest get = HttpRequest.get(server.uri("/r/info/refs"), Headers.empty());
      HttpResponse held = http.exchange(get, new Cancellation()); // holds the only connection

      ConnectionPoolExhaustedException full =
          assertTimeoutPreemptively(
              HANG_GUARD,
              () ->
                  assertThrows(
                      ConnectionPoolExhaustedException.class,
                      () -> http.exchange(get, new Cancellation())));
      assertTrue(full.getMessage().contains("pool of 1"), full.getMessage());
      assertTrue(full.isRetryable());
      assertEquals(FailoverPolicy.Verdict.ABORT, FailoverPolicy.onFailure(full));

      held.close();
      try (HttpResponse next = http.exchange(get, new Cancellation())) {
        assertEquals(200, next.status());
        assertEquals("refs", new String(next.body().readAllBytes(), StandardCharsets.UTF_8));
      }
    }
  }
}
