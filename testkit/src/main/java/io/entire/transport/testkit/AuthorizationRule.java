package io.entire.transport.testkit;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * Which {@code Authorization} values a server accepts, and the challenge it sends with 401.
 * Immutable.
 */
record AuthorizationRule(Predicate<String> check, String challengeScheme) {

  AuthorizationRule {
    Objects.requireNonNull(check, "check");
    Objects.requireNonNull(challengeScheme, "challengeScheme");
  }

  static AuthorizationRule bearer(String token) {
    Objects.requireNonNull(token, "token");
    return new AuthorizationRule(
        value -> "Bearer".equalsIgnoreCase(scheme(value)) && token.equals(credentials(value)),
        "Bearer");
  }

  static AuthorizationRule basic(String user, String password) {
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(password, "password");
    String expected =
        Base64.getEncoder()
            .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    return new AuthorizationRule(
        value -> "Basic".equalsIgnoreCase(scheme(value)) && expected.equals(credentials(value)),
        "Basic");
  }

  static AuthorizationRule custom(Predicate<String> check) {
    return new AuthorizationRule(check, "Bearer");
  }

  /** Whether {@code value} (the full header value, e.g. {@code Bearer abc}) is accepted. */
  boolean accepts(String value) {
    if (value == null) {
      return false;
    }
    try {
      return check.test(value);
    } catch (RuntimeException e) {
      return false; // a sloppy predicate must not take the server down
    }
  }

  /**
   * The {@code REMOTE_USER} given to git for a request that carried {@code value}: the user of
   * Basic credentials, else a fixed name. git only needs it to be set to allow receive-pack.
   */
  static String remoteUser(String value) {
    if ("Basic".equalsIgnoreCase(scheme(value))) {
      try {
        String decoded =
            new String(Base64.getDecoder().decode(credentials(value)), StandardCharsets.UTF_8);
        int colon = decoded.indexOf(':');
        String user = colon < 0 ? decoded : decoded.substring(0, colon);
        if (!user.isEmpty() && user.chars().noneMatch(Character::isISOControl)) {
          return user;
        }
      } catch (IllegalArgumentException e) {
        // not base64: fall through to the fixed name
      }
    }
    return "testkit-user";
  }

  private static String scheme(String value) {
    int space = value.indexOf(' ');
    return space < 0 ? value : value.substring(0, space);
  }

  private static String credentials(String value) {
    int space = value.indexOf(' ');
    return space < 0 ? "" : value.substring(space + 1).trim();
  }
}
