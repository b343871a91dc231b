package io.entire.transport.adapters.http;

import static io.entire.transport.adapters.http.ApacheHttpExchangeTest.get;
import static io.entire.transport.adapters.http.ApacheHttpExchangeTest.readAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.entire.transport.application.port.in.Cancellation;
import io.entire.transport.application.port.out.HttpResponse;
import io.entire.transport.domain.TransportException;
import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * hardening_header_64k: an entry's {@code X-Entire-Replicas} header listing many replicas is one
 * long line; lines up to 64 KiB are read intact, longer ones (and floods of fields) fail the call
 * with an {@link IOException} instead of hanging or buffering without limit.
 */
class ResponseHeaderLimitTest {
  private static final Duration HANG_GUARD = Duration.ofSeconds(10);

  private final ApacheHttpExchange http =
      new ApacheHttpExchange(
          new HttpSettings(Duration.ofSeconds(5), Duration.ofSeconds(10), false, "entire-test"));

  @AfterEach
  void closeClient() {
    http.close();
  }

  @Test
  void hardening_header_64k_aFortyKibReplicaHeaderIsReadIntact() throws Exception {
    String replicas = replicaList(40 * 1024);
    try (RawHttpServer server = answeringWithHeader("X-Entire-Replicas: " + replicas)) {
      try (HttpResponse response = http.exchange(get(server.uri("/r")), new Cancellation())) {
        assertEquals(200, response.status());
        assertEquals(replicas, response.headers().first("X-Entire-Replicas").orElseThrow());
        assertEquals("ok", readAll(response.body()));
      }
    }
  }

  @Test
  void hardening_header_64k_aHeaderLineOverSixtyFourKibFailsTheCall() throws Exception {
    String replicas = replicaList(64 * 1024 + 1);
    try (RawHttpServer server = answeringWithHeader("X-Entire-Replicas: " + replicas)) {
      IOException e =
          assertTimeoutPreemptively(
              HANG_GUARD,
              () ->
                  assertThrows(
                      IOException.class,
                      () -> http.exchange(get(server.uri("/r")), new Cancellation()).close()));
      assertFalse(e instanceof TransportException, e.toString());
    }
  }

  @Test
  void hardening_header_64k_aFloodOfHeaderFieldsFailsTheCall() throws Exception {
    StringBuilder fields = new StringBuilder();
    for (int i = 0; i < 1000; i++) {
      fields.append(i == 0 ? "" : "\r\n").append("X-Filler-").append(i).append(": x");
    }
    try (RawHttpServer server = answeringWithHeader(fields.toString())) {
      assertTimeoutPreemptively(
          HANG_GUARD,
          () ->
              assertThrows(
                  IOException.class,
                  () -> http.exchange(get(server.uri("/r")), new Cancellation()).close()));
    }
  }

  /** Comma-separated replica URLs, {@code length} characters long. */
  private static String replicaList(int length) {
    StringBuilder list = new StringBuilder();
    for (int i = 0; list.length() < length; i++) {
      list.append(i == 0 ? "" : ", ").append("https://replica-").append(i).append(".example.dev");
    }
    list.setLength(length);
    return list.toString();
  }

  private static RawHttpServer answeringWithHeader(String headerLines) throws IOException {
    return RawHttpServer.start(
        c -> {
          while (c.readRequest() != null) {
            c.write("HTTP/1.1 200 OK\r\n" + headerLines + "\r\nContent-Length: 2\r\n\r\nok");
          }
        });
  }
}
