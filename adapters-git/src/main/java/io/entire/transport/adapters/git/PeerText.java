package io.entire.transport.adapters.git;

/**
 * Text that came from a server or from git, made safe to put in an error message: whatever it
 * holds, the result never carries a line break or a NUL (a message is one {@code fatal:} line, and
 * git reads the helper's stdout line by line).
 *
 * <p>Stateless and thread-safe.
 */
final class PeerText {
  private PeerText() {}

  /** Shortens text to 200 characters and replaces control characters with {@code ?}. */
  static String printable(String s) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < s.length() && sb.length() < 200; i++) {
      char c = s.charAt(i);
      sb.append(c < 0x20 || c == 0x7f ? '?' : c);
    }
    return s.length() > 200 ? sb + "…" : sb.toString();
  }

  /**
   * Quotes server text for an error message: in double quotes, with C-style escapes for control
   * characters, quotes and backslashes, cut after 100 characters. The result never carries a line
   * break or a NUL, whatever the server sent.
   */
  static String quoted(String text) {
    StringBuilder sb = new StringBuilder("\"");
    int shown = Math.min(text.length(), 100);
    for (int i = 0; i < shown; i++) {
      char c = text.charAt(i);
      switch (c) {
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        default -> {
          if (c < 0x20 || c == 0x7f) {
            sb.append(String.format("\\%03o", (int) c));
          } else if ((c >= 0x80 && c < 0xa0) || c == 0x2028 || c == 0x2029) {
            // Unicode line breaks a terminal might honour.
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    return sb.append(text.length() > shown ? "…\"" : "\"").toString();
  }
}
