package io.entire.transport.adapters.git;

import java.util.Objects;

/**
 * A git configuration value the helper cannot use, such as {@code http.sslVerify=maybe}. The
 * message names the key and is meant for the user ({@code fatal: <message>}, N5); it never holds a
 * value that may be a credential.
 *
 * @since 0.2
 */
public final class InvalidGitConfigException extends Exception {
  private static final long serialVersionUID = 1L;

  private final String key;

  /**
   * Creates the exception.
   *
   * @param key the key as documented, e.g. {@code http.sslVerify}
   * @param message the user-facing message, naming the key
   */
  public InvalidGitConfigException(String key, String message) {
    super(message);
    this.key = Objects.requireNonNull(key, "key");
  }

  /** Returns the key whose value is wrong, e.g. {@code http.sslVerify}. */
  public String key() {
    return key;
  }
}
