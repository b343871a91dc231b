package io.entire.transport.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ConnectException;
import org.junit.jupiter.api.Test;

/** L5: the public exception hierarchy and what {@code isRetryable()} says for each type. */
class TransportExceptionsTest {

  @Test
  void L5_theBaseTypeIsNotRetryable() {
    assertFalse(new TransportException("no replicas available").isRetryable());
    assertFalse(new TransportException("x", new IOException()).isRetryable());
  }

  @Test
  void L5_clusterUnavailableIsRetryableAndItsTwoFailoverCasesAreIt() {
    assertTrue(new ClusterUnavailableException("entry domain down").isRetryable());
    assertTrue(new ClusterUnavailableException("x", new ConnectException()).isRetryable());

    ClusterUnavailableException all = new AllNodesFailedException(2, new ConnectException("no"));
    ClusterUnavailableException none = new NoHealthyNodesException();
    assertTrue(all.isRetryable());
    assertTrue(none.isRetryable());
    assertEquals("no healthy nodes available", none.getMessage());
  }

  @Test
  void L5_clusterUnavailableKeepsTheEarlierNodesFailuresAttached() {
    TransportException first = new TransportException("https://a.example.dev: Connection refused");
    TransportException last = new TransportException("https://b.example.dev: Read timed out");
    AllNodesFailedException all = new AllNodesFailedException(2, last);
    all.addSuppressed(first);

    assertEquals(
        "all 2 nodes failed; last error: https://b.example.dev: Read timed out", all.getMessage());
    assertSame(first, all.getSuppressed()[0]);
    assertSame(last, all.getCause());
  }

  @Test
  void L5_responseTruncatedIsRetryable() {
    ResponseTruncatedException e =
        new ResponseTruncatedException("response body cut short", new IOException("closed"));
    assertTrue(e.isRetryable());
    assertInstanceOf(TransportException.class, e);
  }

  @Test
  void L5_serverErrorIsARetryableHttpStatusWithA5xxStatusOnly() {
    ServerErrorException e = new ServerErrorException(503, "server error (HTTP 503)");
    assertTrue(e.isRetryable());
    assertEquals(503, e.status());
    assertInstanceOf(HttpStatusException.class, e);
    IllegalArgumentException bad =
        assertThrows(IllegalArgumentException.class, () -> new ServerErrorException(404, "x"));
    assertEquals("a server error has a 5xx status, got 404", bad.getMessage());
  }

  @Test
  void L5_httpErrorsGivesEach5xxTheServerErrorType() {
    assertInstanceOf(ServerErrorException.class, HttpErrors.message(500, "", "u"));
    assertInstanceOf(ServerErrorException.class, HttpErrors.message(599, "", "u"));
    assertInstanceOf(
        ServerErrorException.class, HttpErrors.forService(GitService.RECEIVE_PACK, 502, "", "u"));
    assertFalse(HttpErrors.message(403, "", "u") instanceof ServerErrorException);
  }

  @Test
  void L5_otherStatusesAreRetryableOnlyWhenTheySayLater() {
    assertFalse(HttpErrors.message(403, "", "u").isRetryable());
    assertFalse(HttpErrors.message(400, "", "u").isRetryable());
    assertTrue(HttpErrors.message(429, "", "u").isRetryable());
    assertTrue(HttpErrors.message(408, "", "u").isRetryable());
  }

  @Test
  void L5_refusalsOfTheServerOrOfThePolicyAreNotRetryable() {
    assertFalse(HttpErrors.message(401, "", "u").isRetryable());
    assertFalse(new AuthenticationFailedException("authentication failed").isRetryable());
    assertFalse(HttpErrors.message(404, "", "u").isRetryable());
    assertFalse(new RepositoryNotFoundException("repository not found").isRetryable());
    assertFalse(new UntrustedHostException("evil.example.com").isRetryable());
    assertFalse(new RedirectRefusedException("too many redirects").isRetryable());
    assertFalse(new RedirectRefusedException("after x", new IOException()).isRetryable());
  }

  @Test
  void L5_cancelledIsNotRetryableButADeadlineThatPassedIs() {
    TransportCancelledException cancelled = new TransportCancelledException();
    assertFalse(cancelled.isRetryable());
    assertNotNull(cancelled.getMessage());
    assertFalse(new TransportCancelledException(new IOException()).isRetryable());
    assertFalse(new TransportCancelledException("interrupted", null).isRetryable());

    TransportCancelledException deadline = new DeadlineExceededException("deadline of 5 s passed");
    assertTrue(deadline.isRetryable());
    assertEquals("deadline of 5 s passed", deadline.getMessage());
    IOException cause = new IOException("aborted");
    DeadlineExceededException withCause = new DeadlineExceededException("deadline", cause);
    assertSame(cause, withCause.getCause());
    assertTrue(withCause.isRetryable());
  }

  @Test
  void L5_credentialFailuresAreRetryableOnlyWhenTheSiteSaysTheSourceCouldNotBeAsked() {
    assertFalse(new CredentialException("token refused").isRetryable());
    assertFalse(new CredentialException("token refused", new IOException()).isRetryable());
    assertTrue(new CredentialException("endpoint timed out", null, true).isRetryable());
    assertFalse(new CredentialException("helper failed", null, false).isRetryable());
  }

  @Test
  void L5_theFailoverPolicyStillAbortsOnEveryCancellation() {
    assertEquals(
        FailoverPolicy.Verdict.ABORT,
        FailoverPolicy.onFailure(new DeadlineExceededException("deadline")));
    assertEquals(
        FailoverPolicy.Verdict.FAIL_OVER,
        FailoverPolicy.onFailure(new ResponseTruncatedException("cut", null)));
  }
}
