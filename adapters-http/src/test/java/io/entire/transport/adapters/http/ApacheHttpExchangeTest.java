package io.entire.transport.adapters.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.entire.transport.application.port.in.Cancellation;
import io.entire.transport.application.port.in.RequestBody;
import io.entire.transport.application.port.out.HttpRequest;
import io.entire.transport.application.port.out.HttpResponse;
import io.entire.transport.domain.Headers;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What goes on the wire and what comes back, against a real local socket. */
class ApacheHttpExchangeTest {
  private static final HttpSettings SETTINGS =
      new HttpSettings(Duration.ofSeconds(5), Duration.ofSeconds(10), false, "entire-test/1.0");

  private final ApacheHttpExchange http = new ApacheHttpExchange(SETTINGS);

  @AfterEach
  void closeClient() {
    http.close();
  }

  @Test
  void getReturnsStatusHeadersAndBodyAndSendsTheConfiguredUserAgent() throws Exception {
    try (RawHttpServer server =
        RawHttpServer.start(
            c -> {
              c.readRequest();
              c.write(
                  "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n"
                      + "X-Entire-Replicas: https://a.example.dev\r\nContent-Length: 5\r\n\r\nhello");
            })) {
      try (HttpResponse response =
          http.exchange(get(server.uri("/repo/info/refs?x=1")), new Cancellation())) {
        assertEquals(200, response.status());
        assertEquals("https://a.example.dev", response.headers().first("X-Entire-Replicas").get());
        assertEquals("hello", readAll(response.body()));
      }
      RawHttpServer.Request received = server.takeRequest();
      assertEquals("GET", received.method());
      assertEquals("/repo/info/refs?x=1", received.target());
      assertEquals("entire-test/1.0", received.header("User-Agent").get());
      assertTrue(received.header("Accept-Encoding").isEmpty(), "no compression is asked for");
    }
  }

  @Test
  void aUserAgentOfTheRequestReplacesTheConfiguredOne() throws Exception {
    try (RawHttpServer server = RawHttpServer.answering("ok")) {
      HttpRequest request =
          HttpRequest.get(server.uri("/r"), Headers.empty().with("User-Agent", "custom/2"));
      http.exchange(request, new Cancellation()).close();
      List<String> agents =
          server.takeRequest().headers().stream()
              .filter(h -> h[0].equalsIgnoreCase("User-Agent"))
              .map(h -> h[1])
              .toList();
      assertEquals(List.of("custom/2"), agents);
    }
  }

  @Test
  void sequentialCallsReuseOnePooledConnection() throws Exception {
    try (RawHttpServer server = RawHttpServer.answering("pooled")) {
      for (int i = 0; i < 3; i++) {
        try (HttpResponse response = http.exchange(get(server.uri("/r")), new Cancellation())) {
          assertEquals("pooled", readAll(response.body()));
        }
      }
      assertEquals(1, server.connectionCount(), "three calls, one TCP connection");
    }
  }

  @Test
  void aChunkedBodyReadToItsEndAlsoReturnsTheConnectionToThePool() throws Exception {
    try (RawHttpServer server =
        RawHttpServer.start(
            c -> {
              while (c.readRequest() != null) {
                c.write(
                    "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                        + "5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n");
              }
            })) {
      for (int i = 0; i < 2; i++) {
        try (HttpResponse response = http.exchange(get(server.uri("/r")), new Cancellation())) {
          assertEquals("hello world", readAll(response.body()));
        }
      }
      assertEquals(1, server.connectionCount());
    }
  }

  @Test
  void concurrentCallsFromSeveralThreadsAllSucceed() throws Exception {
    int threads = 6;
    int callsEach = 5;
    try (RawHttpServer server = RawHttpServer.answering("shared")) {
      java.util.concurrent.ExecutorService pool =
          java.util.concurrent.Executors.newFixedThreadPool(threads);
      try {
        List<java.util.concurrent.Future<Integer>> results = new java.util.ArrayList<>();
        for (int t = 0; t < threads; t++) {
          results.add(
              pool.submit(
                  () -> {
                    int ok = 0;
                    for (int i = 0; i < callsEach; i++) {
                      try (HttpResponse response =
                          http.exchange(get(server.uri("/r")), new Cancellation())) {
                        ok += readAll(response.body()).equals("shared") ? 1 : 0;
                      }
                    }
                    return ok;
                  }));
        }
        int total = 0;
        for (java.util.concurrent.Future<Integer> result : results) {
          total += result.get(10, TimeUnit.SECONDS);
        }
        assertEquals(threads * callsEach, total);
        assertTrue(server.connectionCount() <= threads, "connections are pooled, not per call");
      } finally {
        pool.shutdownNow();
      }
    }
  }

  @Test
  void closingAResponseWhoseBodyWasNeverOpenedButIsEmptyKeepsTheConnection() throws Exception {
    try (RawHttpServer server = RawHttpServer.answering("")) {
      http.exchange(get(server.uri("/a")), new Cancellation()).close();
      http.exchange(get(server.uri("/b")), new Cancellation()).close();
      assertEquals(1, server.connectionCount());
    }
  }

  @Test
  void redirectsAreReturnedNotFollowed() throws Exception {
    try (RawHttpServer server =
        RawHttpServer.start(
            c -> {
              while (c.readRequest() != null) {
                c.write(
                    "HTTP/1.1 307 Temporary Redirect\r\nLocation: /elsewhere\r\n"
                        + "Content-Length: 0\r\n\r\n");
              }
            })) {
      try (HttpResponse response = http.exchange(get(server.uri("/r")), new Cancellation())) {
        assertEquals(307, response.status());
        assertEquals("/elsewhere", response.headers().first("Location").get());
      }
      assertEquals("/r", server.takeRequest().target());
      assertEquals(1, server.connectionCount());
    }
  }

  @Test
  void aFailedRequestIsNotRetriedAutomatically() throws Exception {
    // HttpClient would retry an idempotent GET after "no response"; failover is our policy.
    try (RawHttpServer server =
        RawHttpServer.start(
            c -> {
              c.readRequest();
              c.close();
            })) {
      assertThrows(
          IOException.class, () -> http.exchange(get(server.uri("/r")), new Cancellation()));
      assertEquals(1, server.connectionCount());
    }
  }

  @Test
  void requestBodyIsSentWithContentLengthAndTheCallersFramingHeadersAreIgnored() throws Exception {
    byte[] payload = "0032want abc\n0000".getBytes(StandardCharsets.US_ASCII);
    try (RawHttpServer server = RawHttpServer.answering("ok")) {
      Headers headers =
          Headers.empty()
              .with("Content-Type", "application/x-git-upload-pack-request")
              .with("Content-Length", "999")
              .with("Transfer-Encoding", "chunked");
      HttpRequest request =
          new HttpRequest(
              "POST",
              server.uri("/r/git-upload-pack"),
              headers,
              RequestBody.ofBytes(payload),
              false);
      try (HttpResponse response = http.exchange(request, new Cancellation())) {
        assertEquals(200, response.status());
      }
      RawHttpServer.Request received = server.takeRequest();
      assertEquals("POST", received.method());
      assertEquals(String.valueOf(payload.length), received.header("Content-Length").get());
      assertTrue(received.header("Transfer-Encoding").isEmpty());
      assertTrue(received.header("Content-Encoding").isEmpty());
      assertEquals("application/x-git-upload-pack-request", received.header("Content-Type").get());
      assertArrayEquals(payload, received.body());
    }
  }

  @Test
  void s4GzipBodyIsCompressedOnTheFlyAndSentChunkedWithContentEncodingGzip() throws Exception {
    byte[] payload = "0032want 0123456789abcdef\n".repeat(200).getBytes(StandardCharsets.US_ASCII);
    try (RawHttpServer server = RawHttpServer.answering("ok")) {
      HttpRequest request =
          new HttpRequest(
              "POST",
              server.uri("/r/git-upload-pack"),
              Headers.empty().with("Content-Encoding", "identity"),
              RequestBody.ofBytes(payload),
              true);
      http.exchange(request, new Cancellation()).close();
      RawHttpServer.Request received = server.takeRequest();
      assertEquals(List.of("gzip"), headerValues(received, "Content-Encoding"));
      assertEquals("chunked", received.header("Transfer-Encoding").get());
      assertTrue(received.header("Content-Length").isEmpty());
      assertTrue(received.bodyLength() < payload.length, "compressed");
      assertArrayEquals(payload, gunzip(received.body()));
    }
  }

  @Test
  void eachCallOpensTheBodyAfreshSoItCanBeReplayedOnAnotherNode() throws Exception {
    PatternBody body = new PatternBody(100_000);
    try (RawHttpServer server = RawHttpServer.answering("ok")) {
      for (boolean gzip : new boolean[] {false, true, false}) {
        HttpRequest request =
            new HttpRequest("POST", server.uri("/r/git-receive-pack"), Headers.empty(), body, gzip);
        http.exchange(request, new Cancellation()).close();
      }
      long expected = body.crc();
      assertEquals(expected, server.takeRequest().bodyCrc());
      assertEquals(expected, crc(gunzip(server.takeRequest().body())));
      assertEquals(expected, server.takeRequest().bodyCrc());
      assertEquals(3, body.openCount());
    }
  }

  @Test
  void aBodyShorterThanItsDeclaredLengthFailsInsteadOfCorruptingTheConnection() throws Exception {
    RequestBody lying =
        new RequestBody() {
          @Override
          public long length() {
            return 10;
          }

          @Override
          public InputStream open() {
            return new ByteArrayInputStream(new byte[5]);
          }
        };
    try (RawHttpServer server = RawHttpServer.answering("ok")) {
      HttpRequest request =
          new HttpRequest("POST", server.uri("/r"), Headers.empty(), lying, false);
      IOException e =
          assertThrows(IOException.class, () -> http.exchange(request, new Cancellation()));
      assertTrue(e.getMessage().contains("declared 10 bytes, read 5"), e.getMessage());
    }
  }

  @Test
  void g12ALargeBodyStreamsWithoutBeingHeldInMemory() throws Exception {
    // The body is released only after the server has received its first MiB: a client that
    // read the body whole before sending would wait forever (caught by the hang guard).
    for (boolean gzip : new boolean[] {false, true}) {
      CountDownLatch serverGotFirstMiB = new CountDownLatch(1);
      PatternBody body =
          new PatternBody(
              4L << 20,
              new PatternBody.Gate() {
                @Override
                public void reached(long position) {
                  try {
                    assertTrue(serverGotFirstMiB.await(5, TimeUnit.SECONDS), "server saw bytes");
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                }

                @Override
                public long position() {
                  return 2L << 20;
                }
              });
      try (RawHttpServer server =
          RawHttpServer.start(
              c -> {
                RawHttpServer.Head head = c.readHead();
                c.readBody(
                    head,
                    received -> {
                      if (received >= 1 << 20) {
                        serverGotFirstMiB.countDown();
                      }
                    });
                c.respond(200, "ok");
              })) {
        HttpRequest request =
            new HttpRequest("POST", server.uri("/r/git-receive-pack"), Headers.empty(), body, gzip);
        assertTimeoutPreemptively(
            Duration.ofSeconds(10), () -> http.exchange(request, new Cancellation()).close());
        RawHttpServer.Request received = server.takeRequest();
        if (!gzip) {
          assertEquals(4L << 20, received.bodyLength());
          assertEquals(body.crc(), received.bodyCrc());
        } else {
          assertEquals(body.crc(), crc(gunzip(received.body())));
        }
      }
    }
  }

  @Test
  void g12ABodyOfSeveralHundredMegabytesStreamsWithContentLength() throws Exception {
    long length = 300L << 20;
    PatternBody body = new PatternBody(length);
    try (RawHttpServer server = RawHttpServer.answering("ok")) {
      HttpRequest request =
          new HttpRequest("POST", server.uri("/r/git-receive-pack"), Headers.empty(), body, false);
      assertTimeoutPreemptively(
          Duration.ofSeconds(30), () -> http.exchange(request, new Cancellation()).close());
      RawHttpServer.Request received = server.takeRequest();
      assertEquals(String.valueOf(length), received.header("Content-Length").get());
      assertEquals(length, received.bodyLength());
      assertEquals(body.crc(), received.bodyCrc());
    }
  }

  @Test
  void aGzipResponseIsDecodedAndItsEncodingHeadersRemoved() throws Exception {
    byte[] compressed = gzip("# service=git-upload-pack\n".getBytes(StandardCharsets.US_ASCII));
    try (RawHttpServer server =
        RawHttpServer.start(
            c -> {
              c.readRequest();
              c.write(
                  "HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nContent-Length: "
                      + compressed.length
                      + "\r\n\r\n");
              c.write(compressed);
            })) {
      try (HttpResponse response = http.exchange(get(server.uri("/r")), new Cancellation())) {
        assertEquals("# service=git-upload-pack\n", readAll(response.body()));
        assertFalse(response.headers().contains("Content-Encoding"));
        assertFalse(response.headers().contains("Content-Length"));
      }
    }
  }

  @Test
  void anyOtherContentEncodingIsPassedThroughAsSent() throws Exception {
    try (RawHttpServer server =
        RawHttpServer.start(
            c -> {
              c.readRequest();
              c.write(
                  "HTTP/1.1 200 OK\r\nContent-Encoding: br\r\nContent-Length: 4\r\n\r\n\u0001\u0002\u0003\u0004");
            })) {
      try (HttpResponse response = http.exchange(get(server.uri("/r")), new Cancellation())) {
        assertEquals("br", response.headers().first("Content-Encoding").get());
        assertArrayEquals(new byte[] {1, 2, 3, 4}, response.body().readAllBytes());
      }
    }
  }

  @Test
  void bodyReturnsTheSameStreamEveryTimeAndAnEmptyOneWithoutContent() throws Exception {
    try (RawHttpServer server =
        RawHttpServer.start(
            c -> {
              c.readRequest();
              c.write("HTTP/1.1 204 No Content\r\n\r\n");
            })) {
      try (HttpResponse response = http.exchange(get(server.uri("/r")), new Cancellation())) {
        assertEquals(204, response.status());
        InputStream body = response.body();
        assertEquals(body, response.body());
        assertEquals(-1, body.read());
      }
    }
  }

  @Test
  void onlyHttpAndHttpsUrisWithoutUserinfoAreAccepted() {
    Cancellation cancellation = new Cancellation();
    assertThrows(
        IllegalArgumentException.class,
        () -> http.exchange(get(URI.create("ftp://example.dev/r")), cancellation));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                http.exchange(
                    get(URI.create("https://user:pw-secret@example.dev/r")), cancellation));
    assertFalse(e.getMessage().contains("pw-secret"), e.getMessage());
  }

  @Test
  void closeShutsThePoolDownAndLaterCallsAreRefused() throws Exception {
    try (RawHttpServer server = RawHttpServer.answering("ok")) {
      ApacheHttpExchange closing = new ApacheHttpExchange(SETTINGS);
      closing.exchange(get(server.uri("/r")), new Cancellation()).close();
      closing.close();
      closing.close(); // idempotent
      assertThrows(
          IllegalStateException.class,
          () -> closing.exchange(get(server.uri("/r")), new Cancellation()));
    }
  }

  static HttpRequest get(URI uri) {
    return HttpRequest.get(uri, Headers.empty());
  }

  static String readAll(InputStream in) throws IOException {
    return new String(in.readAllBytes(), StandardCharsets.UTF_8);
  }

  static byte[] gzip(byte[] plain) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(plain);
    }
    return out.toByteArray();
  }

  static byte[] gunzip(byte[] compressed) throws IOException {
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(compressed))) {
      return in.readAllBytes();
    }
  }

  private static long crc(byte[] bytes) {
    java.util.zip.CRC32 crc = new java.util.zip.CRC32();
    crc.update(bytes);
    return crc.getValue();
  }

  private static List<String> headerValues(RawHttpServer.Request request, String name) {
    return request.headers().stream()
        .filter(h -> h[0].equalsIgnoreCase(name))
        .map(h -> h[1])
        .toList();
  }
}
