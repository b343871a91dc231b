package io.entire.transport.domain;

/**
 * The repository does not exist or is not visible (HTTP 404, rule E2). Not retryable (L5).
 *
 * @since 0.1
 */
public final class RepositoryNotFoundException extends HttpStatusException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception with a user-facing message. */
  public RepositoryNotFoundException(String message) {
    super(404, message);
  }

  /**
   * Not retryable: the repository will not appear by itself.
   *
   * @since 0.2
   */
  @Override
  public boolean isRetryable() {
    return false;
  }
}
