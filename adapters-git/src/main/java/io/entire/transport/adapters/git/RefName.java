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
}
