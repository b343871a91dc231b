package io.entire.transport.adapters.http;

import io.entire.transport.application.port.in.RequestBody;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.zip.GZIPOutputStream;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.AbstractHttpEntity;

/**
 * A {@link RequestBody} as an HttpClient entity, streamed from a freshly opened body each time it
 * is written: never held whole in memory (G12).
 *
 * <p>Plain bodies go out with {@code Content-Length}. Gzip bodies (S4) are compressed on the fly
 * and sent chunked with {@code Content-Encoding: gzip}, since their compressed length is unknown
 * until the end.
 *
 * <p>Not thread-safe; one instance per request. It never closes the {@link RequestBody}: its
 * creator does.
 */
final class RequestBodyEntity extends AbstractHttpEntity {
  private static final int BUFFER_SIZE = 64 * 1024;

  private final RequestBody body;
  private final boolean gzip;

  RequestBodyEntity(RequestBody body, boolean gzip) {
    super((ContentType) null, gzip ? "gzip" : null, gzip);
    this.body = body;
    this.gzip = gzip;
  }

  @Override
  public long getContentLength() {
    return gzip ? -1 : body.length();
  }

  @Override
  public boolean isRepeatable() {
    return true;
  }

  @Override
  public boolean isStreaming() {
    return false;
  }

  /** The body as sent on the wire; only meaningful for plain bodies. */
  @Override
  public InputStream getContent() throws IOException {
    if (gzip) {
      throw new UnsupportedOperationException("a gzip request body is only ever written");
    }
    return body.open();
  }

  @Override
  public void writeTo(OutputStream out) throws IOException {
    try (InputStream in = body.open()) {
      if (gzip) {
        // Closing the gzip stream frees its native deflater; the wire stream stays open because
        // HttpClient finishes the chunked framing itself.
        try (GZIPOutputStream compressed =
            new GZIPOutputStream(new KeepOpen(out), BUFFER_SIZE, false)) {
          copy(in, compressed);
        }
      } else {
        long written = copy(in, out);
        if (written != body.length()) {
          // Content-Length is already on the wire: a body that changed underneath would corrupt
          // the framing of this connection.
          throw new IOException(
              "request body changed while sending: declared "
                  + body.length()
                  + " bytes, read "
                  + written);
        }
      }
    }
  }

  @Override
  public void close() {
    // The RequestBody belongs to the caller, who replays it on other nodes (F8).
  }

  private long copy(InputStream in, OutputStream out) throws IOException {
    byte[] buffer = new byte[BUFFER_SIZE];
    long total = 0;
    long limit = gzip ? Long.MAX_VALUE : body.length();
    int n;
    while ((n = in.read(buffer)) >= 0) {
      total += n;
      if (total > limit) {
        break; // reported by the caller; never write past the declared length
      }
      out.write(buffer, 0, n);
    }
    return total;
  }

  /** Passes writes through but does not close the wrapped stream. */
  private static final class KeepOpen extends FilterOutputStream {
    KeepOpen(OutputStream out) {
      super(out);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
    }

    @Override
    public void close() throws IOException {
      flush();
    }
  }
}
