package io.entire.transport.domain;

/**
 * The call was cancelled (by its cancellation handle, by an interrupt, by closing what it read
 * from, or by SIGINT/SIGTERM in the helper).
 *
 * <p>Not retryable (L5): whoever cancelled wanted the call to stop. Its subtype {@link
 * DeadlineExceededException} is the exception: a deadline that passed.
 *
 * <p>Non-final since 0.2, for {@link DeadlineExceededException}.
 *
 * @since 0.1
 */
public class TransportCancelledException extends TransportException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception. */
  public TransportCancelledException() {
    super("operation cancelled");
  }

  /** Creates the exception with the failure that the cancellation caused. */
  public TransportCancelledException(Throwable cause) {
    super("operation cancelled", cause);
  }

  /**
   * Creates the exception with a message that says what ended the call.
   *
   * @param message what ended the call, for the user
   * @param cause the failure that the cancellation caused, may be null
   * @since 0.2
   */
  public TransportCancelledException(String message, Throwable cause) {
    super(message, cause);
  }

  /**
   * Not retryable: the call was stopped on purpose.
   *
   * @since 0.2
   */
  @Override
  public boolean isRetryable() {
    return false;
  }
}
