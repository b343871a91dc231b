package io.entire.transport.application.service;

import static io.entire.transport.application.service.ScriptedHttpExchange.ok;
import static io.entire.transport.application.service.ScriptedHttpExchange.okWithReplicas;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.entire.transport.domain.GitService;
import io.entire.transport.domain.NodeUrl;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Where replicas come from and how they are kept: R5, K5, E4. */
class ReplicaSourcesTest extends TransportTestSupport {

  @Test
  void r5_poisonedReplicaHeaderIsFilteredToTheCluster() throws IOException {
    http.script(
        A,
        okWithReplicas(
            "refs",
            EVIL
                + ", https://eu.example.dev.evil.com ,"
                + B
                + ",https://user@c.eu.example.dev,ftp://c.eu.example.dev,/relative, ,"
                + C));
    ReplicaTransportService service = serviceWithNodes(A);

    read(service.infoRefs(GitService.UPLOAD_PACK));

    assertEquals(nodes(B, C), service.currentNodes());
    assertEquals(nodes(B, C), cache.writes.get(0).nodes());
  }

  @Test
  void r5_aHeaderOfOnlyOutOfClusterReplicasCountsAsNoHeader() throws IOException {
    http.script(A, okWithReplicas("refs", EVIL));
    ReplicaTransportService service = serviceWithNodes(A, B);

    read(service.infoRefs(GitService.UPLOAD_PACK));

    assertEquals(nodes(A, B), service.currentNodes(), "H3");
    assertEquals(List.of(), cache.writes);
  }

  @Test
  void r5_poisonedCacheEntriesAreNeverDialled() throws IOException {
    http.script(A, ok("refs"));
    ReplicaTransportService service = serviceWithNodes(EVIL, A, "http://127.0.0.1:9999");

    assertEquals(nodes(A), service.currentNodes());
    read(service.infoRefs(GitService.UPLOAD_PACK));
    assertEquals(List.of(A), http.origins());
  }

  // X5 for replica lists: an https cluster never adopts a plain-http node, even an in-cluster one,
  // from the header, the cache or the config: credentials and data would travel in clear text.
  @Test
  void x5_plainHttpReplicasOfAnHttpsClusterAreIgnoredFromEverySource() throws IOException {
    String plainB = "http://b.eu.example.dev";
    http.script(A, okWithReplicas("refs", plainB + "," + C));
    // Even where plain http is allowed (ENTIRE_ALLOW_HTTP), an https cluster stays on https.
    config.allowHttp(true).initialNodes(nodes(plainB, A));
    ReplicaTransportService service = service();
    assertEquals(nodes(A), service.currentNodes(), "initial config");

    read(service.infoRefs(GitService.UPLOAD_PACK));

    assertEquals(nodes(C), service.currentNodes(), "header");
    assertEquals(nodes(C), cache.writes.get(0).nodes());
    assertEquals(List.of(A), http.origins());
    assertEquals(nodes(A), serviceWithNodes(plainB, A).currentNodes(), "cache");
  }

  @Test
  void x5_aClusterReachedOverPlainHttpKeepsItsHttpReplicas() throws IOException {
    String entry = "http://127.0.0.1:8080";
    String replica = "http://127.0.0.1:8081";
    config.entryUrl(entry);
    http.script(entry, okWithReplicas("refs", replica));
    ReplicaTransportService service = service();

    read(service.infoRefs(GitService.UPLOAD_PACK));

    assertEquals(nodes(replica), service.currentNodes());
  }

  @Test
  void r5_poisonedInitialNodesAreDropped() {
    config.initialNodes(nodes(EVIL, B));

    assertEquals(nodes(B), service().currentNodes());
  }

  @Test
  void r5_initialNodesTakePrecedenceOverTheCache() {
    cache.put("eu.example.dev", REPO, nodes(A));
    config.initialNodes(nodes(C));

    assertEquals(nodes(C), service().currentNodes());
  }

  @Test
  void r4_withoutAClusterHostEveryReplicaIsUsed() throws IOException {
    String other = "https://node.other.example:8081";
    config.clusterHost(null).initialNodes(nodes(other));
    http.script(other, okWithReplicas("refs", other + "," + EVIL));
    ReplicaTransportService service = service();

    read(service.infoRefs(GitService.UPLOAD_PACK));

    assertEquals(List.of(NodeUrl.of(other), NodeUrl.of(EVIL)), service.currentNodes());
    assertTrue(http.sent().get(0).hasAuthorization());
  }

  @Test
  void cacheIsKeyedByClusterHostAndRepoPath() throws IOException {
    http.script(ENTRY, okWithReplicas("refs", A));
    read(service().infoRefs(GitService.UPLOAD_PACK));

    assertEquals(List.of("eu.example.dev " + REPO), cache.loads);
    assertEquals("eu.example.dev", cache.writes.get(0).clusterHost());
    assertEquals(REPO, cache.writes.get(0).repoPath());
  }

  @Test
  void k5_anUnreadableCacheIsTreatedAsEmpty() throws IOException {
    cache.broken = true;
    http.script(ENTRY, okWithReplicas("refs", A));
    ReplicaTransportService service = service();

    assertEquals(List.of(), service.currentNodes());
    assertEquals("refs", read(service.infoRefs(GitService.UPLOAD_PACK)));
    assertEquals(1, cache.writes.size(), "the write was attempted");
    assertEquals(nodes(A), service.currentNodes());
  }

  @Test
  void e4_errorBaseUrlIsTheFirstNodePlusThePath() {
    assertEquals(B + REPO, serviceWithNodes(B, A).errorBaseUrl());
  }

  @Test
  void e4_errorBaseUrlIsThePathWithoutNodes() {
    assertEquals(REPO, service().errorBaseUrl());
  }
}
