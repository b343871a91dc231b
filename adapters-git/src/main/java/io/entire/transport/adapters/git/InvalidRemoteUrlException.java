package io.entire.transport.adapters.git;

/**
 * The URL git passed to the helper is refused (G1). The message says what is wrong and never
 * repeats user info or control characters from the URL.
 */
public final class InvalidRemoteUrlException extends Exception {
  private static final long serialVersionUID = 1L;

  /** Creates the exception with a user-facing message. */
  public InvalidRemoteUrlException(String message) {
    super(message);
  }
}
