package io.entire.transport.domain;

/**
 * A data-plane answer with an unsuccessful HTTP status, turned into a user-facing message by {@link
 * HttpErrors#message} (rules E1–E3).
 *
 * @since 0.1
 */
public class HttpStatusException extends TransportException {
  private static final long serialVersionUID = 1L;
  private final int status;

  /** Creates an exception for an HTTP status with a user-facing message. */
  public HttpStatusException(int status, String message) {
    super(message);
    this.status = status;
  }

  /** Returns the HTTP status code. */
  public int status() {
    return status;
  }
}
