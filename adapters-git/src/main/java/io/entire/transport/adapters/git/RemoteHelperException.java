package io.entire.transport.adapters.git;

/**
 * The helper cannot go on: a transport error (its message is the {@link
 * io.entire.transport.domain.TransportException}'s, verbatim), a protocol violation by git, the
 * server or a git subprocess, or a broken stream. The message is meant for the user; the main
 * program prints it as {@code fatal: <message>} and exits with 128 (G8, G9).
 */
public final class RemoteHelperException extends Exception {
  private static final long serialVersionUID = 1L;

  /** Creates the exception with a user-facing message. */
  public RemoteHelperException(String message) {
    super(message);
  }

  /** Creates the exception with a user-facing message and its cause. */
  public RemoteHelperException(String message, Throwable cause) {
    super(message, cause);
  }
}
