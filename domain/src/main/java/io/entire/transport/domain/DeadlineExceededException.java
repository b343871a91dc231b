package io.entire.transport.domain;

/**
 * The call ran out of its deadline and was cancelled (rules L5, L6).
 *
 * <p>Retryable, unlike the other cancellations: a later call with a new deadline may succeed.
 *
 * @since 0.2
 */
public final class DeadlineExceededException extends TransportCancelledException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message which deadline passed, for the user
   */
  public DeadlineExceededException(String message) {
    super(message, null);
  }

  /**
   * Creates the exception.
   *
   * @param message which deadline passed, for the user
   * @param cause the failure the cancellation caused, may be null
   */
  public DeadlineExceededException(String message, Throwable cause) {
    super(message, cause);
  }

  /** Retryable: a later call with a new deadline may finish in time. */
  @Override
  public boolean isRetryable() {
    return true;
  }
}
