package io.entire.transport.application.port.out;

import static org.apiguardian.api.API.Status.INTERNAL;

import io.entire.transport.application.port.in.Cancellation;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.apiguardian.api.API;

/**
 * Sends exactly one HTTP request and returns its response: it never follows redirects and never
 * retries (failover and redirects are the service's policy).
 *
 * <p>Implementations must be thread-safe and should reuse connections across calls.
 */
@API(status = INTERNAL)
public interface HttpExchangePort {

  /**
   * Sends one request.
   *
   * @param request the request; when it has a body, the body is opened once per call
   * @param cancellation aborts the exchange (and reading its response) when cancelled
   * @return the response, whatever its status; the caller closes it
   * @throws io.entire.transport.domain.TransportCancelledException when cancelled
   * @throws IOException when no response was received: refused, reset, TLS failure, timeout
   */
  HttpResponse exchange(HttpRequest request, Cancellation cancellation) throws IOException;

  /**
   * Fast fallback (D1): connects ahead of an exchange to whichever of the targets comes up first.
   * The first target is dialled at once; while no connection is up, the next one is dialled after
   * {@code stagger}, and at once when an attempt fails. The first connection up (or a pooled one)
   * waits in the pool for the next exchange to its target; nothing is sent. Attempts still running
   * go on in the background up to the connect timeout: one that then connects is pooled, one that
   * fails is reported to {@code lateFailure}.
   *
   * <p>The default runs no race and returns {@link FirstConnection#UNRACED}: the caller then sends
   * to the first target as usual.
   *
   * @param targets the requests about to be sent, in the order their nodes are tried; only their
   *     URIs and {@link HttpRequest#inCluster()} marks are used
   * @param stagger how long to wait for a connection before dialling the next target
   * @param cancellation ends the wait (not the attempts) when cancelled
   * @param lateFailure told of attempts that fail after the race was decided
   * @return the winner and the attempts that failed before it was up
   * @throws io.entire.transport.domain.TransportCancelledException when cancelled
   */
  default FirstConnection connectFirst(
      List<HttpRequest> targets,
      Duration stagger,
      Cancellation cancellation,
      FirstConnection.LateFailure lateFailure)
      throws IOException {
    return FirstConnection.UNRACED;
  }
}
