package io.entire.transport.domain;

/**
 * A credential provider could not produce credentials (rule F4). It aborts the operation at once,
 * without failover, and its message surfaces verbatim, so it must never contain a secret.
 *
 * <p>Retryable (L5) when the credential source could not be asked (a token endpoint that was
 * unreachable, timed out or answered 5xx/429, a credential helper that did not finish in time); not
 * retryable when the source refused or answered nonsense (a 4xx from the token endpoint, a
 * malformed token, a helper that failed or returned no password). The site that throws decides.
 *
 * @since 0.1
 */
public class CredentialException extends TransportException {
  private static final long serialVersionUID = 1L;
  private final boolean retryable;

  /** Creates a non-retryable exception with a user-facing message free of secrets. */
  public CredentialException(String message) {
    this(message, null, false);
  }

  /** Creates a non-retryable exception with a user-facing message free of secrets and its cause. */
  public CredentialException(String message, Throwable cause) {
    this(message, cause, false);
  }

  /**
   * Creates the exception.
   *
   * @param message a user-facing message free of secrets
   * @param cause the failure, may be null
   * @param retryable whether asking the credential source again later can succeed: true when it
   *     could not be reached or did not answer in time, false when it refused
   * @since 0.2
   */
  public CredentialException(String message, Throwable cause, boolean retryable) {
    super(message, cause);
    this.retryable = retryable;
  }

  /**
   * Whether asking the credential source again later can succeed (see the class comment).
   *
   * @since 0.2
   */
  @Override
  public boolean isRetryable() {
    return retryable;
  }
}
