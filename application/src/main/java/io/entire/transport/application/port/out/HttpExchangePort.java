package io.entire.transport.application.port.out;

import static org.apiguardian.api.API.Status.INTERNAL;

import io.entire.transport.application.port.in.Cancellation;
import java.io.IOException;
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
}
