package io.entire.transport.bootstrap.integration;

import static io.entire.transport.bootstrap.integration.PktLines.UPLOAD_PACK_ADVERTISEMENT_START;
import static io.entire.transport.bootstrap.integration.WiredTransport.REPO_PATH;
import static io.entire.transport.bootstrap.integration.WiredTransport.node;
import static io.entire.transport.bootstrap.integration.WiredTransport.readAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.entire.transport.adapters.cache.FileReplicaCache;
import io.entire.transport.domain.AuthenticationFailedException;
import io.entire.transport.domain.GitService;
import io.entire.transport.domain.NodeUrl;
import io.entire.transport.domain.TransportException;
import io.entire.transport.testkit.EntryMode;
import io.entire.transport.testkit.Fault;
import io.entire.transport.testkit.RecordedRequest;
import io.entire.transport.testkit.TestCluster;
import io.entire.transport.testkit.TestClusterExtension;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cold path through the entry domain over real sockets (C1, C3, C4, H2) and the on-disk replica
 * cache it feeds (K4, K6).
 */
class ColdPathIntegrationTest {
  private static final String CLUSTER_HOST = "127.0.0.1";

  @RegisterExtension
  static final TestClusterExtension CLUSTER =
      TestClusterExtension.with(
          TestCluster.builder()
              .replicas(3)
              .repository("et/org/repo")
              .requireBearer(WiredTransport.TOKEN));

  @TempDir Path dir;

  private Path cacheFile() {
    return dir.resolve("cache/entire/nodes.json");
  }

  private WiredTransport transport() {
    return WiredTransport.open(CLUSTER.entryUrl(), cacheFile());
  }

  private NodeUrl replica(int i) {
    return node(CLUSTER.replica(i).url());
  }

  private List<NodeUrl> allReplicas() {
    return List.of(replica(0), replica(1), replica(2));
  }

  private static String discover(WiredTransport transport) throws Exception {
    String advertisement = readAll(transport.service.infoRefs(GitService.UPLOAD_PACK));
    assertTrue(
        advertisement.startsWith(UPLOAD_PACK_ADVERTISEMENT_START),
        "not an upload-pack advertisement: " + advertisement);
    return advertisement;
  }

  private static long entryRequests() {
    return CLUSTER.get().entry().requests().size();
  }

  private static List<String> answeredOk() {
    return CLUSTER.requests().stream()
        .filter(r -> r.status() == 200)
        .map(RecordedRequest::server)
        .toList();
  }

  /** K1: the cache files the cluster under its host and the entry's (non-default) port. */
  private static String cacheKey() {
    return CLUSTER_HOST + ":" + URI.create(CLUSTER.entryUrl()).getPort();
  }

  private List<NodeUrl> cachedNodes() {
    return new FileReplicaCache(cacheFile(), Clock.systemUTC()).load(cacheKey(), REPO_PATH);
  }

  @Test
  void c3_h2_entryRedirectIsAskedOnceAndItsReplicasAreCachedOnDisk() throws Exception {
    try (WiredTransport transport = transport()) {
      discover(transport);
      discover(transport); // same invocation: warm path over the adopted replicas
    }
    assertEquals(1, entryRequests(), "C1: one request to the entry domain");

    String file = Files.readString(cacheFile(), StandardCharsets.UTF_8);
    assertTrue(file.contains("\"" + cacheKey() + "\""), file);
    assertTrue(file.contains("\"" + REPO_PATH + "\""), file);
    for (String url : CLUSTER.replicaUrls()) {
      assertTrue(file.contains("\"" + url + "\""), "H2: replica " + url + " missing in " + file);
    }
    assertFalse(file.contains(WiredTransport.TOKEN), "A5: no token in the cache file");
    assertEquals(allReplicas(), cachedNodes());

    // A new invocation (new service) starts warm from the disk cache: no entry request.
    try (WiredTransport next = transport()) {
      discover(next);
    }
    assertEquals(1, entryRequests(), "W1: the second invocation used the cached replicas");
  }

  @Test
  void c3_advertisedReplicasAreUsedInsteadOfDiallingLocation() throws Exception {
    // Location names replica 2; the advertised list starts with replica 0.
    CLUSTER.entry().mode(EntryMode.redirectTo(CLUSTER.replica(2).uri(), replicaList(0, 1, 2)));
    try (WiredTransport transport = transport()) {
      discover(transport);
    }
    assertEquals(List.of("replica-0"), answeredOk());
    assertTrue(CLUSTER.replica(2).requests().isEmpty(), "C3: Location was not dialled");
  }

  @Test
  void c3_deadRedirectTargetDoesNotMatterWhenOtherReplicasAreListed() throws Exception {
    CLUSTER.replica(0).fault(Fault.down());
    CLUSTER.entry().mode(EntryMode.redirectTo(CLUSTER.replica(0).uri(), replicaList(1, 2)));
    try (WiredTransport transport = transport()) {
      discover(transport);
      assertEquals(List.of(), transport.failedNodes, "the dead Location was never tried");
    }
    assertEquals(List.of("replica-1"), answeredOk());
  }

  @Test
  void c4_liveInClusterLocationSalvagesWhenEveryAdvertisedReplicaIsDead() throws Exception {
    CLUSTER.replica(0).fault(Fault.down());
    CLUSTER.replica(1).fault(Fault.status(503));
    CLUSTER.entry().mode(EntryMode.redirectTo(CLUSTER.replica(2).uri(), replicaList(0, 1)));
    try (WiredTransport transport = transport()) {
      discover(transport);
      assertEquals(List.of(replica(0), replica(1)), transport.failedNodes);
    }
    assertEquals(List.of("replica-2"), answeredOk(), "C4: salvaged via Location");
    assertEquals(1, CLUSTER.replica(2).requests().size());
    // H2: replica 2 advertised the replicas that are not down (1 and 2) on success.
    assertEquals(List.of(replica(1), replica(2)), cachedNodes());
  }

  @Test
  void h2_failedColdPathWritesNothing() throws Exception {
    for (int i = 0; i < 3; i++) {
      CLUSTER.replica(i).fault(Fault.status(503));
    }
    try (WiredTransport transport = transport()) {
      TransportException failed = assertThrows(TransportException.class, () -> discover(transport));
      assertTrue(
          failed.getMessage().startsWith("after entry-domain redirect: all 3 nodes failed"),
          "C6, F5: " + failed.getMessage());
      assertEquals(allReplicas(), transport.failedNodes, "F2 for each of them");
    }
    assertFalse(Files.exists(cacheFile()), "H2: only a successful answer is persisted");
  }

  @Test
  void e1_wrongTokenSurfacesTheAuthenticationFailure() throws Exception {
    try (WiredTransport transport =
        WiredTransport.openWithToken(CLUSTER.entryUrl(), cacheFile(), "secret-token-wrong")) {
      AuthenticationFailedException failed =
          assertThrows(AuthenticationFailedException.class, () -> discover(transport));
      assertEquals("authentication failed: invalid credentials", failed.getMessage());
      assertFalse(failed.getMessage().contains("secret-token"), "A5");
    }
    // C2: the entry's 401 is handled in place, after one retry with a fresh credential.
    assertEquals(2, entryRequests());
    assertTrue(CLUSTER.requests().stream().allMatch(r -> r.status() == 401));
    assertFalse(Files.exists(cacheFile()), "H2: nothing persisted");
  }

  @Test
  void k4_corruptCacheFileIsIgnoredAndReplaced() throws Exception {
    Files.createDirectories(cacheFile().getParent());
    Files.writeString(cacheFile(), "{\"127.0.0.1\": {\"/et/org/repo\": [ this is not json");

    try (WiredTransport transport = transport()) {
      discover(transport);
    }

    assertEquals(1, entryRequests(), "a corrupt cache reads as empty: cold path");
    String file = Files.readString(cacheFile(), StandardCharsets.UTF_8);
    assertFalse(file.contains("this is not json"), "K4: replaced on the next write: " + file);
    assertEquals(allReplicas(), cachedNodes());
  }

  // What an invalidated entry leads to. A node failure no longer invalidates (K6 demotes the node,
  // §12; EntireTransportsTest and CacheIT failoverDemotesTheNodeAndKeepsEveryEntry_K6), but
  // ReplicaCachePort.invalidate still exists and must still send the next call cold.
  @Test
  void afterAnInvalidatedEntryTheNextInvocationTakesTheColdPathAgain() throws Exception {
    try (WiredTransport first = transport()) {
      discover(first);
    }
    try (WiredTransport second = transport()) {
      discover(second);
    }
    assertEquals(1, entryRequests(), "warm from the disk cache");

    new FileReplicaCache(cacheFile(), Clock.systemUTC()).invalidate(cacheKey(), REPO_PATH);
    assertEquals(List.of(), cachedNodes());

    try (WiredTransport third = transport()) {
      discover(third);
    }
    assertEquals(2, entryRequests(), "after invalidation the cold path runs again");
    assertEquals(allReplicas(), cachedNodes(), "and the cache is filled again");
  }

  /** An {@code X-Entire-Replicas} value naming the given replicas. */
  private static String replicaList(int... indexes) {
    StringBuilder value = new StringBuilder();
    for (int i : indexes) {
      value.append(value.length() == 0 ? "" : ",").append(CLUSTER.replica(i).url());
    }
    return value.toString();
  }
}
