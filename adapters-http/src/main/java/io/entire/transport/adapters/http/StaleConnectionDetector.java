package io.entire.transport.adapters.http;

import java.io.EOFException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketException;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ConnectionClosedException;
import org.apache.hc.core5.http.EndpointDetails;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.NoHttpResponseException;
import org.apache.hc.core5.http.impl.io.HttpRequestExecutor;
import org.apache.hc.core5.http.io.HttpClientConnection;
import org.apache.hc.core5.http.io.HttpResponseInformationCallback;
import org.apache.hc.core5.http.protocol.HttpContext;

/**
 * HttpClient's request executor, noting in the request's context when a request failed the way a
 * stale pooled connection fails (F9).
 *
 * <p>A server may close an idle keep-alive connection at any time, also right after a complete
 * response and without {@code Connection: close} (RFC 9112 §9.5). The next request on it then fails
 * before a single response byte: no response at all, end of stream, a reset, or a broken pipe while
 * the request is still being written. That says nothing about the node, so {@link
 * ApacheHttpExchange} resends such a request once on a new connection.
 *
 * <p>This executor is the one place that sees both the connection and the failure: it records a
 * failure as <em>stale</em> only when
 *
 * <ul>
 *   <li>the connection had carried a request before (it came from the pool, it was not just
 *       opened),
 *   <li>not one byte arrived on it during this request, and
 *   <li>the failure is an end of stream, reset or broken pipe, not a timeout: a node that is merely
 *       slow to answer would make a resend double the wait.
 * </ul>
 *
 * <p>Thread-safe; the mark lives in the per-request context.
 */
final class StaleConnectionDetector extends HttpRequestExecutor {
  private static final String STALE = "io.entire.transport.stale-connection";

  @Override
  public ClassicHttpResponse execute(
      ClassicHttpRequest request,
      HttpClientConnection connection,
      HttpResponseInformationCallback informationCallback,
      HttpContext context)
      throws IOException, HttpException {
    // Live counters of the connection, not a snapshot: read again after a failure.
    EndpointDetails details = connection.getEndpointDetails();
    boolean reused = details != null && details.getRequestCount() > 0;
    long receivedBefore = details == null ? 0 : details.getReceivedBytesCount();
    try {
      return super.execute(request, connection, informationCallback, context);
    } catch (IOException e) {
      if (reused && details.getReceivedBytesCount() == receivedBefore && isClosedConnection(e)) {
        context.setAttribute(STALE, Boolean.TRUE);
      }
      throw e;
    }
  }

  /** Whether the request of this context failed on a stale pooled connection (see the class). */
  static boolean failedOnStaleConnection(HttpContext context) {
    return Boolean.TRUE.equals(context.getAttribute(STALE));
  }

  private static boolean isClosedConnection(IOException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof InterruptedIOException) {
        return false; // a timeout or an abort: never a reason to resend
      }
      if (t instanceof NoHttpResponseException
          || t instanceof ConnectionClosedException
          || t instanceof EOFException
          || t instanceof SocketException) {
        return true;
      }
    }
    return false;
  }
}
