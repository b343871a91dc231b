package io.entire.transport.application.service;

import static io.entire.transport.application.service.ScriptedHttpExchange.ok;
import static io.entire.transport.application.service.ScriptedHttpExchange.okWithReplicas;
import static io.entire.transport.application.service.ScriptedHttpExchange.refuse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.entire.transport.application.port.in.RequestBody;
import io.entire.transport.domain.CredentialException;
import io.entire.transport.domain.GitService;
import io.entire.transport.domain.TransportCancelledException;
import java.net.SocketException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A cancelled handle stops every call at once, without failover or node-failure reports. */
class CancellationInServiceTest extends TransportTestSupport {

  @Test
  void aCancelledHandleFailsDiscoveryBeforeAnyRequest() {
    http.script(A, ok("refs"));
    ReplicaTransportService service = serviceWithNodes(A, B);
    cancellation.cancel();

    TransportCancelledException e =
        assertThrows(
            TransportCancelledException.class, () -> service.infoRefs(GitService.UPLOAD_PACK));

    assertEquals("operation cancelled", e.getMessage());
    assertEquals(List.of(), http.sent());
    assertEquals(List.of(), listener.failures);
    assertEquals(nodes(A, B), service.currentNodes());
  }

  @Test
  void aCancelledHandleFailsTheColdPathBeforeAnyRequest() {
    ReplicaTransportService service = service();
    cancellation.cancel();

    assertThrows(TransportCancelledException.class, service::infoRefsV2);

    assertEquals(List.of(), http.sent());
  }

  @Test
  void aCancelledHandleFailsRpcsBeforeAnyRequest() {
    ReplicaTransportService service = serviceWithNodes(A);
    cancellation.cancel();

    assertThrows(
        TransportCancelledException.class,
        () -> service.serviceRpc(GitService.RECEIVE_PACK, RequestBody.ofBytes(new byte[1])));

    assertEquals(List.of(), http.sent());
  }

  @Test
  void cancellingDuringAnExchangeStopsFailoverAndBlamesNoNode() {
    http.script(
            A,
            (request, handle, bodyRead) -> {
              handle.cancel(); // as a signal handler would, while the request is in flight
              throw new SocketException("Socket closed");
            })
        .script(B, ok("must not be dialled"));
    ReplicaTransportService service = serviceWithNodes(A, B);

    TransportCancelledException e =
        assertThrows(
            TransportCancelledException.class,
            () -> service.serviceRpc(GitService.UPLOAD_PACK, RequestBody.ofBytes(new byte[1])));

    assertInstanceOf(SocketException.class, e.getCause());
    assertEquals(List.of(A), http.origins());
    assertEquals(List.of(), listener.failures);
    assertEquals(nodes(A, B), service.currentNodes());
  }

  @Test
  void cancellingWhileTheWarmPathFailsDoesNotFallBackToTheEntryDomain() {
    http.script(A, refuse())
        .script(
            B,
            (request, handle, bodyRead) -> {
              handle.cancel();
              throw new SocketException("Socket closed");
            })
        .script(ENTRY, okWithReplicas("must not be dialled", A));
    ReplicaTransportService service = serviceWithNodes(A, B);

    assertThrows(TransportCancelledException.class, () -> service.infoRefs(GitService.UPLOAD_PACK));

    assertEquals(List.of(A, B), http.origins());
    assertEquals(nodes(A), listener.nodes());
  }

  @Test
  void theAdapterSeesTheConfiguredHandle() throws Exception {
    http.script(
        A,
        (request, handle, bodyRead) -> {
          assertEquals(cancellation, handle);
          return ok("refs").answer(request, handle, bodyRead);
        });

    read(serviceWithNodes(A).infoRefs(GitService.UPLOAD_PACK));

    assertEquals(1, http.sent().size());
  }

  @Test
  void cancellingWhileACredentialIsFetchedIsACancellationNotACredentialFailure() {
    // The adapter (a token exchange, a credential helper) gives up because of the cancel and
    // throws; F4 would surface that message verbatim, but the user cancelled.
    credentials
        .beforeAnswer(
            request -> {
              cancellation.cancel();
              // D2: a hedged attempt has a handle of its own, which the call's cancel reaches
              assertTrue(request.cancellation().isCancelled(), "adapters can register with it");
            })
        .failWith(new CredentialException("token exchange at https://sts.example.dev cancelled"));
    http.script(A, ok("must not be dialled"));
    ReplicaTransportService service = serviceWithNodes(A, B);

    TransportCancelledException e =
        assertThrows(
            TransportCancelledException.class, () -> service.infoRefs(GitService.UPLOAD_PACK));

    assertInstanceOf(CredentialException.class, e.getCause());
    assertEquals(List.of(), http.sent());
    assertEquals(List.of(), listener.failures);
  }

  @Test
  void aCancelledHandleNeverAsksForACredential() {
    ReplicaTransportService service = serviceWithNodes(A);
    cancellation.cancel();

    assertThrows(
        TransportCancelledException.class,
        () -> service.serviceRpc(GitService.RECEIVE_PACK, RequestBody.ofBytes(new byte[1])));

    assertEquals(List.of(), credentials.requests);
  }
}
