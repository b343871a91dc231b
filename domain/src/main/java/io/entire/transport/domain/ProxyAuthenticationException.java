package io.entire.transport.domain;

/**
 * The HTTP proxy a request went through answered {@code 407 Proxy Authentication Required} (rule
 * N1): it wants credentials the proxy URL does not carry, or refused the ones it does. The message
 * names the proxy by host and port only, never its user or password.
 *
 * <p>Not retryable (L5), and never a reason to fail over (F2): every replica is reached through the
 * same proxy, which would refuse each of them alike. The proxy settings must change.
 *
 * @since 0.2
 */
public final class ProxyAuthenticationException extends TransportException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message names the proxy ({@code host:port}) and what to change; no credentials
   */
  public ProxyAuthenticationException(String message) {
    super(message);
  }

  /** Not retryable: the proxy will refuse again until its credentials change. */
  @Override
  public boolean isRetryable() {
    return false;
  }
}
