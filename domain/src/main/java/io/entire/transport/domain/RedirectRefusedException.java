package io.entire.transport.domain;

/**
 * A redirect was not followed: too many hops, a downgrade, a bad target (rules X1, X5, C4).
 *
 * <p>Not retryable (L5): the server will redirect the same way again.
 *
 * @since 0.1
 */
public final class RedirectRefusedException extends TransportException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception with a user-facing reason. */
  public RedirectRefusedException(String message) {
    super(message);
  }

  /**
   * Creates the exception with a user-facing reason and the refusal it rewords.
   *
   * @param message the user-facing reason
   * @param cause the refusal as first reported, may be null
   * @since 0.2
   */
  public RedirectRefusedException(String message, Throwable cause) {
    super(message, cause);
  }

  /**
   * Not retryable: the redirect will be refused again.
   *
   * @since 0.2
   */
  @Override
  public boolean isRetryable() {
    return false;
  }
}
