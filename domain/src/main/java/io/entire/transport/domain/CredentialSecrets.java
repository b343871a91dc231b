package io.entire.transport.domain;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import org.apiguardian.api.API;

/**
 * The secret strings one credential header value carries, so that a server echoing them (an error
 * page or a header that prints the request) never gets them into a message or a log (A5): the whole
 * value, its parameter ({@code Bearer <token>} → the token), and for {@code Basic} also the decoded
 * {@code user:password} and the password (a git credential helper's).
 *
 * <p>Stateless and thread-safe.
 */
@API(status = INTERNAL)
public final class CredentialSecrets {
  private CredentialSecrets() {}

  /**
   * Returns the secrets in {@code headerValue}, longest first; empty for a blank value.
   *
   * @param headerValue the value of a credential-bearing header, e.g. {@code Bearer abc}
   */
  public static Set<String> of(String headerValue) {
    Set<String> secrets = new LinkedHashSet<>();
    String value = headerValue.trim();
    add(secrets, value);
    int space = value.indexOf(' ');
    if (space > 0) {
      String parameter = value.substring(space + 1).trim();
      add(secrets, parameter);
      if (value.substring(0, space).toLowerCase(Locale.ROOT).equals("basic")) {
        addBasic(secrets, parameter);
      }
    }
    return secrets;
  }

  private static void addBasic(Set<String> secrets, String encoded) {
    String userAndPassword;
    try {
      userAndPassword = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException notBase64) {
      return;
    }
    add(secrets, userAndPassword);
    int colon = userAndPassword.indexOf(':');
    if (colon >= 0) {
      add(secrets, userAndPassword.substring(colon + 1));
    }
  }

  private static void add(Set<String> secrets, String secret) {
    if (!secret.isEmpty()) {
      secrets.add(secret);
    }
  }
}
