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
}
