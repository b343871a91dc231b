package io.entire.transport.adapters.auth;

/**
 * Makes text the token endpoint sent safe to show in a message (A5): the login token is redacted
 * should the server echo it, only the characters RFC 6749 allows in OAuth error fields are kept
 * (anything else becomes {@code ?}), and the length is capped at 200 characters.
 *
 * <p>Immutable, so thread-safe; {@link #toString()} never shows the login token.
 */
final class ServerErrorText {
  private static final int MAX_LENGTH = 200;

  private final String loginToken;

  /**
   * @param loginToken the secret to redact wherever the server echoes it
   */
  ServerErrorText(String loginToken) {
    this.loginToken = loginToken;
  }

  /** Returns {@code text} redacted, restricted to printable ASCII without quotes, and capped. */
  String clean(String text) {
    String redacted = text.replace(loginToken, "<redacted>");
    StringBuilder out = new StringBuilder(Math.min(redacted.length(), MAX_LENGTH + 3));
    for (int i = 0; i < redacted.length() && out.length() < MAX_LENGTH; i++) {
      char c = redacted.charAt(i);
      out.append(c >= 0x20 && c <= 0x7e && c != '"' && c != '\\' ? c : '?');
    }
    if (redacted.length() > MAX_LENGTH) {
      out.append("...");
    }
    return out.toString();
  }

  @Override
  public String toString() {
    return "ServerErrorText[loginToken=<redacted>]";
  }
}
