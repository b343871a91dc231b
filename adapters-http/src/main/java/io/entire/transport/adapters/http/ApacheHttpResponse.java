package io.entire.transport.adapters.http;

import io.entire.transport.application.port.in.Cancellation;
import io.entire.transport.application.port.out.HttpResponse;
import io.entire.transport.domain.Headers;
import io.entire.transport.domain.TransportCancelledException;
import io.entire.transport.domain.TransportException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.HttpEntity;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One streaming response of {@link ApacheHttpExchange}.
 *
 * <p>The body reads straight from the socket. A body cut short throws when read (S3), because
 * HttpClient checks both {@code Content-Length} and chunked framing. Closing the response (or its
 * body) before the body was read to the end aborts the connection instead of draining it, so giving
 * up on a large pack costs nothing; a body read to the end returns the connection to the pool.
 *
 * <p>The cancellation registration made for the request lives until the response is closed, so a
 * cancel while the caller is still reading aborts the read too and makes it throw {@link
 * TransportCancelledException}.
 *
 * <p>A body that arrives slower than the settings' low-speed limit fails its read with an {@link
 * IOException} naming that limit ({@link LowSpeedGuard}); later reads fail the same way, and
 * closing the response then aborts the connection.
 *
 * <p>A {@code gzip} or {@code x-gzip} Content-Encoding is decoded and removed from {@link
 * #headers()} together with {@code Content-Length}; every other coding is passed through as sent.
 *
 * <p>Closing the response from another thread while a thread is blocked reading its body aborts the
 * connection (as a cancellation does), so the blocked read throws a {@link TransportException}
 * ("response closed …", not a cancellation) at once, and later reads throw too; the application
 * relies on this to bound the time it spends on a body (e.g. an error text). A body read to its end
 * before the close keeps reporting its end.
 *
 * <p>Not thread-safe, except that {@link #close()} may be called from another thread while a read
 * is blocked, and may race with a cancellation.
 */
final class ApacheHttpResponse implements HttpResponse {
  private static final Logger log = LoggerFactory.getLogger(ApacheHttpResponse.class);

  private final HttpUriRequestBase request;
  private final ClassicHttpResponse response;
  private final Cancellation.Registration cancelRegistration;
  private final Cancellation cancellation;
  private final LowSpeedGuard lowSpeedGuard;
  private final Headers headers;
  private final boolean gzipDecoded;
  private WireBody wireBody;
  private InputStream body;
  // Set under the lock; read without it by a reading thread while another thread closes.
  private volatile boolean closed;

  ApacheHttpResponse(
      HttpUriRequestBase request,
      ClassicHttpResponse response,
      Cancellation.Registration cancelRegistration,
      Cancellation cancellation,
      LowSpeedGuard lowSpeedGuard) {
    this.request = request;
    this.response = response;
    this.cancelRegistration = cancelRegistration;
    this.cancellation = cancellation;
    this.lowSpeedGuard = lowSpeedGuard;
    Headers received = WireHeaders.of(response);
    HttpEntity entity = response.getEntity();
    this.gzipDecoded = entity != null && entity.getContentLength() != 0 && isGzip(received);
    this.headers =
        gzipDecoded ? received.without("Content-Encoding").without("Content-Length") : received;
  }

  @Override
  public int status() {
    return response.getCode();
  }

  @Override
  public Headers headers() {
    return headers;
  }

  @Override
  public synchronized InputStream body() throws IOException {
    if (body != null) {
      return body;
    }
    if (closed) {
      throw new TransportException("response already closed");
    }
    HttpEntity entity = response.getEntity();
    if (entity == null) {
      wireBody = new WireBody(InputStream.nullInputStream(), 0);
      wireBody.endReached = true;
      body = wireBody;
      return body;
    }
    wireBody = new WireBody(entity.getContent(), entity.getContentLength());
    body = gzipDecoded ? new GzipBody(wireBody) : wireBody;
    return body;
  }

  @Override
  public void close() throws IOException {
    boolean complete;
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      complete = isBodyComplete();
    }
    try {
      if (!complete) {
        // Closing HttpClient's stream would read the rest of the body to keep the connection:
        // for a large pack (or a stalled server) abort the connection instead.
        request.cancel();
        closeQuietly();
      } else {
        response.close(); // returns the connection to the pool
      }
    } finally {
      cancelRegistration.close();
    }
  }

  private boolean isBodyComplete() {
    HttpEntity entity = response.getEntity();
    if (entity == null || entity.getContentLength() == 0) {
      return true;
    }
    return wireBody != null && wireBody.isComplete();
  }

  private void closeQuietly() {
    try {
      response.close();
    } catch (IOException | RuntimeException e) {
      // The connection was aborted on purpose; whatever closing it reports is expected.
      log.debug("closing an aborted response: {}", e.toString());
    }
  }

  private static boolean isGzip(Headers headers) {
    String coding = headers.first("Content-Encoding").orElse("").trim().toLowerCase(Locale.ROOT);
    return coding.equals("gzip") || coding.equals("x-gzip");
  }

  /**
   * The failure a read reports: a cancellation as {@link TransportCancelledException}, a failure
   * caused by closing the response (possibly from another thread) as a plain {@link
   * TransportException} saying "response closed" (L5: public, not retryable, and no cancellation:
   * whoever closed the response gave up on its body). Any other failure is the connection's, passed
   * as HttpClient reports it; the transport turns it into its own type where it hands the body to
   * its caller.
   */
  private IOException cancelledOr(IOException e) {
    if (e instanceof TransportException) {
      return e; // typed already: a cancellation, or a read of a closed response
    }
    if (cancellation.isCancelled()) {
      return new TransportCancelledException(e);
    }
    if (closed) {
      return closedWhileReading(e);
    }
    return e;
  }

  /** HttpClient may report an aborted connection as an IllegalStateException. */
  private RuntimeException cancelledOr(RuntimeException e) throws IOException {
    if (cancellation.isCancelled()) {
      throw new TransportCancelledException(e);
    }
    if (closed) {
      throw closedWhileReading(e);
    }
    return e;
  }

  private static TransportException closedWhileReading(Exception e) {
    return new TransportException("response closed while its body was being read", e);
  }

  /**
   * The body as it comes off the wire: notices its end, applies the low-speed rule, and turns
   * failures after a cancellation into {@link TransportCancelledException}.
   */
  private final class WireBody extends FilterInputStream {
    private final long contentLength;
    // Written by the reading thread, read by close(), which may run on a cancelling thread.
    private volatile long count;
    private volatile boolean endReached;
    private IOException tooSlow;

    WireBody(InputStream in, long contentLength) {
      super(in);
      this.contentLength = contentLength;
    }

    boolean isComplete() {
      return endReached || (contentLength >= 0 && count >= contentLength);
    }

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      int n = read(one, 0, 1);
      return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (cancellation.isCancelled()) {
        throw new TransportCancelledException();
      }
      if (endReached) {
        return -1;
      }
      if (closed) {
        throw new TransportException("response closed before its body was read to the end");
      }
      if (tooSlow != null) {
        throw new IOException(tooSlow.getMessage(), tooSlow);
      }
      try {
        long mark = lowSpeedGuard.readStarting();
        int n = in.read(b, off, len);
        if (n < 0) {
          endReached = true;
        } else {
          count += n;
        }
        try {
          lowSpeedGuard.readFinished(mark, n);
        } catch (IOException e) {
          tooSlow = e;
          throw e;
        }
        return n;
      } catch (IOException e) {
        throw cancelledOr(e);
      } catch (RuntimeException e) {
        throw cancelledOr(e);
      }
    }

    @Override
    public long skip(long n) throws IOException {
      byte[] buffer = new byte[(int) Math.min(8192, Math.max(n, 1))];
      long skipped = 0;
      while (skipped < n) {
        int r = read(buffer, 0, (int) Math.min(buffer.length, n - skipped));
        if (r < 0) {
          break;
        }
        skipped += r;
      }
      return skipped;
    }

    @Override
    public int available() throws IOException {
      try {
        return endReached ? 0 : in.available();
      } catch (IOException e) {
        throw cancelledOr(e);
      }
    }

    @Override
    public boolean markSupported() {
      return false;
    }

    @Override
    public void close() throws IOException {
      ApacheHttpResponse.this.close();
    }
  }

  /** A gzip-decoded body whose failures after a cancellation are reported as cancellation. */
  private final class GzipBody extends FilterInputStream {
    private GZIPInputStream decoder;

    GzipBody(WireBody wire) {
      super(wire);
    }

    private InputStream decoder() throws IOException {
      // Created lazily: GZIPInputStream reads the gzip header in its constructor.
      if (decoder == null) {
        try {
          decoder = new GZIPInputStream(in, 64 * 1024);
        } catch (IOException e) {
          throw cancelledOr(e);
        }
      }
      return decoder;
    }

    @Override
    public int read() throws IOException {
      try {
        return decoder().read();
      } catch (IOException e) {
        throw cancelledOr(e);
      }
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      try {
        return decoder().read(b, off, len);
      } catch (IOException e) {
        throw cancelledOr(e);
      }
    }

    @Override
    public long skip(long n) throws IOException {
      try {
        return decoder().skip(n);
      } catch (IOException e) {
        throw cancelledOr(e);
      }
    }

    @Override
    public int available() throws IOException {
      return decoder == null ? 0 : decoder.available();
    }

    @Override
    public boolean markSupported() {
      return false;
    }

    @Override
    public void close() throws IOException {
      try {
        if (decoder != null) {
          decoder.close(); // frees the native inflater; closes the wire body and the response
        }
      } finally {
        ApacheHttpResponse.this.close();
      }
    }
  }
}
