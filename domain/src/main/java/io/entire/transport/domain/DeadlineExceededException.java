package io.entire.transport.domain;

/**
 * The call ran past its deadline and was cancelled (L6). Retryable: the same call with a new
 * deadline may succeed.
 *
 * @since 0.2
 */
public final class DeadlineExceededException extends TransportCancelledException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what deadline passed
   */
  public DeadlineExceededException(String message) {
    super(message, null);
  }

  /**
   * Creates the exception with the failure the cancellation caused.
   *
   * @param message what deadline passed
   * @param cause the failure of the aborted exchange, or null
   */
  public DeadlineExceededException(String message, Throwable cause) {
    super(message, cause);
  }
}
