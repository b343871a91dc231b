package io.entire.transport.domain;

/**
 * A response body could not be read to its proper end (rules S3, L5): the connection closed before
 * {@code Content-Length} bytes arrived, the chunked framing or the gzip coding broke off, the body
 * stalled for the read timeout, or it arrived slower than the low-speed limit. Thrown by a read of
 * a stream a call returned; the body is never shown as ending cleanly instead.
 *
 * <p>Retryable: the whole call made again may get the whole body.
 *
 * @since 0.2
 */
public final class ResponseTruncatedException extends TransportException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what cut the body short, for the user
   * @param cause the failure of the read, may be null
   */
  public ResponseTruncatedException(String message, Throwable cause) {
    super(message, cause);
  }

  /** Retryable: the body may arrive whole on another try. */
  @Override
  public boolean isRetryable() {
    return true;
  }
}
