package io.entire.transport.domain;

/**
 * A request would have shown its credentials in clear text to a third party, and was refused before
 * anything was sent (rule N1): a plain-http target reached through an HTTP proxy sends its {@code
 * Authorization} header to the proxy as well, which is allowed only under allow-http.
 *
 * <p>Not retryable (L5), and never a reason to fail over (F2): the same configuration refuses every
 * node alike.
 *
 * @since 0.2
 */
public final class CleartextCredentialsException extends TransportException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what would have been exposed to whom, and how to allow it; no credentials
   */
  public CleartextCredentialsException(String message) {
    super(message);
  }

  /** Not retryable: the configuration refuses it again. */
  @Override
  public boolean isRetryable() {
    return false;
  }
}
