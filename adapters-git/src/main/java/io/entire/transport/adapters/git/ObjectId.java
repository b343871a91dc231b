package io.entire.transport.adapters.git;

/**
 * Object ids as git prints them: lower-case hex, 40 digits (SHA-1) or 64 (SHA-256).
 *
 * <p>Stateless and thread-safe.
 */
final class ObjectId {
  private ObjectId() {}

  /** Returns whether {@code s} is a hex object id (SHA-1 or SHA-256). */
  static boolean isHex(String s) {
    if (s.length() != 40 && s.length() != 64) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
        return false;
      }
    }
    return true;
  }
}
