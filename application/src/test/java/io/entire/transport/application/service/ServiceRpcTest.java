package io.entire.transport.application.service;

import static io.entire.transport.application.service.ScriptedHttpExchange.ok;
import static io.entire.transport.application.service.ScriptedHttpExchange.redirect;
import static io.entire.transport.application.service.ScriptedHttpExchange.status;
import static io.entire.transport.application.service.ScriptedHttpExchange.truncated;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.entire.transport.application.port.in.HeaderCustomizer;
import io.entire.transport.application.port.in.RequestBody;
import io.entire.transport.domain.GitService;
import io.entire.transport.domain.Headers;
import io.entire.transport.domain.HttpStatusException;
import io.entire.transport.domain.RepositoryNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Service RPCs (S1–S4) and headers across hops (X4). */
class ServiceRpcTest extends TransportTestSupport {
  private static final RequestBody SMALL =
      RequestBody.ofBytes("0009done\n0000".getBytes(StandardCharsets.UTF_8));

  private static List<String> namesWithoutAuthorization(Headers headers) {
    List<String> names = new ArrayList<>(headers.names());
    names.removeIf(n -> n.equalsIgnoreCase("Authorization"));
    return names;
  }

  @Test
  void s1_postsToTheServiceWithDefaultsThenCustomizers() throws IOException {
    http.script(A, ok("pack"));
    List<Headers> seenByCustomizer = new ArrayList<>();
    HeaderCustomizer recording =
        h -> {
          seenByCustomizer.add(h);
          return h.with("X-Entire-Push-Size", "13");
        };

    read(
        serviceWithNodes(A)
            .serviceRpc(
                GitService.UPLOAD_PACK,
                SMALL,
                HeaderCustomizer.set("Git-Protocol", "version=2"),
                recording));

    ScriptedHttpExchange.Sent sent = http.sent().get(0);
    assertEquals("POST", sent.method());
    assertEquals(URI.create(A + REPO + "/git-upload-pack"), sent.uri());
    assertEquals(
        List.of("Content-Type", "Accept", "Git-Protocol", "X-Entire-Push-Size"),
        namesWithoutAuthorization(sent.headers()));
    assertEquals(
        "application/x-git-upload-pack-request", sent.headers().first("Content-Type").get());
    assertEquals("application/x-git-upload-pack-result", sent.headers().first("Accept").get());
    assertEquals("0009done\n0000", sent.bodyText());
    assertTrue(sent.hasAuthorization());
    assertEquals(
        List.of("Content-Type", "Accept", "Git-Protocol"), seenByCustomizer.get(0).names());
  }

  @Test
  void s1_customizersRunAfterTheDefaultsAndMayOverrideThem() throws IOException {
    http.script(A, ok("report"));

    read(
        serviceWithNodes(A)
            .serviceRpc(GitService.RECEIVE_PACK, SMALL, HeaderCustomizer.set("Accept", "*/*")));

    Headers sent = http.sent().get(0).headers();
    assertEquals(
        "application/x-git-receive-pack-request", sent.first("Content-Type").orElseThrow());
    assertEquals(List.of("*/*"), sent.all("Accept"));
    assertEquals(URI.create(A + REPO + "/git-receive-pack"), http.sent().get(0).uri());
  }

  // S2: a non-200 RPC answer goes through HttpErrors.message and names the service.
  @Test
  void s2_nonOkAnswerNamesTheService() {
    http.script(A, status(403, "push denied"));
    ReplicaTransportService service = serviceWithNodes(A, B);

    HttpStatusException e =
        assertThrows(
            HttpStatusException.class, () -> service.serviceRpc(GitService.RECEIVE_PACK, SMALL));

    assertEquals("git-receive-pack: server error (HTTP 403): push denied", e.getMessage());
    assertEquals(List.of(A), http.origins(), "F3: no failover on 4xx");
  }

  @Test
  void s2_missingRepositoryNamesTheServiceAndTheRepository() {
    http.script(A, status(404, ""));
    ReplicaTransportService service = serviceWithNodes(A);

    RepositoryNotFoundException e =
        assertThrows(
            RepositoryNotFoundException.class,
            () -> service.serviceRpc(GitService.UPLOAD_PACK, SMALL));

    assertEquals("git-upload-pack: repository not found: " + A + REPO, e.getMessage());
  }

  @Test
  void s2_serverErrorsFailOverLikeDiscovery() throws IOException {
    http.script(A, status(502, "")).script(B, ok("pack"));
    ReplicaTransportService service = serviceWithNodes(A, B);

    assertEquals("pack", read(service.serviceRpc(GitService.UPLOAD_PACK, SMALL)));

    assertEquals(List.of(A, B), http.origins());
    assertEquals(nodes(A), listener.nodes());
  }

  @Test
  void s2_aNonOkSuccessIsStillAnError() {
    http.script(A, status(204, ""));
    ReplicaTransportService service = serviceWithNodes(A);

    HttpStatusException e =
        assertThrows(
            HttpStatusException.class, () -> service.serviceRpc(GitService.UPLOAD_PACK, SMALL));

    assertEquals("git-upload-pack: server error (HTTP 204)", e.getMessage());
  }

  @Test
  void s3_aBodyCutShortThrowsInsteadOfEndingCleanly() throws IOException {
    byte[] prefix = "0008NAK\n".getBytes(StandardCharsets.UTF_8);
    http.script(A, truncated(200, prefix));

    try (InputStream in = serviceWithNodes(A).serviceRpc(GitService.UPLOAD_PACK, SMALL)) {
      assertArrayEquals(prefix, in.readNBytes(prefix.length));
      IOException e = assertThrows(IOException.class, in::read);
      assertTrue(
          e.getMessage().endsWith("Premature end of chunk coded message body (IOException)"),
          e.getMessage());
    }
  }

  @Test
  void s3_aDiscoveryBodyCutShortThrowsToo() throws IOException {
    http.script(A, truncated(200, new byte[10]));

    try (InputStream in = serviceWithNodes(A).infoRefs(GitService.UPLOAD_PACK)) {
      assertThrows(IOException.class, in::readAllBytes);
    }
  }

  @Test
  void s4_uploadPackBodiesOverOneKibibyteAreGzipped() throws IOException {
    http.script(A, ok("pack"));
    ReplicaTransportService service = serviceWithNodes(A);

    read(service.serviceRpc(GitService.UPLOAD_PACK, RequestBody.ofBytes(new byte[1024])));
    read(service.serviceRpc(GitService.UPLOAD_PACK, RequestBody.ofBytes(new byte[1025])));
    read(service.serviceRpc(GitService.RECEIVE_PACK, RequestBody.ofBytes(new byte[100_000])));

    List<Boolean> gzip = http.sent().stream().map(ScriptedHttpExchange.Sent::gzip).toList();
    assertEquals(List.of(false, true, false), gzip);
    assertEquals(100_000, http.sent().get(2).body().length);
  }

  @Test
  void x4_customizerHeadersAndGitProtocolAreCarriedAcrossHops() throws IOException {
    http.script(A, redirect(B + REPO + "/git-upload-pack"))
        .script(B, redirect(EVIL + REPO + "/git-upload-pack"))
        .script(EVIL, ok("pack"));

    read(
        serviceWithNodes(A)
            .serviceRpc(
                GitService.UPLOAD_PACK,
                SMALL,
                HeaderCustomizer.set("Git-Protocol", "version=2"),
                HeaderCustomizer.set("X-Trace", "abc")));

    assertEquals(List.of(A, B, EVIL), http.origins());
    for (ScriptedHttpExchange.Sent sent : http.sent()) {
      assertEquals(
          List.of("Content-Type", "Accept", "Git-Protocol", "X-Trace"),
          namesWithoutAuthorization(sent.headers()),
          sent.toString());
      assertEquals("version=2", sent.headers().first("Git-Protocol").orElseThrow());
      assertEquals("POST", sent.method());
      assertEquals("0009done\n0000", sent.bodyText(), "the body goes with every hop");
    }
    assertTrue(http.sentTo(B).get(0).hasAuthorization());
    assertFalse(http.sentTo(EVIL).get(0).hasAuthorization());
  }

  @Test
  void customizerHeadersGoWithEveryFailoverAttempt() throws IOException {
    http.script(A, ScriptedHttpExchange.refuse()).script(B, ok("pack"));

    read(
        serviceWithNodes(A, B)
            .serviceRpc(GitService.UPLOAD_PACK, SMALL, HeaderCustomizer.set("X-Trace", "abc")));

    assertEquals(List.of(A, B), http.origins());
    for (ScriptedHttpExchange.Sent sent : http.sent()) {
      assertEquals("abc", sent.headers().first("X-Trace").orElseThrow(), sent.toString());
    }
  }
}
