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
 * before a single response byte, and the server never saw it: the stream ends before a status line
 * (the server's FIN had arrived), or writing the request fails with a reset or a broken pipe. That
 * says nothing about the node, so {@link ApacheHttpExchange} resends such a request once on a new
 * connection.
 *
 * <p>This executor is the one place that sees both the connection and the failure: it records a
 * failure as <em>stale</em> only when
 *
 * <ul>
 *   <li>the connection had carried a request before (it came from the pool, it was not just
 *       opened),
 *   <li>not one byte arrived on it during this request, and
 *   <li>the failure is an end of stream before the status line, or a socket error (reset, broken
 *       pipe) while the request was still being written.
 * </ul>
 *
 * <p>Not stale, so never resent: a timeout (a node slow to answer; a resend would double the wait),
 * an abort, and a reset that arrives after the whole request was written. The server then had the
 * request and dropped it on purpose, possibly after acting on it (RFC 9110 §9.2.2: a POST such as a
 * push must not be repeated automatically on such evidence), so that node failed (F2).
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
      if (reused
          && details.getReceivedBytesCount() == receivedBefore
          && isClosedConnection(e, requestWritten(connection))) {
        context.setAttribute(STALE, Boolean.TRUE);
      }
      throw e;
    }
  }

  private static boolean requestWritten(HttpClientConnection connection) {
    // A connection of unknown make: assume the worst case, the server had the whole request.
    return !(connection instanceof UnloggedConnectionFactory.UnloggedConnection unlogged)
        || unlogged.requestWritten();
  }

  /** Whether the request of this context failed on a stale pooled connection (see the class). */
  static boolean failedOnStaleConnection(HttpContext context) {
    return Boolean.TRUE.equals(context.getAttribute(STALE));
  }

  private static boolean isClosedConnection(IOException e, boolean requestWritten) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof InterruptedIOException) {
        return false; // a timeout or an abort: never a reason to resend
      }
      if (t instanceof NoHttpResponseException
          || t instanceof ConnectionClosedException
          || t instanceof EOFException) {
        return true; // the stream ended: the server had closed before answering
      }
      if (t instanceof SocketException) {
        return !requestWritten; // reset or broken pipe while the request was still going out
      }
    }
    return false;
  }
}
