package io.entire.transport.domain;

/**
 * A credential provider could not produce credentials (rule F4). It aborts the operation at once,
 * without failover, and its message surfaces verbatim, so it must never contain a secret.
 *
 * @since 0.1
 */
public class CredentialException extends TransportException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception with a user-facing message free of secrets. */
  public CredentialException(String message) {
    super(message);
  }

  /** Creates the exception with a user-facing message free of secrets and its cause. */
  public CredentialException(String message, Throwable cause) {
    super(message, cause);
  }
}
