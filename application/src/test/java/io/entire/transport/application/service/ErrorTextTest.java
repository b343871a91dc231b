package io.entire.transport.application.service;

import static io.entire.transport.application.service.ScriptedHttpExchange.ok;
import static io.entire.transport.application.service.ScriptedHttpExchange.stalledAfter;
import static io.entire.transport.application.service.ScriptedHttpExchange.status;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.entire.transport.application.port.in.RequestBody;
import io.entire.transport.application.port.out.Credential;
import io.entire.transport.application.port.out.CredentialPort;
import io.entire.transport.application.port.out.CredentialRequest;
import io.entire.transport.domain.AllNodesFailedException;
import io.entire.transport.domain.AuthenticationFailedException;
import io.entire.transport.domain.GitService;
import io.entire.transport.domain.HttpStatusException;
import io.entire.transport.domain.RepositoryNotFoundException;
import io.entire.transport.domain.TransportException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** The server's error text (H1): bounded in time, and never carrying our credentials (A5). */
class ErrorTextTest extends TransportTestSupport {
  // Only guards against a hang: the stalled body never ends unless the transport aborts it.
  private static final Duration HANG_GUARD = Duration.ofSeconds(20);

  @Test
  void hardening_4_aTricklingErrorBodyDoesNotHoldUpFailover() {
    http.script(A, stalledAfter(503, "overloa")).script(B, ok("refs from b"));
    ReplicaTransportService service = serviceWithNodes(A, B);

    String refs =
        assertTimeoutPreemptively(HANG_GUARD, () -> read(service.infoRefs(GitService.UPLOAD_PACK)));

    assertEquals("refs from b", refs);
    HttpStatusException cause = (HttpStatusException) listener.failures.get(0).cause();
    // What arrived before the time limit is still shown.
    assertEquals("server error (HTTP 503): overloa", cause.getMessage());
  }

  @Test
  void hardening_4_aTricklingErrorBodyOfAServiceRpcEndsWithTheStatus() {
    http.script(A, stalledAfter(404, "no such repo"));
    ReplicaTransportService service = serviceWithNodes(A);

    RepositoryNotFoundException e =
        assertTimeoutPreemptively(
            HANG_GUARD,
            () ->
                assertThrows(
                    RepositoryNotFoundException.class,
                    () ->
                        service.serviceRpc(
                            GitService.UPLOAD_PACK, RequestBody.ofBytes(new byte[] {'0', '0'}))));
    assertEquals("git-upload-pack: no such repo", e.getMessage());
  }

  @Test
  void hardening_6_a5_anEchoedBearerTokenIsRedactedFromTheError() {
    // RecordingCredentials mints "Bearer t1", "Bearer t2", …; make the token look like one.
    http.script(
        A,
        status(500, "request headers:\nAuthorization: Bearer t1\nUser-Agent: git/2.39\n"),
        status(500, "your token t2 is fine, the disk is not"));
    ReplicaTransportService service = serviceWithoutEntry(A);

    AllNodesFailedException first =
        assertThrows(AllNodesFailedException.class, () -> service.infoRefs(GitService.UPLOAD_PACK));
    assertFalse(first.getMessage().contains("t1"), first.getMessage());
    assertTrue(first.getMessage().contains("Authorization: <redacted>"), first.getMessage());
  }

  @Test
  void hardening_6_a5_anEchoedTokenIsRedactedFromAServiceRpcError() {
    TransportTestSupport support = this;
    http.script(A, status(500, "token=t1 rejected by storage"));
    ReplicaTransportService service = support.serviceWithNodes(A);

    TransportException e =
        assertThrows(
            TransportException.class,
            () ->
                service.serviceRpc(GitService.RECEIVE_PACK, RequestBody.ofBytes(new byte[] {'0'})));

    assertFalse(e.getMessage().contains("t1"), e.getMessage());
    assertTrue(e.getMessage().contains("token=<redacted> rejected"), e.getMessage());
  }

  @Test
  void hardening_6_a5_aBasicPasswordEchoedInClearIsRedacted() {
    String basic =
        Base64.getEncoder().encodeToString("alice:s3cret-pw".getBytes(StandardCharsets.UTF_8));
    CredentialPort gitCredential =
        new CredentialPort() {
          @Override
          public Credential credentialFor(CredentialRequest request) {
            return Credential.header("Authorization", "Basic " + basic);
          }

          @Override
          public void rejected(Credential credential) {}

          @Override
          public void accepted(Credential credential) {}
        };
    http.script(A, status(401, "bad password s3cret-pw for alice (sent Basic " + basic + ")"));
    cache.put("eu.example.dev", REPO, nodes(A));
    ReplicaTransportService service =
        new ReplicaTransportService(
            config.build(), http, gitCredential, cache, random, TestPublicSuffixes.INSTANCE);

    AuthenticationFailedException e =
        assertThrows(
            AuthenticationFailedException.class, () -> service.infoRefs(GitService.UPLOAD_PACK));

    assertEquals(
        "authentication failed: bad password <redacted> for alice (sent <redacted>)",
        e.getMessage());
  }
}
