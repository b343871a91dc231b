package io.entire.transport.domain;

/**
 * A data-plane answer with an unsuccessful HTTP status, turned into a user-facing message by {@link
 * HttpErrors#message} (rules E1–E3). Its subtypes name the statuses a caller acts on: {@link
 * AuthenticationFailedException} (401), {@link RepositoryNotFoundException} (404) and {@link
 * ServerErrorException} (5xx).
 *
 * <p>Retryable (L5) only for the statuses that say "later": 408 (request timeout), 429 (too many
 * requests) and 5xx; any other status (403, 400, …) will be answered again the same way.
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

  /**
   * Retryable for 408, 429 and 5xx (see the class comment).
   *
   * @since 0.2
   */
  @Override
  public boolean isRetryable() {
    return status == 408 || status == 429 || status >= 500;
  }
}
