package io.entire.transport.domain;

/**
 * No connection of the client's pool became free in time (L3, L5): every pooled connection is in
 * use, usually by response streams that were never closed, or by more concurrent calls than the
 * pool has connections. It says nothing about the nodes, so it never fails over and never counts
 * against a node (F2).
 *
 * <p>Retryable: a later call may find a free connection; if it keeps happening, close every stream
 * a call returns, or give the client a larger pool.
 *
 * @since 0.2
 */
public final class ConnectionPoolExhaustedException extends TransportException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message how long the call waited and how large the pool is, for the user
   * @param cause the pool's own failure, may be null
   */
  public ConnectionPoolExhaustedException(String message, Throwable cause) {
    super(message, cause);
  }

  /** Retryable: a connection may be free later. */
  @Override
  public boolean isRetryable() {
    return true;
  }
}
