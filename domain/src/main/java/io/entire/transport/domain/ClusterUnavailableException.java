package io.entire.transport.domain;

/**
 * The cluster could not be reached: every replica tried and the entry domain failed (rule L5),
 * whatever path led there — the cached replicas only (warm path), the entry domain only (cold
 * path), both in turn, the replicas the entry domain redirected to, or no node at all. Failing
 * means not answering, or answering with a server error (5xx); an answer below 500 (401, 404, …) is
 * never reported as this type.
 *
 * <p>The message tells what happened on every node; the failures of earlier nodes are attached as
 * {@linkplain #getSuppressed() suppressed} exceptions and the cause is the last failure.
 *
 * <p>Retryable: replicas come back, so the same call later may succeed.
 *
 * @since 0.2
 */
public class ClusterUnavailableException extends TransportException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what failed where, for the user
   */
  public ClusterUnavailableException(String message) {
    super(message);
  }

  /**
   * Creates the exception.
   *
   * @param message what failed where, for the user
   * @param cause the last failure, may be null
   */
  public ClusterUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }

  /** Retryable: the cluster may be reachable again later. */
  @Override
  public boolean isRetryable() {
    return true;
  }
}
