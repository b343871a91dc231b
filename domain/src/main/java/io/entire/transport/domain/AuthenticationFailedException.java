package io.entire.transport.domain;

/**
 * The data plane rejected the credentials (HTTP 401, rule E1). Not retryable (L5).
 *
 * @since 0.1
 */
public final class AuthenticationFailedException extends HttpStatusException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception with a user-facing message. */
  public AuthenticationFailedException(String message) {
    super(401, message);
  }

  /**
   * Not retryable: the same credentials will be refused again; new ones need a new call.
   *
   * @since 0.2
   */
  @Override
  public boolean isRetryable() {
    return false;
  }
}
