package io.entire.transport.adapters.http;

import static io.entire.transport.adapters.http.ApacheHttpExchangeTest.get;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.entire.transport.application.port.in.Cancellation;
import io.entire.transport.application.port.in.LowSpeedLimit;
import io.entire.transport.application.port.out.HttpResponse;
import io.entire.transport.domain.TransportException;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * git's {@code GIT_HTTP_LOW_SPEED_LIMIT}/{@code _TIME} (DESIGN §7) on a real socket: a body that
 * trickles below the limit fails its read like a body cut short (S3), although bytes keep coming
 * well within the read timeout; a fast body is untouched.
 */
class LowSpeedResponseTest {
  private static final LowSpeedLimit THOUSAND_PER_SECOND_FOR_1_S =
      new LowSpeedLimit(1000, Duration.ofSeconds(1));

  // The read timeout is long, so only the low-speed rule can end the trickle.
  private final ApacheHttpExchange http =
      new ApacheHttpExchange(
          new HttpSettings(
              Duration.ofSeconds(5),
              Duration.ofSeconds(30),
              false,
              "entire-test",
              THOUSAND_PER_SECOND_FOR_1_S));

  @AfterEach
  void closeClient() {
    http.close();
  }

  @Test
  void aBodyTricklingBelowTheLowSpeedLimitFailsTheRead() throws Exception {
    try (RawHttpServer server =
        RawHttpServer.start(
            c -> {
              c.readRequest();
              c.write("HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n");
              for (int i = 0; i < 100_000; i++) {
                c.write(new byte[] {'x'}); // 1 byte every 50 ms: 20 bytes/s
                c.pace(50);
              }
            })) {
      assertTimeoutPreemptively(
          Duration.ofSeconds(10),
          () -> {
            try (HttpResponse response = http.exchange(get(server.uri("/r")), new Cancellation())) {
              InputStream body = response.body();
              IOException e = assertThrows(IOException.class, () -> drain(body));
              assertFalse(e instanceof TransportException, "a plain I/O failure: " + e);
              assertTrue(
                  e.getMessage()
                      .startsWith("transfer below the low speed limit of 1000 bytes/s for 1 s: "),
                  e.getMessage());
              // The body stays failed: it never reads on as if nothing happened.
              IOException again = assertThrows(IOException.class, body::read);
              assertEquals(e.getMessage(), again.getMessage());
            }
          });
    }
  }

  @Test
  void aFastBodyIsNotAffected() throws Exception {
    byte[] payload = new byte[4 << 20];
    new Random(7).nextBytes(payload);
    try (RawHttpServer server =
        RawHttpServer.start(
            c -> {
              c.readRequest();
              c.write("HTTP/1.1 200 OK\r\nContent-Length: " + payload.length + "\r\n\r\n");
              c.write(payload);
            })) {
      try (HttpResponse response = http.exchange(get(server.uri("/r")), new Cancellation())) {
        assertArrayEquals(payload, response.body().readAllBytes());
      }
    }
  }

  private static void drain(InputStream body) throws IOException {
    byte[] buffer = new byte[8192];
    while (body.read(buffer) >= 0) {
      // until the low-speed rule fails the read
    }
  }
}
