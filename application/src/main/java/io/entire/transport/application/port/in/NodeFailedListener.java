package io.entire.transport.application.port.in;

import io.entire.transport.domain.NodeUrl;

/**
 * Told when a node fails an attempt (connection failure or 5xx) and is dropped from the list (F2).
 * Called on the thread running the request; must be quick and must not throw. Implementations must
 * be thread-safe when one listener is shared by transports used from several threads.
 *
 * @since 0.1
 */
@FunctionalInterface
public interface NodeFailedListener {

  /** A listener that does nothing. */
  NodeFailedListener NONE = (node, cause) -> {};

  /**
   * A node failed.
   *
   * @param node the node that failed
   * @param cause why (a connection error or an {@code HttpStatusException} for 5xx)
   */
  void nodeFailed(NodeUrl node, Exception cause);
}
