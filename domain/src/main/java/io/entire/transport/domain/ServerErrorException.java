package io.entire.transport.domain;

/**
 * A server answered with a 5xx status (rules E3, L5). Failover (F2) takes such an answer as the
 * failure of its node, so this type reaches the caller itself only where no failover applies (the
 * server a redirect without replicas led to, C5); otherwise it is a node's failure inside a {@link
 * ClusterUnavailableException} (its cause or one of its suppressed exceptions).
 *
 * <p>Retryable: server errors pass.
 *
 * @since 0.2
 */
public final class ServerErrorException extends HttpStatusException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param status the HTTP status, 500 to 599
   * @param message the user-facing message
   * @throws IllegalArgumentException when {@code status} is not a 5xx status
   */
  public ServerErrorException(int status, String message) {
    super(requireServerError(status), message);
  }

  private static int requireServerError(int status) {
    if (status < 500 || status > 599) {
      throw new IllegalArgumentException("a server error has a 5xx status, got " + status);
    }
    return status;
  }

  /** Retryable: a server error may pass. */
  @Override
  public boolean isRetryable() {
    return true;
  }
}
