package io.entire.transport.adapters.http;

import static io.entire.transport.adapters.http.ApacheHttpExchangeTest.get;
import static io.entire.transport.adapters.http.ApacheHttpExchangeTest.gzip;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.entire.transport.application.port.in.Cancellation;
import io.entire.transport.application.port.out.HttpResponse;
import io.entire.transport.domain.TransportException;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * S3: a response body that was cut short never reads like a clean end of stream; and giving up on a
 * body early never drains it.
 */
class ResponseIntegrityTest {
  private final ApacheHttpExchange http =
      new ApacheHttpExchange(
          new HttpSettings(Duration.ofSeconds(5), Duration.ofSeconds(30), false, "entire-test"));

  @AfterEach
  void closeClient() {
    http.close();
  }

  @Test
  void s3BodyShorterThanContentLengthThrowsWhenRead() throws Exception {
    try (RawHttpServer server =
        RawHttpServer.start(
            c -> {
              c.readRequest();
              c.write("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n0123456789");
              c.close();
            })) {
      try (HttpResponse response = http.exchange(get(server.uri("/r")), new Cancellation())) {
        InputStream body = response.body();
        IOException e = assertThrows(IOException.class, () -> readFully(body));
        assertFalse(e instanceof TransportException, "a plain I/O failure: " + e);
      }
    }
  }

  @Test
  void s3ChunkedBodyWithoutItsLastChunkThrowsWhenRead() throws Exception {
    try (RawHttpServer server =
        RawHttpServer.start(
            c -> {
              c.readRequest();
              // A complete chunk, then the connection closes where "0\r\n\r\n" should come.
              c.write("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\na\r\n0123456789\r\n");
              c.close();
            })) {
      try (HttpResponse response = http.exchange(get(server.uri("/r")), new Cancellation())) {
        InputStream body = response.body();
        assertThrows(IOException.class, () -> readFully(body));
      }
    }
  }

  @Test
  void s3ChunkedBodyCutInsideAChunkThrowsWhenRead() throws Exception {
    try (RawHttpServer server =
        RawHttpServer.start(
            c -> {
              c.readRequest();
              c.write("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n64\r\n0123456789");
              c.close();
            })) {
      try (HttpResponse response = http.exchange(get(server.uri("/r")), new Cancellation())) {
        InputStream body = response.body();
        assertThrows(IOException.class, () -> readFully(body));
      }
    }
  }

  @Test
  void s3ConnectionResetInsideTheBodyThrowsWhenRead() throws Exception {
    try (RawHttpServer server =
        RawHttpServer.start(
            c -> {
              c.readRequest();
              c.write("HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n0123456789");
              c.reset();
            })) {
      try (HttpResponse response = http.exchange(get(server.uri("/r")), new Cancellation())) {
        InputStream body = response.body();
        assertThrows(IOException.class, () -> readFully(body));
      }
    }
  }

  @Test
  void s3GzipBodyCutShortThrowsWhenRead() throws Exception {
    byte[] whole = gzip("0008NAK\n".repeat(1000).getBytes(StandardCharsets.US_ASCII));
    byte[] half = Arrays.copyOf(whole, whole.length / 2);
    try (RawHttpServer server =
        RawHttpServer.start(
            c -> {
              c.readRequest();
              // Framing says complete: only the gzip stream itself knows it is cut short.
              c.write(
                  "HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Length: "
                      + half.length
                      + "\r\n\r\n");
              c.write(half);
            })) {
      try (HttpResponse response = http.exchange(get(server.uri("/r")), new Cancellation())) {
        InputStream body = response.body();
        assertThrows(IOException.class, () -> readFully(body));
      }
    }
  }

  @Test
  void aStallInsideTheBodyFailsWithAReadTimeout() throws Exception {
    try (ApacheHttpExchange impatient =
            new ApacheHttpExchange(
                new HttpSettings(
                    Duration.ofSeconds(5), Duration.ofMillis(300), false, "entire-test"));
        RawHttpServer server =
            RawHttpServer.start(
                c -> {
                  c.readRequest();
                  c.write("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n0123456789");
                  c.hang();
                })) {
      try (HttpResponse response = impatient.exchange(get(server.uri("/r")), new Cancellation())) {
        InputStream body = response.body();
        assertTimeoutPreemptively(
            Duration.ofSeconds(5),
            () -> assertThrows(SocketTimeoutException.class, () -> readFully(body)));
      }
    }
  }

  @Test
  void closingBeforeTheEndAbortsInsteadOfDrainingAndTheNextCallConnectsAfresh() throws Exception {
    // The server announces 1 GiB, sends 64 KiB and then stalls: draining would hang until the
    // 30 s read timeout, far beyond the hang guard.
    try (RawHttpServer server =
        RawHttpServer.start(
            c -> {
              if (c.readRequest().target().equals("/big")) {
                c.write("HTTP/1.1 200 OK\r\nContent-Length: 1073741824\r\n\r\n");
                c.write(new byte[64 * 1024]);
                c.hang();
              } else {
                c.respond(200, "small");
              }
            })) {
      assertTimeoutPreemptively(
          Duration.ofSeconds(5),
          () -> {
            try (HttpResponse response =
                http.exchange(get(server.uri("/big")), new Cancellation())) {
              InputStream body = response.body();
              assertEquals(0, body.read());
              body.close();
            }
          });
      try (HttpResponse response = http.exchange(get(server.uri("/small")), new Cancellation())) {
        assertEquals("small", new String(response.body().readAllBytes(), StandardCharsets.UTF_8));
      }
      assertEquals(2, server.connectionCount(), "the aborted connection is not reused");
    }
  }

  @Test
  void closingAResponseWithoutTouchingItsBodyAlsoAborts() throws Exception {
    try (RawHttpServer server =
        RawHttpServer.start(
            c -> {
              c.readRequest();
              c.write("HTTP/1.1 500 Oops\r\nContent-Length: 1073741824\r\n\r\nstarted");
              c.hang();
            })) {
      assertTimeoutPreemptively(
          Duration.ofSeconds(5),
          () -> {
            HttpResponse response = http.exchange(get(server.uri("/r")), new Cancellation());
            assertEquals(500, response.status());
            response.close();
            response.close(); // idempotent
          });
    }
  }

  private static void readFully(InputStream in) throws IOException {
    byte[] buffer = new byte[8192];
    while (in.read(buffer) >= 0) {
      // keep reading: the failure must come from the stream, not from a short read
    }
  }
}
