package io.entire.transport.application.service;

import static io.entire.transport.application.service.ScriptedHttpExchange.ok;
import static io.entire.transport.application.service.ScriptedHttpExchange.redirect;
import static io.entire.transport.application.service.ScriptedHttpExchange.status;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.entire.transport.application.port.in.RequestBody;
import io.entire.transport.application.port.out.Credential;
import io.entire.transport.application.port.out.CredentialPort;
import io.entire.transport.domain.AuthenticationFailedException;
import io.entire.transport.domain.CredentialException;
import io.entire.transport.domain.GitService;
import io.entire.transport.domain.RedirectRefusedException;
import io.entire.transport.domain.RepoAction;
import io.entire.transport.domain.TransportException;
import io.entire.transport.domain.UntrustedHostException;
import java.io.IOException;
import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Redirects (X1–X5), the credential chokepoint (X3), 401 handling and credential errors (F4). */
class RedirectsAndCredentialsTest extends TransportTestSupport {

  // ------------------------------------------------------------------ X1

  @Test
  void x1_tenRedirectsAreFollowed() throws IOException {
    ScriptedHttpExchange.Reply[] hops = new ScriptedHttpExchange.Reply[11];
    for (int i = 0; i < 10; i++) {
      hops[i] = redirect(A + REPO + "/hop" + (i + 1));
    }
    hops[10] = ok("refs");
    http.script(A, hops);

    assertEquals("refs", read(serviceWithNodes(A).infoRefs(GitService.UPLOAD_PACK)));

    assertEquals(11, http.sent().size());
  }

  @Test
  void x1_theEleventhRedirectIsAnErrorAndNotAFailover() {
    http.script(A, redirect(A + REPO + "/loop")).script(B, ok("must not be dialled"));
    ReplicaTransportService service = serviceWithNodes(A, B);

    RedirectRefusedException e =
        assertThrows(
            RedirectRefusedException.class, () -> service.infoRefs(GitService.UPLOAD_PACK));

    assertEquals("too many redirects (more than 10) from " + A + REPO + "/loop", e.getMessage());
    assertEquals(11, http.sentTo(A).size());
    assertEquals(List.of(), http.sentTo(B));
  }

  // ------------------------------------------------------------------ X2

  @Test
  void x2_inClusterHopsCarryTheOriginalAuthorization() throws IOException {
    String aOtherPort = "https://a.eu.example.dev:8443";
    http.script(A, redirect(aOtherPort + UPLOAD_REFS))
        .script(aOtherPort, redirect(B + UPLOAD_REFS))
        .script(B, ok("refs"));

    read(serviceWithNodes(A).infoRefs(GitService.UPLOAD_PACK));

    assertEquals(List.of(A, aOtherPort, B), http.origins());
    for (ScriptedHttpExchange.Sent sent : http.sent()) {
      assertEquals("Bearer t1", sent.authorization(), sent.toString());
    }
    assertEquals(1, credentials.requests.size(), "the credential is carried, not re-requested");
  }

  @Test
  void x2_outOfClusterHopsGetNoAuthorizationAndItDoesNotComeBack() throws IOException {
    String mirrorOtherPort = "https://evil.example.com:8443";
    http.script(A, redirect(EVIL + UPLOAD_REFS))
        .script(EVIL, redirect(mirrorOtherPort + UPLOAD_REFS))
        .script(mirrorOtherPort, redirect(B + UPLOAD_REFS))
        .script(B, ok("refs"));

    read(serviceWithNodes(A).infoRefs(GitService.UPLOAD_PACK));

    assertEquals(List.of(A, EVIL, mirrorOtherPort, B), http.origins());
    assertTrue(http.sent().get(0).hasAuthorization());
    assertFalse(http.sentTo(EVIL).get(0).hasAuthorization());
    assertFalse(http.sentTo(mirrorOtherPort).get(0).hasAuthorization());
    assertFalse(
        http.sentTo(B).get(0).hasAuthorization(),
        "credentials that left the cluster once are not re-attached");
    assertEquals(List.of("a.eu.example.dev"), credentials.hosts());
  }

  @Test
  void N3_hopsAreMarkedInClusterByTheTrustDomainAndARedirectToAnOutsiderIsNot() throws IOException {
    String aOtherPort = "https://a.eu.example.dev:8443";
    http.script(A, redirect(aOtherPort + UPLOAD_REFS))
        .script(aOtherPort, redirect(EVIL + UPLOAD_REFS))
        .script(EVIL, redirect(B + UPLOAD_REFS))
        .script(B, ok("refs"));

    read(serviceWithNodes(A).infoRefs(GitService.UPLOAD_PACK));

    assertEquals(List.of(A, aOtherPort, EVIL, B), http.origins());
    assertEquals(
        List.of(true, true, false, true),
        http.sent().stream().map(ScriptedHttpExchange.Sent::inCluster).toList(),
        "the client certificate (N3) goes to cluster hosts only, whatever the credentials did");
  }

  // ------------------------------------------------------------------ X3

  @Test
  void x3_anOutOfClusterEntryIsRefusedBeforeAnyCredentialIsMade() {
    config.entryUrl("https://entry.example.com").clusterHost("eu.example.dev");
    ReplicaTransportService service = service();

    UntrustedHostException e =
        assertThrows(UntrustedHostException.class, () -> service.infoRefs(GitService.UPLOAD_PACK));

    assertEquals(
        "refusing to send credentials to out-of-cluster host entry.example.com", e.getMessage());
    assertEquals(List.of(), http.sent());
    assertEquals(List.of(), credentials.requests);
  }

  @Test
  void x3_credentialRequestsDescribeTheInClusterRequest() throws IOException {
    http.script(A, ok("report"));
    read(
        serviceWithNodes(A)
            .serviceRpc(GitService.RECEIVE_PACK, RequestBody.ofBytes(new byte[] {1})));

    assertEquals(1, credentials.requests.size());
    assertEquals("POST", credentials.requests.get(0).method());
    assertEquals(URI.create(A + REPO + "/git-receive-pack"), credentials.requests.get(0).uri());
    assertEquals(RepoAction.PUSH, credentials.requests.get(0).action());
    assertEquals(ENTRY + REPO, credentials.requests.get(0).audience());
  }

  // ------------------------------------------------------------------ X5

  @Test
  void x5_httpsToHttpIsRefusedEvenInCluster() {
    http.script(A, redirect("http://b.eu.example.dev" + UPLOAD_REFS));
    ReplicaTransportService service = serviceWithNodes(A, B);

    RedirectRefusedException e =
        assertThrows(
            RedirectRefusedException.class, () -> service.infoRefs(GitService.UPLOAD_PACK));

    assertTrue(e.getMessage().startsWith("refusing redirect from https to http"), e.getMessage());
    assertEquals(List.of(A), http.origins());
  }

  @Test
  void x5_otherSchemesAreRefused() {
    http.script(A, redirect("ftp://b.eu.example.dev/et/o/r"));
    ReplicaTransportService service = serviceWithNodes(A);

    RedirectRefusedException e =
        assertThrows(
            RedirectRefusedException.class, () -> service.infoRefs(GitService.UPLOAD_PACK));

    assertTrue(e.getMessage().startsWith("refusing redirect to unsupported scheme 'ftp'"));
    assertEquals(List.of(A), http.origins());
  }

  // ------------------------------------------------------------------ 401

  @Test
  void unauthorizedInvalidatesTheCredentialAndRetriesOnceWithAFreshOne() throws IOException {
    http.script(A, status(401, "expired"), ok("refs")).script(B, ok("must not be dialled"));
    ReplicaTransportService service = serviceWithNodes(A, B);

    assertEquals("refs", read(service.infoRefs(GitService.UPLOAD_PACK)));

    assertEquals(List.of(A, A), http.origins());
    assertEquals("Bearer t1", http.sent().get(0).authorization());
    assertEquals("Bearer t2", http.sent().get(1).authorization());
    assertEquals(List.of(credentials.issued.get(0)), credentials.rejected);
    assertEquals(List.of(credentials.issued.get(1)), credentials.accepted);
    assertEquals(List.of(), listener.failures, "a 401 is not a node failure");
  }

  @Test
  void e1_aSecondUnauthorizedIsAuthenticationFailedWithoutFailover() {
    http.script(A, status(401, "")).script(B, ok("must not be dialled"));
    ReplicaTransportService service = serviceWithNodes(A, B);

    AuthenticationFailedException e =
        assertThrows(
            AuthenticationFailedException.class, () -> service.infoRefs(GitService.UPLOAD_PACK));

    assertEquals(
        "authentication failed - check your credentials (see README: Authentication)",
        e.getMessage());
    assertEquals(List.of(A, A), http.origins());
    assertEquals(credentials.issued, credentials.rejected);
    assertEquals(List.of(), credentials.accepted);
    assertEquals(List.of(), listener.failures);
    assertEquals(nodes(A, B), service.currentNodes());
  }

  @Test
  void unauthorizedOnTheEntryDomainIsRetriedOnce() throws IOException {
    http.script(ENTRY, status(401, ""), ok("refs"));
    ReplicaTransportService service = service();

    assertEquals("refs", read(service.infoRefs(GitService.UPLOAD_PACK)));

    assertEquals(List.of(ENTRY, ENTRY), http.origins());
    assertEquals("Bearer t2", http.sent().get(1).authorization());
    assertEquals(List.of(credentials.issued.get(0)), credentials.rejected);
  }

  @Test
  void unauthorizedAfterARedirectRetriesTheWholeRequest() throws IOException {
    http.script(A, redirect(B + UPLOAD_REFS)).script(B, status(401, ""), ok("refs"));

    assertEquals("refs", read(serviceWithNodes(A).infoRefs(GitService.UPLOAD_PACK)));

    assertEquals(List.of(A, B, A, B), http.origins());
    assertEquals("Bearer t2", http.sentTo(B).get(1).authorization());
    assertEquals(List.of(credentials.issued.get(0)), credentials.rejected);
  }

  @Test
  void unauthorizedAfterTheEntryRedirectIsRetriedOnce() throws IOException {
    http.script(ENTRY, redirect(A + UPLOAD_REFS)).script(A, status(401, ""), ok("refs"));

    assertEquals("refs", read(service().infoRefs(GitService.UPLOAD_PACK)));

    assertEquals(List.of(ENTRY, A, ENTRY, A), http.origins());
    assertEquals("Bearer t2", http.sentTo(A).get(1).authorization());
    assertEquals(List.of(credentials.issued.get(0)), credentials.rejected);
  }

  @Test
  void e1_aSecondUnauthorizedAfterTheEntryRedirectKeepsItsType() {
    http.script(ENTRY, redirect(A + UPLOAD_REFS)).script(A, status(401, "bad token"));
    ReplicaTransportService service = service();

    AuthenticationFailedException e =
        assertThrows(
            AuthenticationFailedException.class, () -> service.infoRefs(GitService.UPLOAD_PACK));

    assertEquals("after entry-domain redirect: authentication failed: bad token", e.getMessage());
    assertEquals(List.of(ENTRY, A, ENTRY, A), http.origins());
    assertEquals(credentials.issued, credentials.rejected);
  }

  @Test
  void unauthorizedOnTheEntryAndAfterItsRedirectIsRetriedOnlyOnce() {
    http.script(ENTRY, status(401, ""), redirect(A + UPLOAD_REFS)).script(A, status(401, ""));
    ReplicaTransportService service = service();

    assertThrows(
        AuthenticationFailedException.class, () -> service.infoRefs(GitService.UPLOAD_PACK));

    assertEquals(List.of(ENTRY, ENTRY, A), http.origins());
    assertEquals(2, credentials.requests.size());
  }

  @Test
  void unauthorizedForAnRpcIsRetriedWithTheWholeBody() throws IOException {
    byte[] body = "0032want 0123456789012345678901234567890123456789\n0000".getBytes();
    http.script(A, status(401, ""), ok("packfile"));

    assertEquals(
        "packfile",
        read(serviceWithNodes(A).serviceRpc(GitService.UPLOAD_PACK, RequestBody.ofBytes(body))));

    assertEquals(2, http.sent().size());
    assertEquals(new String(body), http.sent().get(1).bodyText());
  }

  @Test
  void e1_secondUnauthorizedForAnRpcNamesTheService() {
    http.script(A, status(401, "no push access"));
    ReplicaTransportService service = serviceWithNodes(A);

    AuthenticationFailedException e =
        assertThrows(
            AuthenticationFailedException.class,
            () -> service.serviceRpc(GitService.RECEIVE_PACK, RequestBody.ofBytes(new byte[1])));

    assertEquals("git-receive-pack: authentication failed: no push access", e.getMessage());
    assertEquals(2, http.sent().size());
  }

  @Test
  void unauthorizedWithoutCredentialsIsNotRetried() {
    CredentialPort none = request -> Credential.NONE;
    http.script(A, status(401, ""));
    config.initialNodes(nodes(A));
    ReplicaTransportService service =
        new ReplicaTransportService(
            config.build(), http, none, cache, random, TestPublicSuffixes.INSTANCE);

    assertThrows(
        AuthenticationFailedException.class, () -> service.infoRefs(GitService.UPLOAD_PACK));

    assertEquals(1, http.sent().size());
    assertFalse(http.sent().get(0).hasAuthorization());
  }

  // ------------------------------------------------------------------ F4

  @Test
  void f4_aCredentialErrorAbortsAtOnceWithItsMessageVerbatim() {
    CredentialException failure =
        new CredentialException("token exchange failed: invalid_grant (run `entire login`)");
    credentials.failWith(failure);
    http.script(A, ok("must not be dialled")).script(ENTRY, ok("must not be dialled"));
    ReplicaTransportService service = serviceWithNodes(A, B);

    CredentialException e =
        assertThrows(CredentialException.class, () -> service.infoRefs(GitService.UPLOAD_PACK));

    assertSame(failure, e);
    assertEquals("token exchange failed: invalid_grant (run `entire login`)", e.getMessage());
    assertEquals(List.of(), http.sent());
    assertEquals(1, credentials.requests.size(), "no failover to another node");
    assertEquals(List.of(), listener.failures);
    assertEquals(nodes(A, B), service.currentNodes());
  }

  @Test
  void f4_aCredentialErrorOnTheColdPathAbortsToo() {
    credentials.failWith(new CredentialException("no credentials configured"));
    ReplicaTransportService service = service();

    TransportException e =
        assertThrows(TransportException.class, () -> service.infoRefs(GitService.UPLOAD_PACK));

    assertEquals("no credentials configured", e.getMessage());
    assertEquals(List.of(), http.sent());
  }

  @Test
  void f4_aCredentialErrorAfterTheEntryRedirectIsNotWrapped() {
    credentials.failWith(new CredentialException("token exchange unreachable"), 1);
    http.script(ENTRY, ScriptedHttpExchange.redirectWithReplicas(A + UPLOAD_REFS, A + "," + B));
    ReplicaTransportService service = service();

    CredentialException e =
        assertThrows(CredentialException.class, () -> service.infoRefs(GitService.UPLOAD_PACK));

    assertEquals("token exchange unreachable", e.getMessage());
    assertEquals(List.of(ENTRY), http.origins());
    assertEquals(List.of(), listener.failures);
  }

  @Test
  void f4_aCredentialErrorOnTheRetryAfter401Aborts() {
    credentials.failWith(new CredentialException("refresh failed"), 1);
    http.script(A, status(401, "")).script(B, ok("must not be dialled"));
    ReplicaTransportService service = serviceWithNodes(A, B);

    CredentialException e =
        assertThrows(CredentialException.class, () -> service.infoRefs(GitService.UPLOAD_PACK));

    assertEquals("refresh failed", e.getMessage());
    assertEquals(List.of(A), http.origins());
  }

  @Test
  void credentialsNeverAppearInErrorMessages() {
    http.script(A, status(401, ""));
    ReplicaTransportService service = serviceWithNodes(A);

    IOException e = assertThrows(IOException.class, () -> service.infoRefs(GitService.UPLOAD_PACK));

    assertFalse(e.toString().contains("Bearer t"), e.toString());
    assertNull(e.getCause());
  }

  @Test
  void unauthorizedIsAuthenticationFailedType() {
    assertInstanceOf(
        AuthenticationFailedException.class,
        io.entire.transport.domain.HttpErrors.message(401, "", "x"));
  }
}
