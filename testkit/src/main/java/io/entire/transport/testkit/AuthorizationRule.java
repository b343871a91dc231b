package io.entire.transport.testkit;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * Which {@code Authorization} values a server accepts, the challenge it sends with 401, and the
 * secrets in it that must never be recorded. Immutable.
 *
 * @param check decides on the header value and the request it came with
 * @param challengeScheme the scheme of the {@code WWW-Authenticate} challenge
 * @param secrets credential values the rule knows (never recorded, see {@link KnownSecrets})
 */
record AuthorizationRule(Check check, String challengeScheme, List<String> secrets) {

  /** Decides whether a request with this {@code Authorization} value is let through. */
  @FunctionalInterface
  interface Check {
    boolean accepts(String value, RequestHead head);
  }

  AuthorizationRule {
    Objects.requireNonNull(check, "check");
    Objects.requireNonNull(challengeScheme, "challengeScheme");
    secrets = List.copyOf(secrets);
  }

  static AuthorizationRule bearer(String token) {
    Objects.requireNonNull(token, "token");
    return new AuthorizationRule(
        (value, head) ->
            "Bearer".equalsIgnoreCase(scheme(value)) && token.equals(credentials(value)),
        "Bearer",
        List.of(token));
  }

  /** Accepts bearer tokens {@code endpoint} minted for the request's repository and action. */
  static AuthorizationRule exchanged(TokenExchangeEndpoint endpoint) {
    return new AuthorizationRule(endpoint::authorizes, "Bearer", List.of());
  }

  static AuthorizationRule basic(String user, String password) {
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(password, "password");
    String expected =
        Base64.getEncoder()
            .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    return new AuthorizationRule(
        (value, head) ->
            "Basic".equalsIgnoreCase(scheme(value)) && expected.equals(credentials(value)),
        "Basic",
        List.of(password, expected));
  }

  static AuthorizationRule custom(Predicate<String> check) {
    Objects.requireNonNull(check, "check");
    return new AuthorizationRule((value, head) -> check.test(value), "Bearer", List.of());
  }

  /**
   * Whether {@code value} (the full header value, e.g. {@code Bearer abc}) is accepted for the
   * request {@code head}.
   */
  boolean accepts(String value, RequestHead head) {
    if (value == null) {
      return false;
    }
    try {
      return check.accepts(value, head);
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

  static String scheme(String value) {
    int space = value.indexOf(' ');
    return space < 0 ? value : value.substring(0, space);
  }

  static String credentials(String value) {
    int space = value.indexOf(' ');
    return space < 0 ? "" : value.substring(space + 1).trim();
  }
}
