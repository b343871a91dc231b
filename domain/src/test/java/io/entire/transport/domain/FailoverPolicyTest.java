package io.entire.transport.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.entire.transport.domain.FailoverPolicy.Verdict;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;

class FailoverPolicyTest {
  private static final NodeUrl A = NodeUrl.of("https://a.example.dev");
  private static final NodeUrl B = NodeUrl.of("https://b.example.dev");
  private static final NodeUrl C = NodeUrl.of("https://c.example.dev");
  private static final NodeUrl D = NodeUrl.of("https://d.example.dev");
  private static final ReplicaSet ABC = ReplicaSet.of(A, B, C);

  @Test
  void f1_startsAtARandomIndexAndGoesRoundTheRing() {
    AtomicInteger bound = new AtomicInteger();
    List<NodeUrl> order =
        FailoverPolicy.attemptOrder(
            ABC,
            null,
            b -> {
              bound.set(b);
              return 2;
            });
    assertEquals(List.of(C, A, B), order);
    assertEquals(3, bound.get(), "random index is drawn from [0, size)");
  }

  @Test
  void f1_startsAtTheStickyNodeWithoutDrawing() {
    List<NodeUrl> order =
        FailoverPolicy.attemptOrder(
            ABC,
            B,
            b -> {
              throw new AssertionError("no random draw with a sticky node");
            });
    assertEquals(List.of(B, C, A), order);
  }

  @Test
  void f1_stickyNodeNotInTheListFallsBackToRandom() {
    assertEquals(
        List.of(A, B, C),
        FailoverPolicy.attemptOrder(ABC, NodeUrl.of("https://gone.example.dev"), b -> 0));
  }

  @Test
  void f1_outOfRangeRandomIsFoldedIntoTheList() {
    assertEquals(List.of(B, C, A), FailoverPolicy.attemptOrder(ABC, null, b -> 4));
    assertEquals(List.of(C, A, B), FailoverPolicy.attemptOrder(ABC, null, b -> -1));
  }

  // F6: an empty replica set gives no attempts ('no healthy nodes available').
  @Test
  void f6_emptyListGivesNoAttempts() {
    assertEquals(List.of(), FailoverPolicy.attemptOrder(ReplicaSet.empty(), A, b -> 0));
  }

  @Test
  void f2_statusFiveHundredAndAboveFailsOver() {
    for (int status : new int[] {500, 502, 503, 504, 599}) {
      assertEquals(Verdict.FAIL_OVER, FailoverPolicy.onStatus(status), "status " + status);
    }
  }

  @Test
  void f3_statusBelowFiveHundredIsReturnedAsIs() {
    for (int status : new int[] {200, 204, 301, 307, 400, 401, 403, 404, 429, 499}) {
      assertEquals(Verdict.RETURN, FailoverPolicy.onStatus(status), "status " + status);
    }
  }

  @Test
  void f2_connectionFailuresFailOver() {
    for (IOException e :
        List.of(
            new ConnectException("Connection refused"),
            new SocketException("Connection reset"),
            new SocketTimeoutException("Read timed out"),
            new SSLHandshakeException("PKIX path building failed"),
            new IOException("premature end"))) {
      assertEquals(Verdict.FAIL_OVER, FailoverPolicy.onFailure(e), e.toString());
    }
  }

  @Test
  void f4_credentialErrorsAbort() {
    assertEquals(Verdict.ABORT, FailoverPolicy.onFailure(new CredentialException("no token")));
  }

  @Test
  void cancellationUntrustedHostsRefusedRedirectsAndBugsAbort() {
    assertEquals(Verdict.ABORT, FailoverPolicy.onFailure(new TransportCancelledException()));
    assertEquals(Verdict.ABORT, FailoverPolicy.onFailure(new UntrustedHostException("evil.com")));
    assertEquals(Verdict.ABORT, FailoverPolicy.onFailure(new RedirectRefusedException("x")));
    assertEquals(Verdict.ABORT, FailoverPolicy.onFailure(new IllegalStateException("bug")));
  }

  @Test
  void N1_proxyRefusalsAbortRatherThanTryEveryReplicaThroughTheSameProxy() {
    ProxyAuthenticationException refused =
        new ProxyAuthenticationException("proxy 127.0.0.1:3128 refused");
    CleartextCredentialsException clear = new CleartextCredentialsException("in clear");
    assertEquals(Verdict.ABORT, FailoverPolicy.onFailure(refused));
    assertEquals(Verdict.ABORT, FailoverPolicy.onFailure(clear));
    assertEquals(false, refused.isRetryable());
    assertEquals(false, clear.isRetryable());
  }

  private static final java.time.Instant NOW = java.time.Instant.parse("2026-01-01T00:00:00Z");

  private static ReplicaHealth ejected(NodeUrl... nodes) {
    java.util.Map<NodeUrl, NodeHealth> records = new java.util.HashMap<>();
    for (NodeUrl node : nodes) {
      records.put(node, NodeHealth.afterFailure(null, NOW));
    }
    return new ReplicaHealth(records, NOW);
  }

  @Test
  void D3_ejectedNodesGoToTheEndInTheirRingOrder() {
    ReplicaSet abcd = ReplicaSet.of(A, B, C, D);
    assertEquals(
        List.of(C, A, B, D),
        FailoverPolicy.attemptOrder(abcd, null, bound -> 1, ejected(B, D)),
        "ring from B is B, C, D, A; B and D are ejected");
  }

  @Test
  void D3_whenEveryNodeIsEjectedEveryNodeIsTriedInRingOrder() {
    assertEquals(
        List.of(B, C, A), FailoverPolicy.attemptOrder(ABC, null, bound -> 1, ejected(A, B, C)));
  }

  @Test
  void D3_aNodeIsInItsPlaceAgainOnceItsEjectionEnded() {
    ReplicaHealth records = ejected(A);
    ReplicaHealth ended = new ReplicaHealth(records.records(), NOW.plus(NodeHealth.FIRST_EJECTION));
    assertEquals(List.of(B, C, A), FailoverPolicy.attemptOrder(ABC, null, bound -> 0, records));
    assertEquals(List.of(A, B, C), FailoverPolicy.attemptOrder(ABC, null, bound -> 0, ended));
  }

  @Test
  void D3_F7_anEjectedStickyNodeIsNotFirstAndTheRingStartsAtRandom() {
    AtomicInteger draws = new AtomicInteger();
    List<NodeUrl> order =
        FailoverPolicy.attemptOrder(
            ABC,
            B,
            bound -> {
              draws.incrementAndGet();
              return 2;
            },
            ejected(B));
    assertEquals(List.of(C, A, B), order);
    assertEquals(1, draws.get(), "F1: a random start replaces the ejected sticky node");
  }

  @Test
  void D3_F7_aHealthyStickyNodeStaysFirstWhileOthersAreEjected() {
    assertEquals(
        List.of(B, A, C),
        FailoverPolicy.attemptOrder(
            ABC,
            B,
            bound -> {
              throw new AssertionError("no draw with a usable sticky node");
            },
            ejected(C)));
  }
}
