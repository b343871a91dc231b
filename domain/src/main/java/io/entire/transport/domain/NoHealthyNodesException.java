package io.entire.transport.domain;

/**
 * A failover was asked to run over an empty node list (rule F6).
 *
 * <p>A {@link ClusterUnavailableException} (L5), so retryable: discovery may find nodes again.
 *
 * @since 0.1
 */
public final class NoHealthyNodesException extends ClusterUnavailableException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception. */
  public NoHealthyNodesException() {
    super("no healthy nodes available");
  }
}
