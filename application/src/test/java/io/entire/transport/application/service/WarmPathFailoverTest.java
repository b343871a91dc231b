package io.entire.transport.application.service;

import static io.entire.transport.application.service.ScriptedHttpExchange.ok;
import static io.entire.transport.application.service.ScriptedHttpExchange.redirect;
import static io.entire.transport.application.service.ScriptedHttpExchange.refuse;
import static io.entire.transport.application.service.ScriptedHttpExchange.resetAfterReading;
import static io.entire.transport.application.service.ScriptedHttpExchange.status;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.entire.transport.application.port.in.RequestBody;
import io.entire.transport.domain.AllNodesFailedException;
import io.entire.transport.domain.GitService;
import io.entire.transport.domain.HttpStatusException;
import io.entire.transport.domain.NoHealthyNodesException;
import io.entire.transport.domain.NodeHealth;
import io.entire.transport.domain.NodeUrl;
import io.entire.transport.domain.RepositoryNotFoundException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The warm path: failover over known replicas (W1, F1–F8). */
class WarmPathFailoverTest extends TransportTestSupport {

  @Test
  void w1_discoveryGoesToACachedReplicaFirst() throws IOException {
    http.script(A, ok("refs"));
    ReplicaTransportService service = serviceWithNodes(A);

    assertEquals("refs", read(service.infoRefs(GitService.UPLOAD_PACK)));

    ScriptedHttpExchange.Sent sent = http.sent().get(0);
    assertEquals("GET", sent.method());
    assertEquals(URI.create(A + UPLOAD_REFS), sent.uri());
    assertEquals(1, http.sent().size(), "the entry domain is not dialled");
  }

  @Test
  void f2_refusedNodeFailsOverIsDroppedAndReported() throws IOException {
    http.script(A, refuse()).script(B, ok("refs from b"));
    ReplicaTransportService service = serviceWithNodes(A, B, C);

    assertEquals("refs from b", read(service.infoRefs(GitService.UPLOAD_PACK)));

    assertEquals(List.of(A, B), http.origins());
    assertEquals(nodes(A), listener.nodes());
    assertInstanceOf(ConnectException.class, listener.failures.get(0).cause());
    assertEquals(nodes(B, C), service.currentNodes());
  }

  @Test
  void f2_serverErrorFailsOverIsDroppedAndReported() throws IOException {
    http.script(A, status(503, "overloaded")).script(B, ok("refs from b"));
    ReplicaTransportService service = serviceWithNodes(A, B, C);

    assertEquals("refs from b", read(service.infoRefs(GitService.UPLOAD_PACK)));

    assertEquals(nodes(A), listener.nodes());
    HttpStatusException cause =
        assertInstanceOf(HttpStatusException.class, listener.failures.get(0).cause());
    assertEquals(503, cause.status());
    assertEquals("server error (HTTP 503): overloaded", cause.getMessage());
    assertEquals(nodes(B, C), service.currentNodes());
  }

  @Test
  void f2_aThrowingListenerDoesNotStopFailover() throws IOException {
    config.nodeFailedListener(
        (node, cause) -> {
          throw new IllegalStateException("listener bug");
        });
    http.script(A, refuse()).script(B, ok("refs from b"));
    ReplicaTransportService service = serviceWithNodes(A, B);

    assertEquals("refs from b", read(service.infoRefs(GitService.UPLOAD_PACK)));
    assertEquals(nodes(B), service.currentNodes());
  }

  // K6 changed with the node-health rules (DESIGN §12): a failed node is demoted in the cache entry
  // instead of the entry being invalidated. These tests assert the new rule.
  @Test
  void K6_D3_aFailedNodeIsDemotedAfterTheListenerRanAndTheEntryStays() throws IOException {
    List<Integer> healthWritesSeenByListener = new ArrayList<>();
    config.nodeFailedListener(
        (node, cause) -> healthWritesSeenByListener.add(cache.healthWrites.size()));
    http.script(A, refuse()).script(B, ok("refs from b"));
    ReplicaTransportService service = serviceWithNodes(A, B);

    assertEquals("refs from b", read(service.infoRefs(GitService.UPLOAD_PACK)));

    assertEquals(List.of(0), healthWritesSeenByListener, "the listener runs first");
    assertEquals(List.of(), cache.invalidations, "K6: the entry is never invalidated");
    assertEquals(nodes(A, B), cache.load("eu.example.dev", REPO), "K6: the entry stays whole");
    assertEquals(
        Optional.of(new NodeHealth(1, cache.now.plusSeconds(30))),
        cache.healthOf("eu.example.dev", REPO, NodeUrl.of(A)),
        "D3: A is demoted for 30 s");
  }

  @Test
  void K6_aThrowingListenerOrCacheDoesNotStopTheDemotionOrFailover() throws IOException {
    config.nodeFailedListener(
        (node, cause) -> {
          throw new IllegalStateException("listener bug");
        });
    http.script(A, refuse()).script(B, refuse()).script(C, ok("refs from c"));
    ReplicaTransportService service = serviceWithNodes(A, B, C);
    cache.broken = true; // K5: every cache call throws from now on

    assertEquals("refs from c", read(service.infoRefs(GitService.UPLOAD_PACK)));

    assertEquals(List.of("failure " + A, "failure " + B), cache.healthWrites);
    assertEquals(List.of(), cache.invalidations);
    assertEquals(nodes(C), service.currentNodes());
  }

  @Test
  void k6_aClientErrorIsNoNodeFailureAndKeepsTheCacheEntry() {
    http.script(A, status(404, "no such repository"));
    ReplicaTransportService service = serviceWithNodes(A, B);

    assertThrows(RepositoryNotFoundException.class, () -> service.infoRefs(GitService.UPLOAD_PACK));

    assertEquals(List.of(), cache.invalidations);
  }

  @Test
  void f3_clientErrorIsReturnedAsIsWithoutFailover() {
    http.script(A, status(404, "no such repository"));
    ReplicaTransportService service = serviceWithNodes(A, B, C);

    RepositoryNotFoundException e =
        assertThrows(
            RepositoryNotFoundException.class, () -> service.infoRefs(GitService.UPLOAD_PACK));

    assertEquals("no such repository", e.getMessage());
    assertEquals(List.of(A), http.origins());
    assertEquals(List.of(), listener.failures);
    assertEquals(nodes(A, B, C), service.currentNodes());
  }

  @Test
  void f3_forbiddenIsReturnedAsIsWithoutFailover() {
    http.script(A, status(403, "read-only token"));
    ReplicaTransportService service = serviceWithNodes(A, B);

    HttpStatusException e =
        assertThrows(HttpStatusException.class, () -> service.infoRefs(GitService.RECEIVE_PACK));

    assertEquals("server error (HTTP 403): read-only token", e.getMessage());
    assertEquals(List.of(A), http.origins());
    assertEquals(List.of(), listener.failures);
  }

  @Test
  void f1_startsAtTheRandomIndexAndGoesRoundTheRing() throws IOException {
    random = new FixedRandom(2);
    http.script(C, refuse()).script(A, refuse()).script(B, ok("refs"));
    ReplicaTransportService service = serviceWithNodes(A, B, C);

    read(service.infoRefs(GitService.UPLOAD_PACK));

    assertEquals(List.of(C, A, B), http.origins());
    assertEquals(List.of(3), random.bounds);
  }

  @Test
  void f1_f7_laterCallsStartAtTheStickyNodeThatAnswered() throws IOException {
    random = new FixedRandom(1, 0);
    http.script(B, ok("refs"), ok("pack"));
    ReplicaTransportService service = serviceWithNodes(A, B, C);

    read(service.infoRefs(GitService.UPLOAD_PACK));
    assertEquals(Optional.of(NodeUrl.of(B)), service.stickyNode());
    read(service.serviceRpc(GitService.UPLOAD_PACK, RequestBody.ofBytes(new byte[] {1})));

    assertEquals(List.of(B, B), http.origins());
    assertEquals(List.of(3), random.bounds, "no second random draw with a sticky node");
  }

  @Test
  void f7_stickyNodeIsTheOriginThatAnsweredAfterARedirect() throws IOException {
    random = new FixedRandom(0, 0);
    http.script(A, redirect(C + UPLOAD_REFS)).script(C, ok("refs"), ok("pack"));
    ReplicaTransportService service = serviceWithNodes(A, B, C);

    read(service.infoRefs(GitService.UPLOAD_PACK));
    assertEquals(Optional.of(NodeUrl.of(C)), service.stickyNode());
    read(service.serviceRpc(GitService.UPLOAD_PACK, RequestBody.ofBytes(new byte[] {1})));

    assertEquals(List.of(A, C, C), http.origins());
    assertEquals(URI.create(C + REPO + "/git-upload-pack"), http.sent().get(2).uri());
  }

  @Test
  void f7_anOriginOutsideTheListDoesNotBecomeSticky() throws IOException {
    String d = "https://d.eu.example.dev";
    http.script(A, redirect(d + UPLOAD_REFS)).script(d, ok("refs"));
    ReplicaTransportService service = serviceWithNodes(A, B);

    read(service.infoRefs(GitService.UPLOAD_PACK));

    assertEquals(Optional.empty(), service.stickyNode());
  }

  @Test
  void f7_aStickyNodeThatFailsIsForgotten() throws IOException {
    random = new FixedRandom(1, 0);
    http.script(B, ok("refs"), refuse()).script(C, ok("pack"));
    ReplicaTransportService service = serviceWithNodes(A, B, C);
    read(service.infoRefs(GitService.UPLOAD_PACK));

    read(service.serviceRpc(GitService.UPLOAD_PACK, RequestBody.ofBytes(new byte[] {1})));

    assertEquals(List.of(B, B, C), http.origins());
    assertEquals(Optional.of(NodeUrl.of(C)), service.stickyNode());
    assertEquals(nodes(A, C), service.currentNodes());
  }

  @Test
  void f5_everyNodeFailedNamesTheCountAndKeepsEveryReason() {
    http.script(A, refuse()).script(B, status(502, "bad gateway")).script(C, refuse());
    ReplicaTransportService service = serviceWithoutEntry(A, B, C);

    AllNodesFailedException e =
        assertThrows(AllNodesFailedException.class, () -> service.infoRefs(GitService.UPLOAD_PACK));

    assertTrue(e.getMessage().startsWith("all 3 nodes failed"), e.getMessage());
    assertEquals(3, e.nodeCount());
    assertTrue(e.getCause().getMessage().startsWith(C + ": Connection refused"), e.getMessage());
    assertInstanceOf(ConnectException.class, e.getCause().getCause());
    List<String> suppressed = new ArrayList<>();
    for (Throwable t : e.getSuppressed()) {
      suppressed.add(t.getMessage());
    }
    assertEquals(
        List.of(
            A + ": Connection refused (ConnectException)",
            B + ": server error (HTTP 502): bad gateway"),
        suppressed);
    assertEquals(nodes(A, B, C), listener.nodes());
    assertEquals(List.of(), service.currentNodes());
  }

  @Test
  void f5_singleNodeIsWordedInTheSingular() {
    http.script(A, refuse());
    ReplicaTransportService service = serviceWithoutEntry(A);

    IOException e = assertThrows(IOException.class, () -> service.infoRefs(GitService.UPLOAD_PACK));

    assertTrue(e.getMessage().startsWith("all 1 node failed"), e.getMessage());
  }

  // F6: no nodes at all is 'no healthy nodes available'.
  @Test
  void f6_noNodesAtAllForAnRpc() {
    ReplicaTransportService service = serviceWithoutEntry();

    NoHealthyNodesException e =
        assertThrows(
            NoHealthyNodesException.class,
            () -> service.serviceRpc(GitService.UPLOAD_PACK, RequestBody.ofBytes(new byte[0])));

    assertEquals("no healthy nodes available", e.getMessage());
    assertEquals(List.of(), http.sent());
  }

  @Test
  void f6_nodesDroppedByAnEarlierCallAreGone() {
    http.script(A, refuse());
    ReplicaTransportService service = serviceWithoutEntry(A);
    assertThrows(
        AllNodesFailedException.class,
        () -> service.serviceRpc(GitService.RECEIVE_PACK, RequestBody.ofBytes(new byte[0])));

    NoHealthyNodesException e =
        assertThrows(
            NoHealthyNodesException.class,
            () -> service.serviceRpc(GitService.RECEIVE_PACK, RequestBody.ofBytes(new byte[0])));

    assertEquals("no healthy nodes available", e.getMessage());
    assertEquals(1, http.sent().size());
  }

  @Test
  void f8_theBodyIsReplayedFromTheStartOnEveryAttempt() throws IOException {
    byte[] pack = new byte[300_000];
    for (int i = 0; i < pack.length; i++) {
      pack[i] = (byte) (i * 31);
    }
    List<Integer> opens = new ArrayList<>();
    RequestBody body =
        new RequestBody() {
          @Override
          public long length() {
            return pack.length;
          }

          @Override
          public InputStream open() {
            opens.add(1);
            return new ByteArrayInputStream(pack);
          }
        };
    http.script(A, resetAfterReading(70_000))
        .script(B, status(500, "oops"))
        .script(C, ok("report-status"));
    ReplicaTransportService service = serviceWithNodes(A, B, C);

    assertEquals("report-status", read(service.serviceRpc(GitService.RECEIVE_PACK, body)));

    assertEquals(List.of(A, B, C), http.origins());
    assertEquals(70_000, http.sent().get(0).body().length);
    assertArrayEquals(pack, http.sent().get(1).body(), "second attempt saw the whole body");
    assertArrayEquals(pack, http.sent().get(2).body(), "third attempt saw the whole body");
    assertEquals(3, opens.size());
  }
}
