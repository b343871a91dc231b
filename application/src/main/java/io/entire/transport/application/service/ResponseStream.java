package io.entire.transport.application.service;

import io.entire.transport.application.port.out.HttpResponse;
import io.entire.transport.domain.ResponseTruncatedException;
import io.entire.transport.domain.TransportException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.util.Objects;

/**
 * A response body handed to the caller; its {@code close()} also releases the response.
 *
 * <p>The one place where a read failure becomes the caller's type (L5): a failure the HTTP adapter
 * already typed (a cancellation) passes as it is, and every other failure of a read — the
 * connection closed early, broken chunked or gzip framing, the read timeout or the low-speed limit
 * in the middle of the body, whatever exception the HTTP client uses for them — is a {@link
 * ResponseTruncatedException} with the original failure as its cause (S3). So a caller never sees
 * an HTTP client's type and never mistakes a cut body for a clean end.
 *
 * <p>Not thread-safe, except that {@link #close()} may be called while another thread reads.
 */
final class ResponseStream extends FilterInputStream {
  private final HttpResponse response;

  ResponseStream(HttpResponse response) throws IOException {
    super(response.body());
    this.response = response;
  }

  @Override
  public int read() throws IOException {
    try {
      return super.read();
    } catch (IOException | RuntimeException e) {
      throw cutShort(e);
    }
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    Objects.checkFromIndexSize(off, len, b.length); // the caller's mistake stays unchecked
    try {
      return super.read(b, off, len);
    } catch (IOException | RuntimeException e) {
      throw cutShort(e);
    }
  }

  @Override
  public long skip(long n) throws IOException {
    try {
      return super.skip(n);
    } catch (IOException | RuntimeException e) {
      throw cutShort(e);
    }
  }

  @Override
  public int available() throws IOException {
    try {
      return super.available();
    } catch (IOException | RuntimeException e) {
      throw cutShort(e);
    }
  }

  @Override
  public void close() throws IOException {
    try {
      try {
        super.close();
      } finally {
        response.close();
      }
    } catch (TransportException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      // Closing gives up on the rest of the body; a failure to release it is the connection's.
      throw new TransportException("closing the response failed: " + NodeFailure.describe(e), e);
    }
  }

  private static TransportException cutShort(Exception e) {
    if (e instanceof TransportException typed) {
      return typed;
    }
    return new ResponseTruncatedException("response body cut short: " + NodeFailure.describe(e), e);
  }
}
