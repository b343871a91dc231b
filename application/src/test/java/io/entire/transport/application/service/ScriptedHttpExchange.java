package io.entire.transport.application.service;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.entire.transport.application.port.in.Cancellation;
import io.entire.transport.application.port.out.FirstConnection;
import io.entire.transport.application.port.out.HttpExchangePort;
import io.entire.transport.application.port.out.HttpRequest;
import io.entire.transport.application.port.out.HttpResponse;
import io.entire.transport.domain.Headers;
import io.entire.transport.domain.NodeUrl;
import io.entire.transport.domain.ReplicaSet;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A fake data plane: every origin ({@code scheme://host[:port]}) has a script of replies, consumed
 * in order, the last one repeating. Every request is recorded with its headers and the body bytes
 * the "server" read. A request to an origin without a script fails the test.
 */
final class ScriptedHttpExchange implements HttpExchangePort {

  /** One request as the fake server saw it. */
  record Sent(
      String method, URI uri, Headers headers, byte[] body, boolean gzip, boolean inCluster) {
    String origin() {
      return NodeUrl.originOf(uri).orElseThrow().toString();
    }

    boolean hasAuthorization() {
      return headers.contains("Authorization");
    }

    String authorization() {
      return headers.first("Authorization").orElse(null);
    }

    String bodyText() {
      return body == null ? null : new String(body, StandardCharsets.UTF_8);
    }
  }

  /** How the fake server reacts to one request. */
  @FunctionalInterface
  interface Reply {
    HttpResponse answer(HttpRequest request, Cancellation cancellation, List<byte[]> bodyRead)
        throws IOException;
  }

  private final Map<String, List<Reply>> scripts = new HashMap<>();
  private final Map<String, Integer> positions = new HashMap<>();
  private final List<Sent> sent = new ArrayList<>();
  private final List<FakeResponse> responses = new ArrayList<>();
  private final List<List<HttpRequest>> raced = new ArrayList<>();
  private FirstConnection race;
  private FirstConnection.LateFailure lateFailure;

  /** Scripts an origin; replies are used in order, the last one repeats. */
  synchronized ScriptedHttpExchange script(String origin, Reply... replies) {
    scripts.put(NodeUrl.of(origin).toString(), List.of(replies));
    positions.put(NodeUrl.of(origin).toString(), 0);
    return this;
  }

  @Override
  public HttpResponse exchange(HttpRequest request, Cancellation cancellation) throws IOException {
    String origin =
        NodeUrl.originOf(request.uri())
            .map(NodeUrl::toString)
            .orElseThrow(() -> new AssertionError("not an origin: " + request.uri()));
    Reply reply;
    synchronized (this) { // hedged attempts (D2) send from threads of their own
      List<Reply> script = scripts.get(origin);
      if (script == null) {
        throw new AssertionError("unexpected request to unscripted origin: " + request);
      }
      int position = positions.get(origin);
      positions.put(origin, position + 1);
      reply = script.get(Math.min(position, script.size() - 1));
    }
    List<byte[]> bodyRead = new ArrayList<>();
    try {
      HttpResponse response = reply.answer(request, cancellation, bodyRead);
      if (response instanceof FakeResponse fake) {
        synchronized (this) {
          responses.add(fake);
        }
      }
      return response;
    } finally {
      record(
          new Sent(
              request.method(),
              request.uri(),
              request.headers(),
              bodyRead.isEmpty() ? null : bodyRead.get(0),
              request.gzipBody(),
              request.inCluster()));
    }
  }

  private synchronized void record(Sent request) {
    sent.add(request);
  }

  /**
   * D1: what {@link #connectFirst} returns from now on (null: the port's default, no race); the
   * targets it is asked about and its late-failure callback are kept for the test.
   */
  synchronized ScriptedHttpExchange race(FirstConnection outcome) {
    this.race = outcome;
    return this;
  }

  @Override
  public synchronized FirstConnection connectFirst(
      List<HttpRequest> targets,
      Duration stagger,
      Cancellation cancellation,
      FirstConnection.LateFailure lateFailure)
      throws IOException {
    if (race == null) {
      return HttpExchangePort.super.connectFirst(targets, stagger, cancellation, lateFailure);
    }
    raced.add(List.copyOf(targets));
    this.lateFailure = lateFailure;
    return race;
  }

  /** The target lists of every race, in order. */
  synchronized List<List<HttpRequest>> raced() {
    return List.copyOf(raced);
  }

  /** The late-failure callback of the latest race. */
  synchronized FirstConnection.LateFailure lateFailure() {
    return lateFailure;
  }

  /** Every request, in order. */
  synchronized List<Sent> sent() {
    return List.copyOf(sent);
  }

  /** The requests to one origin, in order. */
  synchronized List<Sent> sentTo(String origin) {
    String key = NodeUrl.of(origin).toString();
    return sent.stream().filter(s -> s.origin().equals(key)).toList();
  }

  /** The origins requested, in order (with repeats). */
  synchronized List<String> origins() {
    return sent.stream().map(Sent::origin).toList();
  }

  /** Fails when a response handed out was never closed (a leaked connection). */
  synchronized void assertAllResponsesClosed() {
    for (FakeResponse r : responses) {
      assertTrue(r.closed, "response " + r.status + " was never closed");
    }
  }

  // ------------------------------------------------------------------ replies

  /** The server reads the whole body (if any), as a real server would before answering. */
  private static void readBody(HttpRequest request, List<byte[]> bodyRead) throws IOException {
    if (request.body() != null) {
      try (InputStream in = request.body().open()) {
        bodyRead.add(in.readAllBytes());
      }
    }
  }

  /** Connection refused: nothing was sent. */
  static Reply refuse() {
    return (request, cancellation, bodyRead) -> {
      throw new ConnectException("Connection refused");
    };
  }

  /** The connection is reset after the server read {@code n} body bytes. */
  static Reply resetAfterReading(int n) {
    return (request, cancellation, bodyRead) -> {
      try (InputStream in = request.body().open()) {
        bodyRead.add(in.readNBytes(n));
      }
      throw new SocketException("Connection reset");
    };
  }

  /** Any status with a text body and header pairs (name, value, name, value, …). */
  static Reply status(int status, String body, String... headerPairs) {
    return (request, cancellation, bodyRead) -> {
      readBody(request, bodyRead);
      return new FakeResponse(status, headers(headerPairs), bodyStream(body));
    };
  }

  /** 200 with a body and header pairs. */
  static Reply ok(String body, String... headerPairs) {
    return status(200, body, headerPairs);
  }

  /** 200 advertising replicas. */
  static Reply okWithReplicas(String body, String replicas) {
    return status(200, body, ReplicaSet.HEADER, replicas);
  }

  /** 307 to a location, with extra header pairs. */
  static Reply redirect(String location, String... headerPairs) {
    String[] all = new String[headerPairs.length + 2];
    all[0] = "Location";
    all[1] = location;
    System.arraycopy(headerPairs, 0, all, 2, headerPairs.length);
    return status(307, "", all);
  }

  /** 307 to a location advertising replicas. */
  static Reply redirectWithReplicas(String location, String replicas) {
    return redirect(location, ReplicaSet.HEADER, replicas);
  }

  /** A status whose body delivers {@code prefix} and then breaks (S3). */
  static Reply truncated(int status, byte[] prefix) {
    return (request, cancellation, bodyRead) -> {
      readBody(request, bodyRead);
      InputStream broken =
          new InputStream() {
            private int next;

            @Override
            public int read() throws IOException {
              if (next < prefix.length) {
                return prefix[next++] & 0xff;
              }
              throw new IOException("Premature end of chunk coded message body");
            }
          };
      return new FakeResponse(status, Headers.empty(), broken);
    };
  }

  /**
   * A status whose body delivers {@code prefix} and then stalls until the response is closed (from
   * any thread), like a server trickling its error page; the stalled read then fails.
   */
  static Reply stalledAfter(int status, String prefix) {
    return (request, cancellation, bodyRead) -> {
      readBody(request, bodyRead);
      return new StalledResponse(status, prefix.getBytes(StandardCharsets.UTF_8));
    };
  }

  /** See {@link #stalledAfter}. */
  static final class StalledResponse implements HttpResponse {
    private final int status;
    private final java.util.concurrent.CountDownLatch closed =
        new java.util.concurrent.CountDownLatch(1);
    private final InputStream body;

    StalledResponse(int status, byte[] prefix) {
      this.status = status;
      this.body =
          new InputStream() {
            private int next;

            @Override
            public int read() throws IOException {
              if (next < prefix.length) {
                return prefix[next++] & 0xff;
              }
              try {
                closed.await();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
              throw new IOException("connection aborted");
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
              if (len == 0) {
                return 0;
              }
              if (next < prefix.length) {
                int n = Math.min(len, prefix.length - next);
                System.arraycopy(prefix, next, b, off, n);
                next += n;
                return n;
              }
              b[off] = (byte) read();
              return 1;
            }
          };
    }

    @Override
    public int status() {
      return status;
    }

    @Override
    public Headers headers() {
      return Headers.empty();
    }

    @Override
    public InputStream body() {
      return body;
    }

    @Override
    public void close() {
      closed.countDown();
    }
  }

  private static Headers headers(String... pairs) {
    if (pairs.length % 2 != 0) {
      throw new IllegalArgumentException("header pairs must come in twos");
    }
    Headers h = Headers.empty();
    for (int i = 0; i < pairs.length; i += 2) {
      h = h.plus(pairs[i], pairs[i + 1]);
    }
    return h;
  }

  private static InputStream bodyStream(String body) {
    return new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8));
  }

  /** A response that remembers whether it was closed. */
  static final class FakeResponse implements HttpResponse {
    private final int status;
    private final Headers headers;
    private final InputStream body;
    private boolean closed;

    FakeResponse(int status, Headers headers, InputStream body) {
      this.status = status;
      this.headers = headers;
      this.body = body;
    }

    @Override
    public int status() {
      return status;
    }

    @Override
    public Headers headers() {
      return headers;
    }

    @Override
    public InputStream body() {
      return body;
    }

    @Override
    public void close() {
      closed = true;
    }
  }
}
