package io.entire.transport.adapters.http;

import java.io.IOException;

/**
 * A PEM file (CA bundle, client certificate or key, N2/N3) that cannot be used. The message starts
 * with the file's path and says what is wrong — missing, unreadable, no certificate, bad base64, an
 * encrypted key — and never holds the file's content.
 *
 * @since 0.2
 */
public final class PemException extends IOException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message the user-facing message, starting with the file
   */
  public PemException(String message) {
    super(message);
  }

  /**
   * Creates the exception with its cause.
   *
   * @param message the user-facing message, starting with the file
   * @param cause what failed underneath (its message holds no key material)
   */
  public PemException(String message, Throwable cause) {
    super(message, cause);
  }
}
