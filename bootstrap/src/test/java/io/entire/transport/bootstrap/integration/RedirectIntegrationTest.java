package io.entire.transport.bootstrap.integration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.entire.transport.domain.GitService;
import io.entire.transport.domain.RedirectPolicy;
import io.entire.transport.domain.TransportException;
import io.entire.transport.testkit.EntryMode;
import io.entire.transport.testkit.RecordedRequest;
import io.entire.transport.testkit.TestCluster;
import io.entire.transport.testkit.TestClusterExtension;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Redirect caps and scheme rules over real sockets (X1, X5), including a real TLS origin. */
// WiredTransport takes its client settings from the configuration (deprecated there).
@SuppressWarnings("deprecation")
class RedirectIntegrationTest {

  @RegisterExtension
  static final TestClusterExtension CLUSTER =
      TestClusterExtension.with(
          TestCluster.builder()
              .replicas(1)
              .repository("et/org/repo")
              .requireBearer(WiredTransport.TOKEN));

  @TempDir Path dir;

  @Test
  void x1_redirectLoopIsCutAfterTenHops() throws Exception {
    // The entry redirects every request to itself, without replicas: C5 follows the chain.
    CLUSTER.entry().mode(EntryMode.redirectTo(CLUSTER.get().entry().uri()));
    try (WiredTransport transport =
        WiredTransport.open(CLUSTER.entryUrl(), dir.resolve("nodes.json"))) {
      TransportException failed =
          assertThrows(
              TransportException.class, () -> transport.service.infoRefs(GitService.UPLOAD_PACK));
      assertTrue(
          failed.getMessage().contains("too many redirects (more than 10)"), failed.getMessage());
      assertTrue(failed.getMessage().startsWith("after entry-domain redirect"), "C6");
    }
    List<RecordedRequest> entry = CLUSTER.get().entry().requests();
    // The first request plus ten followed hops; the eleventh redirect is refused, not dialled.
    assertEquals(1 + RedirectPolicy.MAX_REDIRECTS, entry.size());
    assertTrue(entry.stream().allMatch(RecordedRequest::authorizationPresent), "X2 in-cluster");
  }

  @Test
  void x5_redirectFromHttpsToHttpIsRefusedEvenInCluster() throws Exception {
    String replica = CLUSTER.replica(0).url(); // http://127.0.0.1:<port>, in-cluster, alive
    try (TlsRedirectingNode tlsEntry = TlsRedirectingNode.start(dir, replica);
        WiredTransport transport =
            WiredTransport.open(
                tlsEntry.url(), dir.resolve("nodes.json"), b -> b.skipTlsVerify(true))) {
      TransportException refused =
          assertThrows(
              TransportException.class, () -> transport.service.infoRefs(GitService.UPLOAD_PACK));

      assertTrue(
          refused.getMessage().contains("refusing redirect from https to http"),
          refused.getMessage());
      // The https origin was reached (with credentials: it is in-cluster), the http target never.
      assertEquals(List.of(true), tlsEntry.authorizationSeen());
    }
    assertEquals(List.of(), CLUSTER.replica(0).requests(), "X5: the http target was not dialled");
  }

  // X5 for replica lists: an https entry that advertises plain-http replicas (in-cluster, same
  // host) must not move the credentials and the repository onto plain http.
  @Test
  void x5_plainHttpReplicasAdvertisedByAnHttpsEntryAreNeverDialled() throws Exception {
    String replica = CLUSTER.replica(0).url(); // http://127.0.0.1:<port>, in-cluster, alive
    Path cacheFile = dir.resolve("nodes.json");
    try (TlsRedirectingNode tlsEntry = TlsRedirectingNode.start(dir, replica, replica);
        WiredTransport transport =
            WiredTransport.open(tlsEntry.url(), cacheFile, b -> b.skipTlsVerify(true))) {
      TransportException refused =
          assertThrows(
              TransportException.class, () -> transport.service.infoRefs(GitService.UPLOAD_PACK));

      // The header's replica is dropped, so C5 follows Location, which X5 refuses.
      assertTrue(
          refused.getMessage().contains("refusing redirect from https to http"),
          refused.getMessage());
      assertEquals(List.of(), transport.service.currentNodes());
    }
    assertEquals(List.of(), CLUSTER.replica(0).requests(), "X5: the http replica was not dialled");
    assertFalse(Files.exists(cacheFile), "nothing was cached");
  }

  @Test
  void x5_redirectToAnotherSchemeIsRefused() throws Exception {
    CLUSTER.entry().mode(EntryMode.redirectTo(URI.create("ftp://127.0.0.1:2121")));
    try (WiredTransport transport =
        WiredTransport.open(CLUSTER.entryUrl(), dir.resolve("nodes.json"))) {
      TransportException refused =
          assertThrows(
              TransportException.class, () -> transport.service.infoRefs(GitService.UPLOAD_PACK));
      assertTrue(
          refused.getMessage().contains("refusing redirect to unsupported scheme 'ftp'"),
          refused.getMessage());
    }
  }
}
