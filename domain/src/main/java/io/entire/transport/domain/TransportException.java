package io.entire.transport.domain;

import java.io.IOException;

/**
 * Base of every error the transport reports. Its message is meant for the user (git prints it after
 * {@code fatal: }) and never contains credentials.
 *
 * <p>Failures of earlier nodes are attached as {@linkplain #getSuppressed() suppressed} exceptions,
 * so the final error still tells what happened on every node.
 *
 * <p>Every exception a caller receives from a {@code GitTransport} call, or from reading a stream
 * it returned, is this type or one of its subtypes (rule L5); {@link #isRetryable()} says whether
 * the same call made again later can succeed, so a caller never needs to walk the cause chain. This
 * base type itself stands for failures that another try will not cure (a configuration without
 * nodes or entry URL, a protocol violation).
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

  /**
   * Whether the same call, made again later (with the same configuration and credentials), can
   * succeed: true for conditions of the cluster or the network that pass (every replica down, a
   * response cut short, a server error, a deadline), false for answers that will not change by
   * themselves (authentication refused, repository missing, a refused redirect, a cancellation).
   *
   * <p>The base type is not retryable; subtypes document their answer.
   *
   * @return whether trying the same call again later can help
   * @since 0.2
   */
  public boolean isRetryable() {
    return false;
  }
}
