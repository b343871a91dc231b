package io.entire.transport.application.service;

import static io.entire.transport.application.service.ScriptedHttpExchange.ok;
import static io.entire.transport.application.service.ScriptedHttpExchange.okWithReplicas;
import static io.entire.transport.application.service.ScriptedHttpExchange.redirect;
import static io.entire.transport.application.service.ScriptedHttpExchange.redirectWithReplicas;
import static io.entire.transport.application.service.ScriptedHttpExchange.refuse;
import static io.entire.transport.application.service.ScriptedHttpExchange.status;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.entire.transport.domain.AllNodesFailedException;
import io.entire.transport.domain.GitService;
import io.entire.transport.domain.HttpStatusException;
import io.entire.transport.domain.NodeUrl;
import io.entire.transport.domain.RepositoryNotFoundException;
import io.entire.transport.domain.TransportException;
import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Discovery: warm/cold paths (W2, W3, C1–C6), response handling (H1–H4) and protocol v2 (V2). */
class DiscoveryTest extends TransportTestSupport {

  // ------------------------------------------------------------------ W2, W3

  @Test
  void w2_whenEveryCachedReplicaFailsTheEntryDomainIsTried() throws IOException {
    http.script(A, refuse()).script(B, status(500, "")).script(ENTRY, okWithReplicas("refs", C));
    ReplicaTransportService service = serviceWithNodes(A, B);

    assertEquals("refs", read(service.infoRefs(GitService.UPLOAD_PACK)));

    assertEquals(List.of(A, B, ENTRY), http.origins());
    assertEquals(URI.create(ENTRY + UPLOAD_REFS), http.sent().get(2).uri());
    assertEquals(nodes(C), service.currentNodes());
  }

  @Test
  void w2_whenBothPathsFailTheErrorNamesBoth() {
    http.script(A, refuse()).script(B, refuse()).script(ENTRY, status(503, "maintenance"));
    ReplicaTransportService service = serviceWithNodes(A, B);

    TransportException e =
        assertThrows(TransportException.class, () -> service.infoRefs(GitService.UPLOAD_PACK));

    assertTrue(e.getMessage().startsWith("cached replicas: all 2 nodes failed"), e.getMessage());
    assertTrue(
        e.getMessage().endsWith("; entry domain: server error (HTTP 503): maintenance"),
        e.getMessage());
    assertInstanceOf(AllNodesFailedException.class, e.getSuppressed()[0]);
    assertEquals(List.of(), cache.writes, "a failed cold path never writes (H2)");
  }

  @Test
  void w2_unreachableEntryDomainIsNamedWithItsUrl() {
    http.script(A, refuse()).script(ENTRY, refuse());
    ReplicaTransportService service = serviceWithNodes(A);

    TransportException e =
        assertThrows(TransportException.class, () -> service.infoRefs(GitService.UPLOAD_PACK));

    assertTrue(e.getMessage().startsWith("cached replicas: all 1 node failed"), e.getMessage());
    assertTrue(
        e.getMessage()
            .endsWith(
                "; entry domain " // named once
                    + ENTRY
                    + ": Connection refused (ConnectException)"),
        e.getMessage());
  }

  @Test
  void w2_withoutEntryUrlTheWarmErrorSurfaces() {
    http.script(A, refuse());
    ReplicaTransportService service = serviceWithoutEntry(A);

    AllNodesFailedException e =
        assertThrows(AllNodesFailedException.class, () -> service.infoRefs(GitService.UPLOAD_PACK));

    assertFalse(e.getMessage().contains("entry domain"), e.getMessage());
  }

  @Test
  void w3_noNodesAndNoEntryUrl() {
    ReplicaTransportService service = serviceWithoutEntry();

    TransportException e =
        assertThrows(TransportException.class, () -> service.infoRefs(GitService.UPLOAD_PACK));

    assertEquals("no replicas available and no entry URL configured", e.getMessage());
    assertEquals(List.of(), http.sent());
  }

  // ------------------------------------------------------------------ C1–C6

  @Test
  void c1_c2_coldPathAsksTheEntryDomainAndUsesItsDirectAnswer() throws IOException {
    http.script(ENTRY, okWithReplicas("refs from entry", A + "," + B));
    ReplicaTransportService service = service();

    assertEquals("refs from entry", read(service.infoRefs(GitService.RECEIVE_PACK)));

    assertEquals(URI.create(ENTRY + RECEIVE_REFS), http.sent().get(0).uri());
    assertEquals("GET", http.sent().get(0).method());
    assertTrue(http.sent().get(0).hasAuthorization());
    assertEquals(1, http.sent().size());
  }

  @Test
  void c3_redirectWithReplicasIsServedByTheReplicasNotTheLocation() throws IOException {
    http.script(ENTRY, redirectWithReplicas(X + UPLOAD_REFS, A + "," + B))
        .script(A, ok("refs from a"))
        .script(X, ok("must not be dialled"));
    ReplicaTransportService service = service();

    assertEquals("refs from a", read(service.infoRefs(GitService.UPLOAD_PACK)));

    assertEquals(List.of(ENTRY, A), http.origins());
    assertEquals(URI.create(A + UPLOAD_REFS), http.sent().get(1).uri());
    assertEquals(nodes(A, B), service.currentNodes());
    assertEquals(1, cache.writes.size());
    assertEquals(nodes(A, B), cache.writes.get(0).nodes());
    assertEquals("eu.example.dev", cache.writes.get(0).clusterHost());
    assertEquals(REPO, cache.writes.get(0).repoPath());
  }

  // K6 changed with the node-health rules (DESIGN §12): a replica that failed is persisted demoted,
  // not left out of the entry.
  @Test
  void C3_K6_failedAdvertisedReplicasArePersistedDemoted() throws IOException {
    http.script(ENTRY, redirectWithReplicas(X + UPLOAD_REFS, A + "," + B))
        .script(A, refuse())
        .script(B, ok("refs from b"));
    ReplicaTransportService service = service();

    assertEquals("refs from b", read(service.infoRefs(GitService.UPLOAD_PACK)));

    assertEquals(List.of(ENTRY, A, B), http.origins());
    assertEquals(nodes(A, B), cache.writes.get(0).nodes(), "K6: A is not dropped");
    assertEquals(
        1,
        cache.healthOf("eu.example.dev", REPO, NodeUrl.of(A)).orElseThrow().consecutiveFailures(),
        "D3: A's failure, seen before the entry existed, is recorded once it does");
    assertEquals(Optional.empty(), cache.healthOf("eu.example.dev", REPO, NodeUrl.of(B)));
  }

  @Test
  void c4_whenEveryReplicaFailsAnInClusterLocationIsSalvaged() throws IOException {
    http.script(ENTRY, redirectWithReplicas(X + UPLOAD_REFS, A + "," + B))
        .script(A, refuse())
        .script(B, status(503, ""))
        .script(X, ok("refs from x"));
    ReplicaTransportService service = service();

    assertEquals("refs from x", read(service.infoRefs(GitService.UPLOAD_PACK)));

    assertEquals(List.of(ENTRY, A, B, X), http.origins());
    ScriptedHttpExchange.Sent salvage = http.sent().get(3);
    assertEquals(URI.create(X + UPLOAD_REFS), salvage.uri());
    assertTrue(salvage.hasAuthorization(), "in-cluster salvage carries credentials");
    assertEquals(List.of(), cache.writes, "the salvage origin is never persisted");
  }

  @Test
  void c4_x3_anOutOfClusterLocationIsRefusedAndNeverGetsCredentials() {
    http.script(ENTRY, redirectWithReplicas(EVIL + UPLOAD_REFS, A + "," + B))
        .script(A, refuse())
        .script(B, refuse())
        .script(EVIL, ok("must not be dialled"));
    ReplicaTransportService service = service();

    TransportException e =
        assertThrows(TransportException.class, () -> service.infoRefs(GitService.UPLOAD_PACK));

    assertTrue(
        e.getMessage().startsWith("after entry-domain redirect: all 2 nodes failed"),
        e.getMessage());
    assertTrue(
        e.getMessage().endsWith("refusing out-of-cluster redirect to evil.example.com"),
        e.getMessage());
    assertEquals(List.of(), http.sentTo(EVIL));
    assertFalse(credentials.hosts().contains("evil.example.com"));
    assertEquals(List.of(), cache.writes);
  }

  @Test
  void c4_aLocationThatIsOneOfTheFailedReplicasIsNotDialledAgain() {
    http.script(ENTRY, redirectWithReplicas(A + UPLOAD_REFS, A + "," + B))
        .script(A, refuse())
        .script(B, refuse());
    ReplicaTransportService service = service();

    TransportException e =
        assertThrows(TransportException.class, () -> service.infoRefs(GitService.UPLOAD_PACK));

    assertTrue(
        e.getMessage().startsWith("after entry-domain redirect: all 2 nodes failed"),
        e.getMessage());
    assertEquals(1, http.sentTo(A).size());
  }

  @Test
  void c4_aFailingSalvageReportsEverything() {
    http.script(ENTRY, redirectWithReplicas(X + UPLOAD_REFS, A))
        .script(A, refuse())
        .script(X, status(502, "no upstream"));
    ReplicaTransportService service = service();

    TransportException e =
        assertThrows(TransportException.class, () -> service.infoRefs(GitService.UPLOAD_PACK));

    assertEquals(
        "after entry-domain redirect: all 1 node failed; last error: "
            + A
            + ": Connection refused (ConnectException); redirect target: server error (HTTP 502):"
            + " no upstream",
        e.getMessage());
    assertEquals(List.of(), cache.writes);
  }

  @Test
  void c5_redirectWithoutReplicasIsFollowed() throws IOException {
    http.script(ENTRY, redirect(A + UPLOAD_REFS))
        .script(A, redirect(B + UPLOAD_REFS))
        .script(B, okWithReplicas("refs from b", B + "," + C));
    ReplicaTransportService service = service();

    assertEquals("refs from b", read(service.infoRefs(GitService.UPLOAD_PACK)));

    assertEquals(List.of(ENTRY, A, B), http.origins());
    assertTrue(http.sent().stream().allMatch(ScriptedHttpExchange.Sent::hasAuthorization));
    assertEquals(nodes(B, C), service.currentNodes());
    assertEquals(nodes(B, C), cache.writes.get(0).nodes());
  }

  @Test
  void c5_r5_redirectWhoseReplicasAreAllOutOfClusterIsFollowedInstead() throws IOException {
    http.script(ENTRY, redirectWithReplicas(A + UPLOAD_REFS, EVIL + ",https://u@b.eu.example.dev"))
        .script(A, ok("refs from a"));
    ReplicaTransportService service = service();

    assertEquals("refs from a", read(service.infoRefs(GitService.UPLOAD_PACK)));

    assertEquals(List.of(ENTRY, A), http.origins());
    assertEquals(nodes(A), service.currentNodes(), "H4: the answering origin");
  }

  @Test
  void c6_aServerErrorAfterTheEntryRedirectSaysSo() {
    http.script(ENTRY, redirect(A + UPLOAD_REFS)).script(A, status(500, "boom"));
    ReplicaTransportService service = service();

    TransportException e =
        assertThrows(TransportException.class, () -> service.infoRefs(GitService.UPLOAD_PACK));

    assertEquals("after entry-domain redirect: server error (HTTP 500): boom", e.getMessage());
  }

  @Test
  void c6_aMissingRepositoryAfterTheEntryRedirectSaysSoAndKeepsItsType() {
    http.script(ENTRY, redirect(A + UPLOAD_REFS)).script(A, status(404, ""));
    ReplicaTransportService service = service();

    RepositoryNotFoundException e =
        assertThrows(
            RepositoryNotFoundException.class, () -> service.infoRefs(GitService.UPLOAD_PACK));

    assertEquals("after entry-domain redirect: repository not found: " + A + REPO, e.getMessage());
  }

  @Test
  void c6_aConnectionFailureAfterTheEntryRedirectSaysSo() {
    http.script(ENTRY, redirect(A + UPLOAD_REFS)).script(A, refuse());
    ReplicaTransportService service = service();

    TransportException e =
        assertThrows(TransportException.class, () -> service.infoRefs(GitService.UPLOAD_PACK));

    assertEquals(
        "after entry-domain redirect: redirect target "
            + A
            + ": Connection refused (ConnectException)",
        e.getMessage());
  }

  @Test
  void c6_aRefusedRedirectAfterTheEntryRedirectSaysSo() {
    http.script(ENTRY, redirect("http://a.eu.example.dev" + UPLOAD_REFS));
    ReplicaTransportService service = service();

    TransportException e =
        assertThrows(TransportException.class, () -> service.infoRefs(GitService.UPLOAD_PACK));

    assertTrue(
        e.getMessage()
            .startsWith("after entry-domain redirect: refusing redirect from https to http"),
        e.getMessage());
    assertEquals(List.of(ENTRY), http.origins());
  }

  // ------------------------------------------------------------------ H1–H4

  @Test
  void h1_htmlErrorPagesAreDropped() {
    http.script(A, status(404, "  <!DOCTYPE html><html><body>Not Found</body></html>"));
    ReplicaTransportService service = serviceWithNodes(A);

    RepositoryNotFoundException e =
        assertThrows(
            RepositoryNotFoundException.class, () -> service.infoRefs(GitService.UPLOAD_PACK));

    assertEquals("repository not found: " + A + REPO, e.getMessage());
  }

  @Test
  void h1_serverTextIsTrimmedAndCappedAtOneKibibyte() {
    String longText = "x".repeat(3000);
    http.script(A, status(403, "\n  " + longText));
    ReplicaTransportService service = serviceWithNodes(A);

    HttpStatusException e =
        assertThrows(HttpStatusException.class, () -> service.infoRefs(GitService.UPLOAD_PACK));

    // The first KiB of the body includes the three leading whitespace bytes, trimmed afterwards.
    assertEquals("server error (HTTP 403): " + "x".repeat(1021), e.getMessage());
  }

  @Test
  void h1_entryDomainErrorIsHandledInPlace() {
    http.script(ENTRY, status(401, "token expired"));
    ReplicaTransportService service = service();

    IOException e = assertThrows(IOException.class, () -> service.infoRefs(GitService.UPLOAD_PACK));

    assertEquals("authentication failed: token expired", e.getMessage());
  }

  @Test
  void h2_replicasFromASuccessfulAnswerReplaceTheListAndArePersisted() throws IOException {
    http.script(A, okWithReplicas("refs", B + ", " + C));
    ReplicaTransportService service = serviceWithNodes(A);

    read(service.infoRefs(GitService.UPLOAD_PACK));

    assertEquals(nodes(B, C), service.currentNodes());
    assertEquals(
        List.of(new InMemoryReplicaCache.Write("eu.example.dev", REPO, nodes(B, C))), cache.writes);
  }

  @Test
  void h2_replicasFromAFailedAnswerAreNeverPersisted() {
    http.script(A, status(404, "gone", "X-Entire-Replicas", B));
    ReplicaTransportService service = serviceWithNodes(A);

    assertThrows(RepositoryNotFoundException.class, () -> service.infoRefs(GitService.UPLOAD_PACK));

    assertEquals(List.of(), cache.writes);
  }

  @Test
  void h2_aFailedColdPathNeverWrites() {
    http.script(ENTRY, redirectWithReplicas(A + UPLOAD_REFS, A + "," + B))
        .script(A, refuse())
        .script(B, status(500, ""));
    ReplicaTransportService service = service();

    assertThrows(TransportException.class, () -> service.infoRefs(GitService.UPLOAD_PACK));

    assertEquals(List.of(), cache.writes);
  }

  @Test
  void h3_noHeaderKeepsKnownNodesAndWritesNothing() throws IOException {
    http.script(A, ok("refs"));
    ReplicaTransportService service = serviceWithNodes(A, B);

    read(service.infoRefs(GitService.UPLOAD_PACK));

    assertEquals(nodes(A, B), service.currentNodes());
    assertEquals(List.of(), cache.writes);
  }

  @Test
  void h4_noHeaderAndNoNodesAdoptsTheAnsweringOriginInMemoryOnly() throws IOException {
    http.script(ENTRY, ok("refs"), ok("pack"));
    ReplicaTransportService service = service();

    read(service.infoRefs(GitService.UPLOAD_PACK));
    assertEquals(nodes(ENTRY), service.currentNodes());
    read(
        service.serviceRpc(
            GitService.UPLOAD_PACK,
            io.entire.transport.application.port.in.RequestBody.ofBytes(new byte[] {1})));

    assertEquals(List.of(ENTRY, ENTRY), http.origins());
    assertEquals(List.of(), cache.writes);
  }

  @Test
  void h4_theOriginAfterARedirectIsAdoptedInMemoryOnly() throws IOException {
    http.script(ENTRY, redirect(A + UPLOAD_REFS)).script(A, ok("refs"));
    ReplicaTransportService service = service();

    read(service.infoRefs(GitService.UPLOAD_PACK));

    assertEquals(nodes(A), service.currentNodes());
    assertEquals(List.of(), cache.writes);
  }

  @Test
  void h4_anOutOfClusterOriginIsNeverAdopted() throws IOException {
    http.script(ENTRY, redirect(EVIL + UPLOAD_REFS)).script(EVIL, ok("refs from a mirror"));
    ReplicaTransportService service = service();

    assertEquals("refs from a mirror", read(service.infoRefs(GitService.UPLOAD_PACK)));

    assertEquals(List.of(), service.currentNodes());
    assertFalse(http.sentTo(EVIL).get(0).hasAuthorization(), "X2");
    assertFalse(credentials.hosts().contains("evil.example.com"), "X3");
  }

  // ------------------------------------------------------------------ V2

  @Test
  void v2_gitProtocolGoesOnEntryReplicaAndSalvageRequests() throws IOException {
    http.script(ENTRY, redirectWithReplicas(X + UPLOAD_REFS, A + "," + B))
        .script(A, refuse())
        .script(B, status(500, ""))
        .script(X, ok("version 2"));
    ReplicaTransportService service = service();

    assertEquals("version 2", read(service.infoRefsV2()));

    assertEquals(List.of(ENTRY, A, B, X), http.origins());
    for (ScriptedHttpExchange.Sent sent : http.sent()) {
      assertEquals(URI.create(sent.origin() + UPLOAD_REFS), sent.uri());
      assertEquals(List.of("version=2"), sent.headers().all("Git-Protocol"), sent.toString());
    }
  }

  @Test
  void v2_gitProtocolGoesOnWarmRequestsAndAcrossRedirects() throws IOException {
    http.script(A, redirect(B + UPLOAD_REFS)).script(B, ok("version 2"));
    ReplicaTransportService service = serviceWithNodes(A);

    read(service.infoRefsV2());

    assertEquals(2, http.sent().size());
    for (ScriptedHttpExchange.Sent sent : http.sent()) {
      assertEquals("version=2", sent.headers().first("Git-Protocol").orElseThrow());
    }
  }

  @Test
  void v2_x4_gitProtocolFollowsTheEntryRedirectChain() throws IOException {
    http.script(ENTRY, redirect(A + UPLOAD_REFS)).script(A, ok("version 2"));

    read(service().infoRefsV2());

    assertEquals(List.of(ENTRY, A), http.origins());
    for (ScriptedHttpExchange.Sent sent : http.sent()) {
      assertEquals(List.of("version=2"), sent.headers().all("Git-Protocol"), sent.toString());
    }
  }

  @Test
  void v0_discoveryCarriesNoGitProtocolHeader() throws IOException {
    http.script(A, ok("refs"));
    read(serviceWithNodes(A).infoRefs(GitService.UPLOAD_PACK));

    assertFalse(http.sent().get(0).headers().contains("Git-Protocol"));
  }
}
