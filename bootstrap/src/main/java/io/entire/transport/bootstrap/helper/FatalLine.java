package io.entire.transport.bootstrap.helper;

/**
 * The line a fatal error prints (G9): {@code fatal: <message>} on exactly one line, whatever the
 * message holds. Messages can quote a server's error text (H1), which may span lines; git shows the
 * helper's stderr as it is, so line breaks, other control characters and runs of whitespace are
 * folded to single spaces.
 */
final class FatalLine {
  private static final String PREFIX = "fatal: ";

  private FatalLine() {}

  /**
   * Formats a fatal error.
   *
   * @param message the user-facing message; may be null or blank
   * @return {@code fatal: <message>} without a line terminator
   */
  static String of(String message) {
    String text = message == null ? "" : message;
    StringBuilder line = new StringBuilder(PREFIX.length() + text.length()).append(PREFIX);
    boolean gap = false;
    for (int i = 0; i < text.length(); ) {
      int c = text.codePointAt(i);
      i += Character.charCount(c);
      // isWhitespace covers CR, LF, tab and the Unicode line/paragraph separators; isISOControl
      // the rest of C0, DEL and C1 (e.g. NEL, which some terminals treat as a line break).
      if (Character.isWhitespace(c) || Character.isISOControl(c)) {
        gap = true;
        continue;
      }
      if (gap && line.length() > PREFIX.length()) {
        line.append(' ');
      }
      gap = false;
      line.appendCodePoint(c);
    }
    return line.length() == PREFIX.length() ? PREFIX + "unknown error" : line.toString();
  }
}
