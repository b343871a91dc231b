package io.entire.transport.domain;

/**
 * Whether text holds an ASCII control character (below U+0020, or DEL): what no URL and no header
 * value we send may carry.
 *
 * <p>Stateless and thread-safe.
 */
final class ControlCharacters {
  private ControlCharacters() {}

  /** A loop rather than a stream: URLs and the user agent are checked on every command's path. */
  static boolean in(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 0x20 || c == 0x7f) {
        return true;
      }
    }
    return false;
  }
}
