package io.entire.transport.application.service;

import io.entire.transport.domain.NodeUrl;
import io.entire.transport.domain.TransportException;

/** One node's failure during failover, worded as {@code <node>: <reason>} for the final error. */
final class NodeFailure extends TransportException {
  private static final long serialVersionUID = 1L;

  NodeFailure(NodeUrl node, Throwable cause) {
    super(node + ": " + describe(cause), cause);
  }

  static String describe(Throwable t) {
    String message = t.getMessage();
    if (message == null || message.isBlank()) {
      return t.getClass().getSimpleName();
    }
    if (t instanceof TransportException) {
      return message;
    }
    // JDK and HttpClient messages ("Connection refused", "Read timed out") read well on their own;
    // the type helps when they do not.
    return message + " (" + t.getClass().getSimpleName() + ")";
  }
}
