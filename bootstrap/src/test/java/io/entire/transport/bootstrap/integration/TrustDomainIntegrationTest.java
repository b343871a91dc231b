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
import io.entire.transport.application.port.in.HeaderCustomizer;
import io.entire.transport.application.port.in.RequestBody;
import io.entire.transport.domain.GitService;
import io.entire.transport.domain.NodeUrl;
import io.entire.transport.domain.TransportException;
import io.entire.transport.domain.UntrustedHostException;
import io.entire.transport.testkit.EntryMode;
import io.entire.transport.testkit.Fault;
import io.entire.transport.testkit.OutsiderServer;
import io.entire.transport.testkit.RecordedRequest;
import io.entire.transport.testkit.TestCluster;
import io.entire.transport.testkit.TestClusterExtension;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Credentials never leave the cluster's trust domain, whatever source names an outside host (R3,
 * R5, X2, X3, C4): the cluster runs on 127.0.0.1 and requires a bearer token; an outsider on
 * 127.0.0.2 records what reaches it.
 */
class TrustDomainIntegrationTest {
  private static final String CLUSTER_HOST = "127.0.0.1";

  @RegisterExtension
  static final TestClusterExtension CLUSTER =
      TestClusterExtension.with(
          TestCluster.builder()
              .replicas(3)
              .repository("et/org/repo")
              .requireBearer(WiredTransport.TOKEN));

  static OutsiderServer outsider;

  /** K1: the cache files the cluster under its host and the entry's (non-default) port. */
  private static String cacheKey() {
    return CLUSTER_HOST + ":" + URI.create(CLUSTER.entryUrl()).getPort();
  }

  @TempDir Path dir;

  @BeforeAll
  static void startOutsider() {
    outsider = OutsiderServer.start();
  }

  @AfterAll
  static void stopOutsider() {
    outsider.close();
  }

  @BeforeEach
  void forgetOutsiderRequests() {
    outsider.respondWithDefault();
    outsider.clearRequests();
  }

  private Path cacheFile() {
    return dir.resolve("nodes.json");
  }

  private WiredTransport transport() {
    return WiredTransport.open(CLUSTER.entryUrl(), cacheFile());
  }

  private static NodeUrl outsiderNode() {
    return node(outsider.url());
  }

  private static void discover(WiredTransport transport) throws IOException {
    String advertisement = readAll(transport.service.infoRefs(GitService.UPLOAD_PACK));
    assertTrue(advertisement.contains("refs/heads/main"), "the cluster's refs: " + advertisement);
  }

  private static void lsRefs(WiredTransport transport) throws IOException {
    String refs =
        readAll(
            transport.service.serviceRpc(
                GitService.UPLOAD_PACK,
                RequestBody.ofBytes(PktLines.lsRefs()),
                HeaderCustomizer.set("Git-Protocol", "version=2")));
    assertTrue(refs.contains("refs/heads/main"), refs);
  }

  /** The credential port was asked only about in-cluster hosts (X3). */
  private static void assertCredentialsOnlyAskedForTheCluster(WiredTransport transport) {
    assertFalse(transport.credentialRequests.isEmpty(), "the cluster requires credentials");
    for (URI asked : transport.credentialRequests) {
      assertEquals(CLUSTER_HOST, asked.getHost(), "X3: credential port asked for " + asked);
    }
  }

  private void assertCacheNeverNamesTheOutsider() throws IOException {
    if (Files.exists(cacheFile())) {
      String file = Files.readString(cacheFile(), StandardCharsets.UTF_8);
      assertFalse(file.contains(outsider.host()), "R5: the outsider was persisted: " + file);
    }
  }

  @Test
  void r5_poisonedReplicaHeaderNeverReachesTheOutsider() throws Exception {
    CLUSTER.get().replicasHeader(outsider.url());
    try (WiredTransport transport = transport()) {
      discover(transport); // entry redirect and replica answer both carry the poisoned header
      discover(transport);
      lsRefs(transport);

      assertCredentialsOnlyAskedForTheCluster(transport);
      assertFalse(transport.service.currentNodes().contains(outsiderNode()));
    }
    assertEquals(List.of(), outsider.requests(), "R5: the outsider got no request at all");
    assertCacheNeverNamesTheOutsider();
  }

  @Test
  void r5_poisonedEntryInAMixedHeaderIsDroppedAndTheRestIsUsed() throws Exception {
    String replica1 = CLUSTER.replica(1).url();
    CLUSTER.get().replicasHeader(outsider.url() + "," + replica1);
    try (WiredTransport transport = transport()) {
      discover(transport);
      lsRefs(transport);
      assertEquals(List.of(node(replica1)), transport.service.currentNodes());
      assertCredentialsOnlyAskedForTheCluster(transport);
    }
    assertEquals(List.of(), outsider.requests());
    assertEquals(
        List.of(node(replica1)),
        new FileReplicaCache(cacheFile(), Clock.systemUTC()).load(cacheKey(), REPO_PATH));
  }

  @Test
  void r5_poisonedCacheFileNeverReachesTheOutsider() throws Exception {
    new FileReplicaCache(cacheFile(), Clock.systemUTC())
        .store(cacheKey(), REPO_PATH, List.of(outsiderNode()));

    try (WiredTransport transport = transport()) {
      discover(transport);
      lsRefs(transport);
      assertCredentialsOnlyAskedForTheCluster(transport);
    }
    assertEquals(List.of(), outsider.requests(), "R5: the cached outsider was never dialled");
    assertEquals(1, CLUSTER.entry().requests().size(), "an unusable cache means the cold path");
    assertCacheNeverNamesTheOutsider(); // H2 replaced the poisoned entry
  }

  @Test
  void r5_poisonedInitialNodesNeverReachTheOutsider() throws Exception {
    try (WiredTransport transport =
        WiredTransport.open(
            CLUSTER.entryUrl(), cacheFile(), b -> b.initialNodes(List.of(outsiderNode())))) {
      discover(transport);
      assertCredentialsOnlyAskedForTheCluster(transport);
    }
    assertEquals(List.of(), outsider.requests());
  }

  @Test
  void x2_x3_offClusterRedirectReachesTheOutsiderWithoutCredentials() throws Exception {
    CLUSTER.entry().mode(EntryMode.redirectTo(outsider.uri()));
    try (WiredTransport transport = transport()) {
      // The outsider's answer is a valid (empty) advertisement; what matters is what it got.
      String advertisement = readAll(transport.service.infoRefs(GitService.UPLOAD_PACK));
      assertTrue(advertisement.startsWith(UPLOAD_PACK_ADVERTISEMENT_START), advertisement);

      assertCredentialsOnlyAskedForTheCluster(transport);
      assertEquals(
          List.of(), transport.service.currentNodes(), "H4: an outside origin is not adopted");
    }
    List<RecordedRequest> received = outsider.requests();
    assertEquals(1, received.size(), received.toString());
    assertFalse(received.get(0).authorizationPresent(), "X2: no Authorization off-cluster");
    assertTrue(CLUSTER.entry().requests().get(0).authorizationPresent(), "the entry got it");
    assertCacheNeverNamesTheOutsider();
  }

  @Test
  void x2_inClusterRedirectCarriesTheCredential() throws Exception {
    CLUSTER.entry().mode(EntryMode.REDIRECT_WITHOUT_REPLICAS);
    try (WiredTransport transport = transport()) {
      discover(transport); // C5: follows Location to a replica that requires the token
    }
    List<RecordedRequest> requests = CLUSTER.requests();
    assertEquals(List.of("entry", "replica-0"), requests.stream().map(r -> r.server()).toList());
    assertTrue(requests.stream().allMatch(RecordedRequest::authorizationPresent), "X2");
    assertEquals(200, requests.get(1).status());
  }

  @Test
  void x3_outOfClusterEntryUrlIsRefusedBeforeAnyCredentialIsAsked() throws Exception {
    try (WiredTransport transport =
        WiredTransport.open(outsider.url(), cacheFile(), b -> b.clusterHost(CLUSTER_HOST))) {
      UntrustedHostException refused =
          assertThrows(
              UntrustedHostException.class,
              () -> transport.service.infoRefs(GitService.UPLOAD_PACK));
      assertEquals(
          "refusing to send credentials to out-of-cluster host " + outsider.host(),
          refused.getMessage());
      assertEquals(List.of(), transport.credentialRequests, "X3: the port was never asked");
    }
    assertEquals(List.of(), outsider.requests());
  }

  @Test
  void c4_outOfClusterLocationIsNotSalvagedWhenAdvertisedReplicasAreDead() throws Exception {
    CLUSTER.replica(0).fault(Fault.down());
    CLUSTER.entry().mode(EntryMode.redirectTo(outsider.uri(), CLUSTER.replica(0).url()));
    try (WiredTransport transport = transport()) {
      TransportException failed =
          assertThrows(
              TransportException.class, () -> transport.service.infoRefs(GitService.UPLOAD_PACK));
      assertTrue(failed.getMessage().contains("out-of-cluster"), failed.getMessage());
      assertEquals(List.of(node(CLUSTER.replica(0).url())), transport.failedNodes);
      assertCredentialsOnlyAskedForTheCluster(transport);
    }
    assertEquals(List.of(), outsider.requests(), "C4: never dialled");
  }
}
