package io.entire.transport.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.inject.Module;
import io.entire.transport.application.port.in.Cancellation;
import io.entire.transport.application.port.in.TransportConfig;
import io.entire.transport.domain.AuthenticationFailedException;
import io.entire.transport.domain.ClusterUnavailableException;
import io.entire.transport.domain.GitService;
import io.entire.transport.domain.NodeUrl;
import io.entire.transport.domain.RepositoryNotFoundException;
import io.entire.transport.domain.ResponseTruncatedException;
import io.entire.transport.domain.TransportCancelledException;
import io.entire.transport.domain.TransportException;
import io.entire.transport.domain.UntrustedHostException;
import io.entire.transport.testkit.Fault;
import io.entire.transport.testkit.ReplicaServer;
import io.entire.transport.testkit.TestCluster;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * L5 against a real testkit cluster, through {@link EntireTransports#open}: each way a call can
 * fail reaches the caller as its public type, and {@code isRetryable()} answers for it. Only the
 * thrown type and its message are looked at, as a caller would.
 */
// The one-repository path: its configuration carries the client settings (deprecated there).
@SuppressWarnings("deprecation")
class TypedErrorsIntegrationTest {
  private static final String REPO = "et/org/repo";
  private static final Duration HANG_GUARD = Duration.ofSeconds(30);

  @TempDir Path dir;
  private TestCluster cluster;

  @BeforeEach
  void startCluster() {
    cluster = TestCluster.builder().replicas(2).repository(REPO).start();
  }

  @AfterEach
  void stopCluster() {
    cluster.close();
  }

  private TransportConfig.Builder config() {
    return TransportConfig.builder()
        .entryUrl(cluster.entryUrl())
        .repoPath("/" + REPO)
        .connectTimeout(Duration.ofSeconds(5))
        .readTimeout(Duration.ofSeconds(5));
  }

  private EntireTransport open(TransportConfig config) {
    return open(config, new NoAuthModule());
  }

  private EntireTransport open(TransportConfig config, Module auth) {
    return EntireTransports.open(new TransportModule(config, dir.resolve("nodes.json")), auth);
  }

  private static String discover(EntireTransport transport) throws IOException {
    try (InputStream refs = transport.infoRefs(GitService.UPLOAD_PACK)) {
      return new String(refs.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    }
  }

  private static ClusterUnavailableException clusterUnavailable(EntireTransport transport) {
    ClusterUnavailableException e =
        assertThrows(ClusterUnavailableException.class, () -> discover(transport));
    assertTrue(e.isRetryable(), e.toString());
    return e;
  }

  private void allReplicas(Fault fault) {
    cluster.replicas().forEach(replica -> replica.fault(fault));
  }

  private List<NodeUrl> replicaNodes() {
    return cluster.replicaUrls().stream().map(NodeUrl::of).toList();
  }

  @Test
  void L5_everyReplicaDownOnTheWarmPathIsClusterUnavailable() {
    allReplicas(Fault.down());
    TransportConfig warmOnly =
        config()
            .entryUrl((String) null)
            .clusterHost(URI.create(cluster.entryUrl()).getHost())
            .initialNodes(replicaNodes())
            .build();

    try (EntireTransport transport = open(warmOnly)) {
      ClusterUnavailableException e = clusterUnavailable(transport);
      assertTrue(e.getMessage().startsWith("all 2 nodes failed"), e.getMessage());
      assertEquals(1, e.getSuppressed().length, "the other node's failure is attached");
    }
  }

  @Test
  void L5_entryDomainDownOnTheColdPathIsClusterUnavailable() {
    cluster.entry().fault(Fault.down());

    try (EntireTransport transport = open(config().build())) {
      ClusterUnavailableException e = clusterUnavailable(transport);
      assertTrue(e.getMessage().startsWith("entry domain " + cluster.entryUrl()), e.getMessage());
    }
  }

  @Test
  void L5_entryDomainAnsweringThatEveryReplicaIsDownIsClusterUnavailable() {
    allReplicas(Fault.down()); // the testkit's entry then answers 503

    try (EntireTransport transport = open(config().build())) {
      ClusterUnavailableException e = clusterUnavailable(transport);
      assertTrue(e.getMessage().startsWith("server error (HTTP 503)"), e.getMessage());
    }
  }

  @Test
  void L5_warmPathThenColdPathFailingIsOneClusterUnavailableNamingBoth() throws IOException {
    try (EntireTransport warmUp = open(config().build())) {
      assertFalse(discover(warmUp).isEmpty()); // H2: the replicas are in the cache file now
    }
    allReplicas(Fault.down());
    cluster.entry().fault(Fault.down());

    try (EntireTransport transport = open(config().build())) {
      ClusterUnavailableException e = clusterUnavailable(transport);
      assertTrue(e.getMessage().startsWith("cached replicas: all 2 nodes failed"), e.getMessage());
      assertTrue(e.getMessage().contains("; entry domain " + cluster.entryUrl()), e.getMessage());
      for (ReplicaServer replica : cluster.replicas()) {
        assertTrue(
            e.getMessage().contains(replica.url()) || hasSuppressedNaming(e, replica.url()),
            "every node's failure is told: " + e.getMessage());
      }
    }
  }

  private static boolean hasSuppressedNaming(Throwable e, String url) {
    for (Throwable suppressed : e.getSuppressed()) {
      if (String.valueOf(suppressed.getMessage()).contains(url)
          || hasSuppressedNaming(suppressed, url)) {
        return true;
      }
    }
    return false;
  }

  @Test
  void L5_aServerErrorOfTheOnlyReplicaIsClusterUnavailable() {
    try (TestCluster single = TestCluster.builder().replicas(1).repository(REPO).start()) {
      single.replica(0).fault(Fault.status(503));
      TransportConfig config =
          TransportConfig.builder().entryUrl(single.entryUrl()).repoPath("/" + REPO).build();

      try (EntireTransport transport = open(config)) {
        ClusterUnavailableException e = clusterUnavailable(transport);
        assertTrue(e.getMessage().contains("server error (HTTP 503)"), e.getMessage());
      }
    }
  }

  @Test
  void L5_aBodyCutShortIsResponseTruncatedWhateverItsFraming() throws IOException {
    for (Fault.Framing framing : Fault.Framing.values()) {
      allReplicas(Fault.truncateAfter(20, framing).onlyFor("GET", "/info/refs"));
      try (EntireTransport transport = open(config().build());
          InputStream refs = transport.infoRefs(GitService.UPLOAD_PACK)) {
        ResponseTruncatedException e =
            assertThrows(ResponseTruncatedException.class, refs::readAllBytes, framing.name());
        assertTrue(e.isRetryable());
        assertTrue(e.getMessage().startsWith("response body cut short: "), e.getMessage());
      }
    }
  }

  @Test
  void L5_aRefusedTokenIsAuthenticationFailedAndNotRetryable() {
    cluster.replicas().forEach(replica -> replica.requireBearer("right"));
    cluster.entry().requireBearer("right");

    try (EntireTransport transport =
        open(config().build(), new StaticTokenAuthModule("wrong-token-42"))) {
      AuthenticationFailedException e =
          assertThrows(AuthenticationFailedException.class, () -> discover(transport));
      assertFalse(e.isRetryable());
      assertFalse(e.getMessage().contains("wrong-token-42"));
    }
  }

  @Test
  void L5_aMissingRepositoryIsRepositoryNotFoundAndNotRetryable() {
    TransportConfig missing = config().repoPath("/et/org/no-such-repo").build();

    try (EntireTransport transport = open(missing)) {
      RepositoryNotFoundException e =
          assertThrows(RepositoryNotFoundException.class, () -> discover(transport));
      assertFalse(e.isRetryable());
    }
  }

  @Test
  void L5_credentialsForAHostOutsideTheTrustDomainAreRefusedAndNeverSent() {
    // The entry URL names the loopback address, the trust domain another host: asking the entry
    // would send credentials out of the cluster (X3).
    TransportConfig outside = config().clusterHost("cluster.example.dev").build();

    try (EntireTransport transport = open(outside, new StaticTokenAuthModule("secret-token"))) {
      UntrustedHostException e =
          assertThrows(UntrustedHostException.class, () -> discover(transport));
      assertFalse(e.isRetryable());
    }
    assertEquals(List.of(), cluster.requests(), "nothing was sent");
  }

  @Test
  void L5_aCancelledCallIsTransportCancelledWithAMessage() {
    Cancellation cancellation = new Cancellation();
    allReplicas(Fault.hang());
    cluster.entry().fault(Fault.hang());

    try (EntireTransport transport = open(config().cancellation(cancellation).build())) {
      CompletableFuture<Void> cancelOnceAsked =
          CompletableFuture.runAsync(
              () -> {
                cluster.awaitRequests(1, HANG_GUARD);
                cancellation.cancel();
              });
      TransportCancelledException e =
          assertTimeoutPreemptively(
              HANG_GUARD,
              () -> assertThrows(TransportCancelledException.class, () -> discover(transport)));
      assertNotNull(e.getMessage());
      assertFalse(e.isRetryable());
      cancelOnceAsked.join();
    }
  }

  @Test
  void L5_everyFailureIsATransportException() {
    // The caller's catch clause: one type for everything the transport reports.
    cluster.entry().fault(Fault.reset());
    try (EntireTransport transport = open(config().build())) {
      TransportException e = assertThrows(TransportException.class, () -> discover(transport));
      assertTrue(e instanceof ClusterUnavailableException, e.toString());
    }
  }
}
