package io.entire.transport.testkit;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What a recorded request keeps of a header value: the value itself, or for a credential only
 * {@code "present, <scheme>"} (e.g. {@code "present, Bearer"}) or {@code "present"} when the value
 * starts with no scheme. Credentials are the values of {@code Authorization}, {@code
 * Proxy-Authorization} and {@code Cookie}, and any value carrying a secret the server knows ({@link
 * KnownSecrets}).
 *
 * <p>Stateless and thread-safe.
 */
final class HeaderRedaction {

  /** The header names (lower case) whose values are always credentials. */
  static final Set<String> CREDENTIAL_HEADERS =
      Set.of("authorization", "proxy-authorization", "cookie");

  /** What an auth scheme looks like (RFC 9110 §11.1 token, kept to plain names). */
  private static final Pattern SCHEME = Pattern.compile("[A-Za-z][A-Za-z0-9._~+-]{0,31}");

  private static final String PRESENT = "present";

  private HeaderRedaction() {}

  static boolean isCredentialHeader(String name) {
    return CREDENTIAL_HEADERS.contains(name.toLowerCase(Locale.ROOT));
  }

  /** The value to record for header {@code name}. */
  static String recorded(String name, String value, KnownSecrets secrets) {
    if (isCredentialHeader(name) || secrets.foundIn(value)) {
      return redacted(value, secrets);
    }
    return value;
  }

  /**
   * {@code "present, <scheme>"} when {@code value} starts with a scheme followed by a space (and
   * the scheme is not itself a secret), else {@code "present"}. Values already redacted stay as
   * they are, so redacting twice changes nothing.
   */
  static String redacted(String value, KnownSecrets secrets) {
    if (isRedacted(value)) {
      return value;
    }
    int space = value.indexOf(' ');
    String scheme = space > 0 ? value.substring(0, space) : "";
    if (SCHEME.matcher(scheme).matches() && !secrets.foundIn(scheme)) {
      return PRESENT + ", " + scheme;
    }
    return PRESENT;
  }

  static boolean isRedacted(String value) {
    return value.equals(PRESENT)
        || (value.startsWith(PRESENT + ", ") && SCHEME.matcher(value.substring(9)).matches());
  }
}
