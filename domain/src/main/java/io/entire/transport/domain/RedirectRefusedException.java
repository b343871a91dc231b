package io.entire.transport.domain;

/**
 * A redirect was not followed: too many hops, a downgrade, a bad target (rules X1, X5, C4).
 *
 * @since 0.1
 */
public final class RedirectRefusedException extends TransportException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception with a user-facing reason. */
  public RedirectRefusedException(String message) {
    super(message);
  }
}
