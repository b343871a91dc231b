package io.entire.transport.domain;

import java.io.IOException;

/**
 * Base of every error the transport reports. Its message is meant for the user (git prints it after
 * {@code fatal: }) and never contains credentials.
 *
 * <p>Failures of earlier nodes are attached as {@linkplain #getSuppressed() suppressed} exceptions,
 * so the final error still tells what happened on every node.
 *
 * @since 0.1
 */
public class TransportException extends IOException {
  private static final long serialVersionUID = 1L;

  /** Creates an exception with a user-facing message. */
  public TransportException(String message) {
    super(message);
  }

  /** Creates an exception with a user-facing message and its cause. */
  public TransportException(String message, Throwable cause) {
    super(message, cause);
  }
}
