package io.entire.transport.bootstrap.integration;

import static io.entire.transport.bootstrap.integration.WiredTransport.readAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.entire.transport.application.port.in.HeaderCustomizer;
import io.entire.transport.application.port.in.RequestBody;
import io.entire.transport.domain.GitService;
import io.entire.transport.domain.NodeUrl;
import io.entire.transport.domain.TransportCancelledException;
import io.entire.transport.testkit.Fault;
import io.entire.transport.testkit.RecordedRequest;
import io.entire.transport.testkit.TestCluster;
import io.entire.transport.testkit.TestClusterExtension;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Service RPCs and response streams over real sockets against {@code git http-backend} (S1, S3, S4)
 * and cancellation of a call stuck on a hanging replica.
 */
// WiredTransport takes its client settings from the configuration (deprecated there).
@SuppressWarnings("deprecation")
class ServiceRpcIntegrationTest {
  private static final HeaderCustomizer PROTOCOL_V2 =
      HeaderCustomizer.set("Git-Protocol", "version=2");
  private static final Pattern MAIN = Pattern.compile("([0-9a-f]{40}) refs/heads/main");

  @RegisterExtension
  static final TestClusterExtension CLUSTER =
      TestClusterExtension.with(
          TestCluster.builder()
              .replicas(3)
              .repository("et/org/repo")
              .requireBearer(WiredTransport.TOKEN));

  @TempDir Path dir;

  private WiredTransport transport() {
    return WiredTransport.open(CLUSTER.entryUrl(), dir.resolve("nodes.json"));
  }

  /** Runs v2 discovery, which every RPC needs first (it fills the node list). */
  private static void discoverV2(WiredTransport transport) throws IOException {
    String capabilities = readAll(transport.service.infoRefsV2());
    assertTrue(capabilities.contains("version 2"), "V2 advertisement expected: " + capabilities);
    List<RecordedRequest> discovery = CLUSTER.requests();
    assertEquals("entry", discovery.get(0).server(), "cold path first");
    for (RecordedRequest request : discovery) {
      assertEquals("version=2", request.header("Git-Protocol"), "V2 on every hop: " + request);
      assertEquals(WiredTransport.USER_AGENT, request.header("User-Agent"));
    }
    CLUSTER.get().clearRequests();
  }

  private static List<RecordedRequest> posts(String service) {
    return CLUSTER.requests().stream()
        .filter(r -> r.method().equals("POST") && r.path().endsWith("/" + service))
        .toList();
  }

  /** S3: reading fails with an I/O error at once; never a clean end, never a stall or cancel. */
  private static void assertCutShort(InputStream body) {
    IOException failure = assertThrows(IOException.class, () -> readAll(body));
    assertFalse(
        failure instanceof SocketTimeoutException || failure instanceof TransportCancelledException,
        "the cut must be detected as such, not by a timeout: " + failure);
  }

  private static String mainCommit(String refs) {
    Matcher m = MAIN.matcher(refs);
    assertTrue(m.find(), "no refs/heads/main in " + refs);
    return m.group(1);
  }

  @Test
  void s1_v2LsRefsAndFetchRoundTripsThroughTheRealBackend() throws Exception {
    try (WiredTransport transport = transport()) {
      discoverV2(transport);

      String refs =
          readAll(
              transport.service.serviceRpc(
                  GitService.UPLOAD_PACK, RequestBody.ofBytes(PktLines.lsRefs()), PROTOCOL_V2));
      assertTrue(refs.contains("refs/tags/v1.0"), refs);
      assertTrue(refs.endsWith(PktLines.FLUSH), "the whole response, up to its flush: " + refs);

      byte[] fetch =
          new PktLines()
              .line("command=fetch\n")
              .special(PktLines.DELIM)
              .line("no-progress\n")
              .line("want " + mainCommit(refs) + "\n")
              .line("done\n")
              .special(PktLines.FLUSH)
              .bytes();
      String pack =
          readAll(
              transport.service.serviceRpc(
                  GitService.UPLOAD_PACK, RequestBody.ofBytes(fetch), PROTOCOL_V2));
      assertTrue(pack.contains("packfile\n"), "a packfile section: " + pack);
      assertTrue(pack.contains("PACK"), "with a pack in it");
      assertTrue(pack.endsWith(PktLines.FLUSH), "read to the end");
    }

    List<RecordedRequest> posts = posts("git-upload-pack");
    assertEquals(2, posts.size(), posts.toString());
    for (RecordedRequest post : posts) {
      assertEquals("/et/org/repo/git-upload-pack", post.pathAndQuery());
      assertEquals(200, post.status());
      assertEquals("version=2", post.header("Git-Protocol"), "X4/S1: the customizer's header");
      assertEquals("application/x-git-upload-pack-request", post.header("Content-Type"));
      assertTrue(post.authorizationPresent(), "in-cluster requests carry credentials");
      assertNull(post.header("Content-Encoding"), "S4: small bodies are sent as they are");
    }
  }

  @Test
  void s4_uploadPackBodyOverOneKibIsGzippedAndTheServerUnderstandsIt() throws Exception {
    String[] prefixes = new String[41];
    for (int i = 0; i < 40; i++) {
      prefixes[i] = String.format("refs/heads/no-such-branch-%02d/", i);
    }
    prefixes[40] = "refs/heads/main";
    RequestBody body = RequestBody.ofBytes(PktLines.lsRefs(prefixes));
    assertTrue(body.length() > 1024, "the body must exceed 1 KiB: " + body.length());

    String refs;
    try (WiredTransport transport = transport()) {
      discoverV2(transport);
      refs = readAll(transport.service.serviceRpc(GitService.UPLOAD_PACK, body, PROTOCOL_V2));
    }

    RecordedRequest post = posts("git-upload-pack").get(0);
    assertEquals("gzip", post.header("Content-Encoding"));
    assertEquals(200, post.status());
    // The prefixes reached git intact: only main matched, the tag did not.
    assertTrue(refs.contains("refs/heads/main"), refs);
    assertFalse(refs.contains("refs/tags/v1.0"), refs);
  }

  @Test
  void s4_receivePackBodiesAreNeverGzipped() throws Exception {
    String reply;
    try (WiredTransport transport = transport()) {
      String advertisement = readAll(transport.service.infoRefs(GitService.RECEIVE_PACK));
      String main = mainCommit(advertisement);
      // Deleting branches that do not exist: git answers per ref and the repository is untouched.
      PktLines commands = new PktLines();
      for (int i = 0; i < 20; i++) {
        String command = main + " " + "0".repeat(40) + " refs/heads/ghost-" + i;
        commands.line(i == 0 ? command + "\0report-status\n" : command + "\n");
      }
      RequestBody body = RequestBody.ofBytes(commands.special(PktLines.FLUSH).bytes());
      assertTrue(body.length() > 1024, "the body must exceed 1 KiB: " + body.length());

      reply = readAll(transport.service.serviceRpc(GitService.RECEIVE_PACK, body));
    }

    RecordedRequest post = posts("git-receive-pack").get(0);
    assertNull(post.header("Content-Encoding"), "S4: receive-pack is never compressed");
    assertEquals("application/x-git-receive-pack-request", post.header("Content-Type"));
    assertEquals(200, post.status());
    assertTrue(reply.contains("unpack ok"), reply);
    assertTrue(reply.contains("ng refs/heads/ghost-0 "), reply);
  }

  @ParameterizedTest(name = "S3 info/refs body cut short ({0} framing) fails the read")
  @EnumSource(Fault.Framing.class)
  void s3_truncatedInfoRefsBodyThrowsInsteadOfEndingCleanly(Fault.Framing framing)
      throws Exception {
    for (int i = 0; i < 3; i++) {
      CLUSTER.replica(i).fault(Fault.truncateAfter(20, framing));
    }
    try (WiredTransport transport = transport()) {
      InputStream advertisement = transport.service.infoRefs(GitService.UPLOAD_PACK);
      assertCutShort(advertisement);
    }
  }

  @Test
  void s3_truncatedRpcResponseThrowsInsteadOfEndingCleanly() throws Exception {
    try (WiredTransport transport = transport()) {
      discoverV2(transport);
      for (int i = 0; i < 3; i++) {
        CLUSTER.replica(i).fault(Fault.truncateAfter(10));
      }
      InputStream refs =
          transport.service.serviceRpc(
              GitService.UPLOAD_PACK, RequestBody.ofBytes(PktLines.lsRefs()), PROTOCOL_V2);
      assertCutShort(refs);
    }
  }

  @Test
  void cancellationAbortsACallStuckOnAHangingReplicaPromptly() throws Exception {
    CLUSTER.replica(0).fault(Fault.hang());
    List<NodeUrl> replicas = CLUSTER.replicaUrls().stream().map(WiredTransport::node).toList();
    // A read timeout far beyond the test's bound: only cancellation can end the call in time.
    try (WiredTransport transport =
        WiredTransport.open(
            CLUSTER.entryUrl(),
            dir.resolve("nodes.json"),
            b -> b.initialNodes(replicas).readTimeout(Duration.ofSeconds(30)))) {
      AtomicLong cancelledAt = new AtomicLong();
      CompletableFuture<Void> canceller =
          CompletableFuture.runAsync(
              () -> {
                CLUSTER.replica(0).requestLog().awaitCount(1, Duration.ofSeconds(10));
                cancelledAt.set(System.nanoTime());
                transport.cancellation.cancel();
              });

      assertTimeoutPreemptively(
          Duration.ofSeconds(8),
          () ->
              assertThrows(
                  TransportCancelledException.class,
                  () -> transport.service.infoRefs(GitService.UPLOAD_PACK)));
      long took = System.nanoTime() - cancelledAt.get();
      canceller.join();

      assertTrue(
          took < Duration.ofSeconds(1).toNanos(),
          "a cancelled call returns within 1 s; took " + took / 1_000_000 + " ms");
      assertEquals(List.of(), transport.failedNodes, "cancellation is not the node's fault");
      assertTrue(CLUSTER.replica(1).requests().isEmpty(), "no failover after cancel");
      assertTrue(CLUSTER.replica(2).requests().isEmpty(), "no failover after cancel");
    }
  }
}
