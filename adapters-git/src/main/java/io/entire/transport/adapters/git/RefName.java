package io.entire.transport.adapters.git;

/**
 * git's rules for ref names ({@code git check-ref-format --allow-onelevel}, hardening_1), applied
 * to every ref name and symref target a server advertises before the helper relays it to git. The
 * helper answers {@code list} in a line-based protocol: a name carrying a line feed would end the
 * list early and let the server write helper lines of its own (e.g. a {@code lock <path>} line,
 * whose file git deletes at exit). Checking the full rule set, not only control characters, also
 * keeps names out that git itself would refuse later.
 *
 * <p>Implemented in Java rather than by running {@code git check-ref-format}: one check per
 * advertised ref must not cost a process. Stateless.
 */
final class RefName {
  private static final String PEELED_SUFFIX = "^{}";
  private static final String FORBIDDEN = " ~^:?*[\\";

  private RefName() {}

  /**
   * Returns whether {@code name} is a valid ref name, one-level names such as {@code HEAD}
   * included, as {@code git check-ref-format --allow-onelevel} decides: no ASCII control character
   * or DEL, none of {@code space ~ ^ : ? * [ \}, no {@code ..}, no {@code @{}, no empty component
   * (so no leading or trailing {@code /} and no {@code //}), no component starting with {@code .}
   * or ending with {@code .lock}, no trailing {@code .}, and not {@code @} alone.
   */
  static boolean isValid(String name) {
    if (name.isEmpty() || name.equals("@") || name.endsWith(".")) {
      return false;
    }
    if (name.contains("..") || name.contains("@{")) {
      return false;
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c < 0x20 || c == 0x7f || FORBIDDEN.indexOf(c) >= 0) {
        return false;
      }
    }
    for (String component : name.split("/", -1)) {
      if (component.isEmpty() || component.startsWith(".") || component.endsWith(".lock")) {
        return false;
      }
    }
    return true;
  }

  /**
   * Returns whether {@code name} is a valid name in a ref advertisement: a valid ref name, possibly
   * followed by one {@code ^{}} that marks the peeled value of an annotated tag.
   */
  static boolean isValidAdvertised(String name) {
    String base =
        name.endsWith(PEELED_SUFFIX)
            ? name.substring(0, name.length() - PEELED_SUFFIX.length())
            : name;
    return isValid(base);
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
