package io.entire.transport.adapters.auth;

import io.entire.transport.domain.CredentialException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The text of git's credential protocol ({@code git help credential}, "INPUT/OUTPUT FORMAT"): a
 * list of {@code key=value} lines ended by an empty line.
 *
 * <p>A value containing CR, LF or NUL would let a crafted URL inject lines into the protocol, so it
 * is refused with a {@link CredentialException} that names the field only, never the value (A3,
 * A5).
 *
 * <p>Stateless, so thread-safe.
 */
final class GitCredentialProtocol {
  private GitCredentialProtocol() {}

  /**
   * Writes the fields as git's input, in their order.
   *
   * @throws CredentialException when a value contains CR, LF or NUL
   */
  static String encode(Map<String, String> fields) throws CredentialException {
    StringBuilder input = new StringBuilder();
    for (Map.Entry<String, String> field : fields.entrySet()) {
      requireClean(field.getKey(), field.getValue());
      input.append(field.getKey()).append('=').append(field.getValue()).append('\n');
    }
    input.append('\n');
    return input.toString();
  }

  /** Reads git's output; the first value of a key wins, lines without {@code =} are skipped. */
  static Map<String, String> decode(String output) {
    Map<String, String> answer = new LinkedHashMap<>();
    for (String line : output.split("\n")) {
      int eq = line.indexOf('=');
      if (eq > 0) {
        answer.putIfAbsent(line.substring(0, eq), stripCr(line.substring(eq + 1)));
      }
    }
    return answer;
  }

  /**
   * @throws CredentialException when {@code value} contains CR, LF or NUL; the message names {@code
   *     field} only
   */
  static void requireClean(String field, String value) throws CredentialException {
    if (hasLineBreakOrNul(value)) {
      // A5/A3: the value may be secret or crafted; name the field only.
      throw new CredentialException(
          "refusing to use git credential: the " + field + " contains a CR, LF or NUL character");
    }
  }

  static boolean hasLineBreakOrNul(String s) {
    return s.indexOf('\r') >= 0 || s.indexOf('\n') >= 0 || s.indexOf('\0') >= 0;
  }

  private static String stripCr(String s) {
    // Helpers written on Windows may end lines with CRLF.
    return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
  }
}
