package io.entire.transport.adapters.auth;

/** Checks that a token can travel in an {@code Authorization: Bearer} header. */
final class BearerToken {
  private BearerToken() {}

  /**
   * Throws when {@code token} is blank or contains whitespace or control characters, which would
   * break or inject into the header. The message names {@code what}, never the token.
   */
  static void requireWellFormed(String token, String what) {
    if (!isWellFormed(token)) {
      throw new IllegalArgumentException(
          what + " must not be blank and must not contain whitespace or control characters");
    }
  }

  /** Returns whether the token is non-empty printable ASCII/Unicode without whitespace. */
  static boolean isWellFormed(String token) {
    if (token == null || token.isEmpty()) {
      return false;
    }
    for (int i = 0; i < token.length(); i++) {
      char c = token.charAt(i);
      if (c <= 0x20 || c == 0x7f || Character.isWhitespace(c) || Character.isISOControl(c)) {
        return false;
      }
    }
    return true;
  }
}
