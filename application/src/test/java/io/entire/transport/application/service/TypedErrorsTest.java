package io.entire.transport.application.service;

import static io.entire.transport.application.service.ScriptedHttpExchange.ok;
import static io.entire.transport.application.service.ScriptedHttpExchange.redirect;
import static io.entire.transport.application.service.ScriptedHttpExchange.redirectWithReplicas;
import static io.entire.transport.application.service.ScriptedHttpExchange.refuse;
import static io.entire.transport.application.service.ScriptedHttpExchange.status;
import static io.entire.transport.application.service.ScriptedHttpExchange.truncated;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.entire.transport.application.port.in.RequestBody;
import io.entire.transport.domain.AllNodesFailedException;
import io.entire.transport.domain.AuthenticationFailedException;
import io.entire.transport.domain.ClusterUnavailableException;
import io.entire.transport.domain.GitService;
import io.entire.transport.domain.RedirectRefusedException;
import io.entire.transport.domain.ResponseTruncatedException;
import io.entire.transport.domain.TransportException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * L5 in the transport use case: what type the caller receives on each path, over a scripted HTTP
 * port. The caller's view is the thrown type and its message; no test walks the cause chain.
 */
class TypedErrorsTest extends TransportTestSupport {
  private static final RequestBody SMALL =
      RequestBody.ofBytes("0000".getBytes(StandardCharsets.UTF_8));

  private ClusterUnavailableException discoveryFails(ReplicaTransportService service) {
    ClusterUnavailableException e =
        assertThrows(
            ClusterUnavailableException.class, () -> service.infoRefs(GitService.UPLOAD_PACK));
    assertTrue(e.isRetryable(), e.toString());
    return e;
  }

  @Test
  void L5_everyCachedReplicaDownWithoutEntryUrlIsClusterUnavailable() {
    http.script(A, refuse()).script(B, status(503, "overloaded"));

    ClusterUnavailableException e = discoveryFails(serviceWithoutEntry(A, B));

    assertInstanceOf(AllNodesFailedException.class, e, "the F5 type is kept, as a subtype");
    assertTrue(e.getMessage().startsWith("all 2 nodes failed"), e.getMessage());
    assertEquals(1, e.getSuppressed().length, "the first node's failure stays attached");
    assertTrue(e.getSuppressed()[0].getMessage().contains(A), e.getSuppressed()[0].getMessage());
  }

  @Test
  void L5_entryDomainUnreachableOnTheColdPathIsClusterUnavailable() {
    http.script(ENTRY, refuse());

    ClusterUnavailableException e = discoveryFails(service());

    assertEquals(
        "entry domain " + ENTRY + ": Connection refused (ConnectException)", e.getMessage());
  }

  @Test
  void L5_entryDomainAnsweringServerErrorIsClusterUnavailable() {
    http.script(ENTRY, status(503, "every replica is down"));

    ClusterUnavailableException e = discoveryFails(service());

    assertEquals("server error (HTTP 503): every replica is down", e.getMessage());
  }

  @Test
  void L5_warmThenColdFailureIsOneClusterUnavailableNamingBoth() {
    http.script(A, refuse()).script(B, status(502, "bad gateway")).script(ENTRY, refuse());

    ClusterUnavailableException e = discoveryFails(serviceWithNodes(A, B));

    assertTrue(e.getMessage().startsWith("cached replicas: all 2 nodes failed"), e.getMessage());
    assertTrue(e.getMessage().contains("server error (HTTP 502): bad gateway"), e.getMessage());
    assertTrue(
        e.getMessage()
            .endsWith("; entry domain " + ENTRY + ": Connection refused" + " (ConnectException)"),
        e.getMessage());
    AllNodesFailedException warm =
        assertInstanceOf(
            AllNodesFailedException.class,
            e.getSuppressed()[0],
            "the warm path's failure is attached");
    assertEquals(1, warm.getSuppressed().length, "and still carries its first node's failure");
  }

  @Test
  void L5_advertisedReplicasFailingAfterTheEntryRedirectIsClusterUnavailable() {
    http.script(ENTRY, redirectWithReplicas(A + UPLOAD_REFS, A + "," + B))
        .script(A, refuse())
        .script(B, refuse());

    ClusterUnavailableException e = discoveryFails(service());

    assertTrue(
        e.getMessage().startsWith("after entry-domain redirect: all 2 nodes failed"),
        e.getMessage());
  }

  @Test
  void L5_serverErrorAtTheEndOfTheEntryRedirectIsClusterUnavailable() {
    http.script(ENTRY, redirect(A + UPLOAD_REFS)).script(A, status(500, "boom"));

    ClusterUnavailableException e = discoveryFails(service());

    assertEquals("after entry-domain redirect: server error (HTTP 500): boom", e.getMessage());
  }

  @Test
  void L5_anEntryAnswerBelow500AfterTheWarmPathKeepsItsType() {
    http.script(A, refuse()).script(ENTRY, status(401, "token expired"));

    AuthenticationFailedException e =
        assertThrows(
            AuthenticationFailedException.class,
            () -> serviceWithNodes(A).infoRefs(GitService.UPLOAD_PACK));

    assertFalse(e.isRetryable());
    assertTrue(e.getMessage().startsWith("cached replicas: all 1 node failed"), e.getMessage());
    assertTrue(
        e.getMessage().endsWith("; entry domain: authentication failed: token expired"),
        e.getMessage());
    assertInstanceOf(AllNodesFailedException.class, e.getSuppressed()[0]);
  }

  @Test
  void L5_aRefusedRedirectAfterTheEntryRedirectStaysARefusedRedirect() {
    http.script(ENTRY, redirect("http://a.eu.example.dev" + UPLOAD_REFS));

    RedirectRefusedException e =
        assertThrows(
            RedirectRefusedException.class, () -> service().infoRefs(GitService.UPLOAD_PACK));

    assertFalse(e.isRetryable());
    assertTrue(e.getMessage().startsWith("after entry-domain redirect: refusing"), e.getMessage());
  }

  @Test
  void L5_aServiceBodyCutShortIsResponseTruncated() throws IOException {
    byte[] prefix = "0008NAK\n".getBytes(StandardCharsets.UTF_8);
    http.script(A, truncated(200, prefix));

    try (InputStream in = serviceWithNodes(A).serviceRpc(GitService.UPLOAD_PACK, SMALL)) {
      assertArrayEquals(prefix, in.readNBytes(prefix.length));
      ResponseTruncatedException e = assertThrows(ResponseTruncatedException.class, in::read);
      assertTrue(e.isRetryable());
      assertEquals(
          "response body cut short: Premature end of chunk coded message body (IOException)",
          e.getMessage());
    }
  }

  @Test
  void L5_aDiscoveryBodyCutShortIsResponseTruncatedForEveryWayOfReading() throws IOException {
    http.script(A, truncated(200, new byte[10])).script(A, truncated(200, new byte[10]));
    ReplicaTransportService service = serviceWithNodes(A);

    try (InputStream in = service.infoRefs(GitService.UPLOAD_PACK)) {
      assertThrows(ResponseTruncatedException.class, in::readAllBytes);
    }
    try (InputStream in = service.infoRefs(GitService.UPLOAD_PACK)) {
      assertThrows(ResponseTruncatedException.class, () -> in.skip(100));
    }
  }

  @Test
  void L5_aWholeBodyReadsAsBeforeAndReadingWithBadArgumentsStaysTheCallersMistake()
      throws IOException {
    http.script(A, ok("refs"));

    try (InputStream in = serviceWithNodes(A).infoRefs(GitService.UPLOAD_PACK)) {
      assertThrows(IndexOutOfBoundsException.class, () -> in.read(new byte[2], 1, 5));
      assertEquals("refs", new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
  }

  @Test
  void L5_noConfiguredNodeOrEntryIsAPermanentTransportError() {
    TransportException e =
        assertThrows(
            TransportException.class, () -> serviceWithoutEntry().infoRefs(GitService.UPLOAD_PACK));

    assertFalse(e.isRetryable(), "W3 is a configuration error: trying again will not help");
  }
}
