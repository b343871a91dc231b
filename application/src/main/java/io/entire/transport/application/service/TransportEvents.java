package io.entire.transport.application.service;

import io.entire.transport.application.port.out.HttpRequest;
import io.entire.transport.application.port.out.HttpResponse;
import io.entire.transport.application.port.out.MonotonicClock;
import io.entire.transport.application.port.out.TransportEventListener;
import io.entire.transport.application.port.out.TransportEventListener.Attempt;
import io.entire.transport.application.port.out.TransportEventListener.Call;
import io.entire.transport.application.port.out.TransportEventListener.FailureKind;
import io.entire.transport.application.port.out.TransportEventListener.Kind;
import io.entire.transport.domain.GitService;
import io.entire.transport.domain.Headers;
import io.entire.transport.domain.NodeHealth;
import io.entire.transport.domain.NodeUrl;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The O1 events of one transport. It knows the call in progress, so that the parts below the
 * service (the follow-up loop, failover, the cold path, the node list) report their attempts,
 * failovers, redirects and cache use as part of that call without passing it around. Every event
 * goes through a {@link SafeEventListener}, so none can break a call.
 *
 * <p>Not thread-safe, like the transport that owns it; only the closing of a response it wrapped
 * (which may come from another thread, e.g. to abort a read) is safe from any thread.
 */
final class TransportEvents {
  private final TransportEventListener listener;
  private final MonotonicClock clock;
  private final String repository;
  private Call call;
  private long callStart;

  TransportEvents(TransportEventListener listener, MonotonicClock clock, String repository) {
    this.listener = SafeEventListener.wrap(listener);
    this.clock = clock;
    this.repository = repository;
  }

  /** A call of the transport begins; the events that follow belong to it. */
  void callStarted(GitService service, Kind kind) {
    call = new Call(repository, service, kind);
    callStart = clock.nanoTime();
    listener.callStarted(call);
  }

  /** The call in progress returned its stream. */
  void callEnded() {
    listener.callEnded(call, since(callStart));
  }

  /** The call in progress throws {@code failure} to its caller. */
  void callFailed(Exception failure) {
    listener.callFailed(call, since(callStart), failure);
  }

  /** One request is about to be sent; the returned hop reports how it ends. */
  Hop attemptStarted(HttpRequest request) {
    // Every request URI the loop sends is an absolute http(s) URI without userinfo (the HTTP
    // adapter refuses others), so its origin exists; a hop without one reports nothing.
    NodeUrl node = NodeUrl.originOf(request.uri()).orElse(null);
    long bytesSent = request.body() == null ? 0 : request.body().length();
    if (node != null) {
      listener.attemptStarted(call, node);
    }
    return new Hop(call, node, bytesSent, clock.nanoTime());
  }

  /** The clock's reading now, to time a race of connections (D1) from its start. */
  long now() {
    return clock.nanoTime();
  }

  /**
   * D1: a connection to {@code node}, in a race that started at {@code raceStart}, failed before
   * any request was sent: reported as an attempt of that node that got no response, so attempt
   * metrics still count a node that refuses connections.
   */
  void connectFailed(NodeUrl node, Exception cause, long raceStart) {
    listener.attemptStarted(call, node);
    new Hop(call, node, 0, raceStart).failed(cause);
  }

  /** F2: the call gives up on {@code node} because of {@code cause}. */
  void failover(NodeUrl node, Exception cause) {
    listener.failover(call, node, FailureKind.of(cause), NodeFailure.describe(cause));
  }

  /** A redirect is followed, with or without credentials (X2). */
  void redirect(URI from, URI to, boolean credentialsCarried) {
    listener.redirect(call, from, to, credentialsCarried);
  }

  /** W2, W3: the call goes to the entry domain. */
  void coldPathTaken() {
    listener.coldPathTaken(call);
  }

  /** The replica cache was read for this repository. */
  void replicaCacheRead(boolean hit) {
    listener.replicaCacheRead(repository, hit);
  }

  /** The replica cache entry of this repository was written (K2) or removed (K6). */
  void replicaCacheWritten() {
    listener.replicaCacheWritten(repository);
  }

  /** D3: {@code node} failed and is ejected as {@code health} says. */
  void nodeDemoted(NodeUrl node, NodeHealth health) {
    listener.nodeDemoted(
        node,
        health.consecutiveFailures()
            + (health.consecutiveFailures() == 1 ? " failure" : " consecutive failures")
            + ", ejected until "
            + health.ejectedUntil());
  }

  /** D3: a demoted {@code node} answered again and its record is cleared. */
  void nodeRestored(NodeUrl node) {
    listener.nodeRestored(node);
  }

  private Duration since(long start) {
    return Duration.ofNanos(Math.max(0, clock.nanoTime() - start));
  }

  /** One attempt in flight: ends with a failure, or with a response whose release ends it. */
  final class Hop {
    private final Call hopCall;
    private final NodeUrl node;
    private final long bytesSent;
    private final long start;

    private Hop(Call hopCall, NodeUrl node, long bytesSent, long start) {
      this.hopCall = hopCall;
      this.node = node;
      this.bytesSent = bytesSent;
      this.start = start;
    }

    /** No response came. */
    void failed(Exception failure) {
      if (node != null) {
        listener.attemptEnded(
            new Attempt(
                hopCall,
                node,
                Optional.empty(),
                Optional.of(FailureKind.of(failure)),
                Optional.of(NodeFailure.describe(failure)),
                since(start),
                bytesSent,
                0));
      }
    }

    /**
     * A response came; the attempt ends when it is closed, counting the body bytes read by then.
     *
     * @return the response to use in its place
     */
    HttpResponse answered(HttpResponse response) {
      return node == null ? response : new CountedResponse(response, since(start));
    }

    /** Counts what is read of a response's body and reports the attempt once, on close. */
    private final class CountedResponse implements HttpResponse {
      private final HttpResponse response;
      private final Duration duration;
      private final AtomicBoolean reported = new AtomicBoolean();
      private volatile long bytesReceived;
      private InputStream body;

      CountedResponse(HttpResponse response, Duration duration) {
        this.response = response;
        this.duration = duration;
      }

      @Override
      public int status() {
        return response.status();
      }

      @Override
      public Headers headers() {
        return response.headers();
      }

      @Override
      public InputStream body() throws IOException {
        if (body == null) {
          body = new CountingStream(response.body());
        }
        return body;
      }

      @Override
      public void close() throws IOException {
        try {
          response.close();
        } finally {
          if (reported.compareAndSet(false, true)) {
            listener.attemptEnded(
                new Attempt(
                    hopCall,
                    node,
                    Optional.of(response.status()),
                    Optional.empty(),
                    Optional.empty(),
                    duration,
                    bytesSent,
                    bytesReceived));
          }
        }
      }

      /** Adds every byte read to {@code bytesReceived} (one reader at a time, like the body). */
      private final class CountingStream extends FilterInputStream {
        CountingStream(InputStream in) {
          super(in);
        }

        @Override
        public int read() throws IOException {
          int b = super.read();
          if (b >= 0) {
            bytesReceived++;
          }
          return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
          int n = super.read(b, off, len);
          if (n > 0) {
            bytesReceived += n;
          }
          return n;
        }

        @Override
        public long skip(long n) throws IOException {
          long skipped = super.skip(n);
          if (skipped > 0) {
            bytesReceived += skipped;
          }
          return skipped;
        }

        @Override
        public boolean markSupported() {
          return false; // a reset would count bytes twice
        }
      }
    }
  }
}
