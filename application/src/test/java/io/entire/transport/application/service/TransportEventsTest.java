package io.entire.transport.application.service;

import static io.entire.transport.application.service.ScriptedHttpExchange.ok;
import static io.entire.transport.application.service.ScriptedHttpExchange.okWithReplicas;
import static io.entire.transport.application.service.ScriptedHttpExchange.redirect;
import static io.entire.transport.application.service.ScriptedHttpExchange.refuse;
import static io.entire.transport.application.service.ScriptedHttpExchange.status;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.entire.transport.application.port.in.RequestBody;
import io.entire.transport.application.port.in.TransportConfig;
import io.entire.transport.application.port.out.MonotonicClock;
import io.entire.transport.application.port.out.TransportEventListener;
import io.entire.transport.application.port.out.TransportEventListener.FailureKind;
import io.entire.transport.application.port.out.TransportEventListener.Kind;
import io.entire.transport.domain.AllNodesFailedException;
import io.entire.transport.domain.GitService;
import io.entire.transport.domain.HttpStatusException;
import io.entire.transport.domain.NodeUrl;
import io.entire.transport.domain.RepositoryNotFoundException;
import io.entire.transport.domain.TransportCancelledException;
import io.entire.transport.domain.TransportException;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;

/** O1: what the transport tells its event listener, in order, over fakes of every port. */
class TransportEventsTest extends TransportTestSupport {
  private static final String REPOSITORY = ENTRY + REPO;

  private final RecordingEventListener events = new RecordingEventListener();
  private final ManualClock clock = new ManualClock();
  private TransportEventListener registered = events;

  @Override
  ReplicaTransportService service() {
    return new ReplicaTransportService(
        config.build(),
        new ClientParts(
            http,
            credentials,
            cache,
            random,
            TestPublicSuffixes.INSTANCE,
            clock,
            TransportConfig.DEFAULT_CONNECT_TIMEOUT,
            registered));
  }

  @Test
  void O1_aWarmDiscoveryReportsItsCallAndAttemptWhoseBodyIsCountedUntilClosed() throws IOException {
    http.script(A, taking(Duration.ofMillis(5), ok("refs")));
    ReplicaTransportService service = serviceWithNodes(A);

    InputStream refs = service.infoRefs(GitService.UPLOAD_PACK);

    assertEquals(
        List.of(
            "cacheRead " + REPOSITORY + " hit",
            "callStarted git-upload-pack DISCOVERY",
            "attemptStarted " + A,
            "callEnded 5ms"),
        events.lines,
        "the attempt ends when its response is released, not before");
    assertEquals("refs", read(refs));
    assertEquals("attemptEnded " + A + " 200 sent=0 received=4 5ms", last(events.lines));
    assertEquals(REPOSITORY, events.calls.get(0).repository());
  }

  @Test
  void O1_bytesReceivedAreWhatWasReadBeforeTheStreamWasClosed() throws IOException {
    http.script(A, ok("0123456789"));
    InputStream refs = serviceWithNodes(A).infoRefs(GitService.UPLOAD_PACK);

    assertEquals(3, refs.readNBytes(3).length);
    refs.close();
    refs.close(); // reported once

    assertEquals(1, events.attempts.size());
    assertEquals(3, events.attempts.get(0).bytesReceived());
  }

  @Test
  void O1_eachFailedNodeReportsItsAttemptThenAFailoverWithKindAndReason() throws IOException {
    http.script(A, taking(Duration.ofMillis(2), refuse()))
        .script(B, status(503, "overloaded"))
        .script(C, ok("refs"));
    ReplicaTransportService service = serviceWithNodes(A, B, C);

    read(service.infoRefs(GitService.RECEIVE_PACK));

    assertEquals(
        List.of(
            "cacheRead " + REPOSITORY + " hit",
            "callStarted git-receive-pack DISCOVERY",
            "attemptStarted " + A,
            "attemptEnded " + A + " CONNECT sent=0 received=0 2ms",
            "failover " + A + " CONNECT Connection refused (ConnectException)",
            "cacheWritten " + REPOSITORY, // K6: A demoted, the entry stays
            "nodeDemoted " + A + " 1 failure, ejected until 2026-01-01T00:00:30Z", // D3
            "attemptStarted " + B,
            "attemptEnded " + B + " 503 sent=0 received=10 0ms",
            "failover " + B + " SERVER_ERROR server error (HTTP 503): overloaded",
            "cacheWritten " + REPOSITORY,
            "nodeDemoted " + B + " 1 failure, ejected until 2026-01-01T00:00:30Z",
            "attemptStarted " + C,
            "callEnded 2ms",
            "attemptEnded " + C + " 200 sent=0 received=4 0ms"),
        events.lines);
    assertEquals(
        "Connection refused (ConnectException)", events.attempts.get(0).cause().orElseThrow());
  }

  @Test
  void O1_callFailedGetsTheVeryExceptionTheCallerReceives() {
    http.script(A, refuse());
    ReplicaTransportService service = serviceWithoutEntry(A);

    AllNodesFailedException thrown =
        assertThrows(AllNodesFailedException.class, () -> service.infoRefs(GitService.UPLOAD_PACK));

    assertEquals(List.of(thrown), events.callFailures);
    assertEquals("callFailed AllNodesFailedException", last(events.lines));
  }

  @Test
  void O1_aServiceRpcReportsTheBodyLengthSentAndTheBytesRead() throws IOException {
    http.script(A, ok("pack data"));
    ReplicaTransportService service = serviceWithNodes(A);

    read(service.serviceRpc(GitService.RECEIVE_PACK, RequestBody.ofBytes(new byte[100])));

    assertEquals("callStarted git-receive-pack RPC", events.lines.get(1));
    assertEquals(Kind.RPC, events.calls.get(0).kind());
    assertEquals("attemptEnded " + A + " 200 sent=100 received=9 0ms", last(events.lines));
  }

  @Test
  void O1_aRefusedRpcEndsItsAttemptBeforeTheCallFails() {
    http.script(A, status(404, "no such repository"));
    ReplicaTransportService service = serviceWithNodes(A);

    RepositoryNotFoundException thrown =
        assertThrows(
            RepositoryNotFoundException.class,
            () -> service.serviceRpc(GitService.UPLOAD_PACK, RequestBody.ofBytes(new byte[7])));

    assertEquals(
        List.of(
            "attemptEnded " + A + " 404 sent=7 received=18 0ms",
            "callFailed RepositoryNotFoundException"),
        events.lines.subList(events.lines.size() - 2, events.lines.size()));
    assertSame(thrown, events.callFailures.get(0));
  }

  @Test
  void O1_redirectsSayWhetherCredentialsWereCarriedAndNeverCarryTheirValues() throws IOException {
    http.script(A, redirect(B + UPLOAD_REFS))
        .script(B, redirect(EVIL + UPLOAD_REFS))
        .script(EVIL, ok("refs"));

    read(serviceWithNodes(A).infoRefs(GitService.UPLOAD_PACK));

    assertEquals(
        List.of(
            "redirect " + A + UPLOAD_REFS + " -> " + B + UPLOAD_REFS + " with",
            "redirect " + B + UPLOAD_REFS + " -> " + EVIL + UPLOAD_REFS + " without"),
        events.lines.stream().filter(l -> l.startsWith("redirect")).toList());
    assertEquals(
        List.of("attemptStarted " + A, "attemptStarted " + B, "attemptStarted " + EVIL),
        events.lines.stream().filter(l -> l.startsWith("attemptStarted")).toList());
    for (String line : events.lines) {
      assertFalse(line.contains("Bearer") || line.contains("t1"), line);
    }
  }

  @Test
  void O1_theColdPathAndTheReplicaCacheMissWriteAndHitAreReported() throws IOException {
    http.script(ENTRY, okWithReplicas("refs", A + "," + B));

    read(service().infoRefsV2());

    assertEquals(
        List.of(
            "cacheRead " + REPOSITORY + " miss",
            "callStarted git-upload-pack DISCOVERY",
            "coldPath git-upload-pack",
            "attemptStarted " + ENTRY,
            "cacheWritten " + REPOSITORY, // K2: the replicas the answer named
            "callEnded 0ms",
            "attemptEnded " + ENTRY + " 200 sent=0 received=4 0ms"),
        events.lines);

    events.lines.clear();
    service();
    assertEquals(List.of("cacheRead " + REPOSITORY + " hit"), events.lines);
  }

  @Test
  void O1_failedCachedReplicasThenTheColdPath() throws IOException {
    http.script(A, refuse()).script(ENTRY, ok("refs"));

    read(serviceWithNodes(A).infoRefs(GitService.UPLOAD_PACK));

    assertEquals(
        List.of(
            "failover " + A + " CONNECT Connection refused (ConnectException)",
            "cacheWritten " + REPOSITORY,
            "nodeDemoted " + A + " 1 failure, ejected until 2026-01-01T00:00:30Z",
            "coldPath git-upload-pack",
            "attemptStarted " + ENTRY),
        events.lines.subList(4, 9));
  }

  @Test
  void O1_anAttemptEndedByCancellationIsCancelledAndNoFailover() {
    http.script(
        A,
        (request, handle, bodyRead) -> {
          handle.cancel();
          throw new SocketException("Socket closed");
        });
    ReplicaTransportService service = serviceWithNodes(A, B);

    assertThrows(TransportCancelledException.class, () -> service.infoRefs(GitService.UPLOAD_PACK));

    assertEquals(FailureKind.CANCELLED, events.attempts.get(0).failure().orElseThrow());
    assertFalse(
        events.lines.stream().anyMatch(l -> l.startsWith("failover")), events.lines.toString());
    assertEquals("callFailed TransportCancelledException", last(events.lines));
  }

  @Test
  void O1_aListenerThatThrowsNeverBreaksACall() throws IOException {
    registered = new ThrowingListener();
    http.script(A, refuse()).script(B, redirect(C + UPLOAD_REFS)).script(C, ok("refs"));
    ReplicaTransportService service = serviceWithNodes(A, B);

    assertEquals("refs", read(service.infoRefs(GitService.UPLOAD_PACK)));
    assertEquals(nodes(B), service.currentNodes(), "failover went on as usual");
    http.script(A, refuse());
    ReplicaTransportService failing = serviceWithoutEntry(A);
    assertThrows(
        AllNodesFailedException.class,
        () -> failing.infoRefs(GitService.UPLOAD_PACK),
        "a failing call still fails with its own exception");
  }

  @Test
  void O1_failureKindsComeFromTheTypesInTheCauseChain() {
    assertEquals(FailureKind.CONNECT, FailureKind.of(new ConnectException("Connection refused")));
    assertEquals(FailureKind.CONNECT, FailureKind.of(new UnknownHostException("nope.example")));
    assertEquals(FailureKind.TIMEOUT, FailureKind.of(new SocketTimeoutException("Read timed out")));
    assertEquals(FailureKind.RESET, FailureKind.of(new SocketException("Connection reset")));
    assertEquals(FailureKind.RESET, FailureKind.of(new EOFException()));
    assertEquals(FailureKind.RESET, FailureKind.of(new NoHttpResponseException()));
    assertEquals(FailureKind.TLS, FailureKind.of(new SSLHandshakeException("bad certificate")));
    assertEquals(FailureKind.CANCELLED, FailureKind.of(new TransportCancelledException()));
    assertEquals(FailureKind.SERVER_ERROR, FailureKind.of(new HttpStatusException(502, "x")));
    assertEquals(FailureKind.OTHER, FailureKind.of(new HttpStatusException(404, "x")));
    assertEquals(FailureKind.OTHER, FailureKind.of(new IOException("something")));
    assertEquals(
        FailureKind.CONNECT,
        FailureKind.of(
            new TransportException("redirect target x: refused", new ConnectException("refused"))),
        "a wrapper is classified by its cause");
  }

  @Test
  void O1_anAttemptHasAStatusOrAFailureNeverBoth() {
    TransportEventListener.Call call =
        new TransportEventListener.Call(REPOSITORY, GitService.UPLOAD_PACK, Kind.DISCOVERY);
    NodeUrl node = NodeUrl.of(A);
    assertThrows(
        IllegalArgumentException.class,
        () ->
            new TransportEventListener.Attempt(
                call,
                node,
                java.util.Optional.of(200),
                java.util.Optional.of(FailureKind.RESET),
                java.util.Optional.of("reset"),
                Duration.ZERO,
                0,
                0));
  }

  // ------------------------------------------------------------------ helpers

  private static String last(List<String> lines) {
    return lines.get(lines.size() - 1);
  }

  /** The reply after {@code time} has passed on the clock (the server took that long). */
  private ScriptedHttpExchange.Reply taking(Duration time, ScriptedHttpExchange.Reply reply) {
    return (request, cancellation, bodyRead) -> {
      clock.now += time.toNanos();
      return reply.answer(request, cancellation, bodyRead);
    };
  }

  /** Time moves only when a test says so. */
  private static final class ManualClock implements MonotonicClock {
    long now = 1_000_000_000L;

    @Override
    public long nanoTime() {
      return now;
    }
  }

  /** Named like the HTTP library's "no response" exception, which the port knows by name. */
  private static final class NoHttpResponseException extends IOException {
    private static final long serialVersionUID = 1L;
  }

  /** Throws from every event. */
  private static final class ThrowingListener implements TransportEventListener {
    @Override
    public void callStarted(Call call) {
      throw new IllegalStateException("listener bug");
    }

    @Override
    public void callEnded(Call call, Duration duration) {
      throw new IllegalStateException("listener bug");
    }

    @Override
    public void callFailed(Call call, Duration duration, Exception failure) {
      throw new IllegalStateException("listener bug");
    }

    @Override
    public void attemptStarted(Call call, NodeUrl node) {
      throw new IllegalStateException("listener bug");
    }

    @Override
    public void attemptEnded(Attempt attempt) {
      throw new IllegalStateException("listener bug");
    }

    @Override
    public void failover(Call call, NodeUrl node, FailureKind kind, String reason) {
      throw new IllegalStateException("listener bug");
    }

    @Override
    public void redirect(Call call, URI from, URI to, boolean credentialsCarried) {
      throw new IllegalStateException("listener bug");
    }

    @Override
    public void replicaCacheRead(String repository, boolean hit) {
      throw new IllegalStateException("listener bug");
    }

    @Override
    public void replicaCacheWritten(String repository) {
      throw new IllegalStateException("listener bug");
    }
  }
}
