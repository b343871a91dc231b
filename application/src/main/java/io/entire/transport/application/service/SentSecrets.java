package io.entire.transport.application.service;

import io.entire.transport.application.port.out.Credential;
import io.entire.transport.domain.CredentialSecrets;
import io.entire.transport.domain.Headers;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The credential values one transport has sent, so that a server echoing them (an error page that
 * prints the request headers) never gets them into a message or a log (A5).
 *
 * <p>For each credential header it remembers what {@link CredentialSecrets} finds in its value.
 * Only the most recent values are kept, which is enough: a server can only echo what it was sent on
 * the request it answers.
 *
 * <p>Thread-safe: hedged attempts (D2) record what they send from their own threads.
 */
final class SentSecrets {
  static final String REDACTED = "<redacted>";
  private static final int MAX_REMEMBERED = 32;
  static final int SHORTEST_EXTRA_SECRET = 8;

  private final Set<String> secrets = new LinkedHashSet<>();

  /** Remembers the values of a credential about to be sent. */
  synchronized void record(Credential credential) {
    for (Headers.Field field : credential.headers().fields()) {
      CredentialSecrets.of(field.value()).forEach(this::remember);
    }
  }

  /**
   * Remembers the values of extra headers about to be sent (N4), which may hold a token. Values
   * shorter than {@value #SHORTEST_EXTRA_SECRET} characters are not remembered: no token is that
   * short, and redacting a value such as {@code 1} would blank out the server's message.
   */
  synchronized void recordExtra(Headers headers) {
    for (Headers.Field field : headers.fields()) {
      for (String secret : CredentialSecrets.of(field.value())) {
        if (secret.length() >= SHORTEST_EXTRA_SECRET) {
          remember(secret);
        }
      }
    }
  }

  private void remember(String secret) {
    if (secret.isEmpty()) {
      return;
    }
    secrets.remove(secret);
    secrets.add(secret);
    if (secrets.size() > MAX_REMEMBERED) {
      secrets.remove(secrets.iterator().next());
    }
  }

  /**
   * Returns {@code text} with every remembered value replaced by {@value #REDACTED}. A text that
   * ends with the start of a value (server text is cut at 1 KiB) loses that end too.
   */
  synchronized String redact(String text) {
    if (text == null || text.isEmpty() || secrets.isEmpty()) {
      return text;
    }
    // Longest first, so a whole header value goes before the token inside it.
    List<String> longestFirst = new ArrayList<>(secrets);
    longestFirst.sort(Comparator.comparingInt(String::length).reversed());
    String redacted = text;
    for (String secret : longestFirst) {
      redacted = redacted.replace(secret, REDACTED);
    }
    for (String secret : longestFirst) {
      redacted = withoutCutSecret(redacted, secret);
    }
    return redacted;
  }

  private static String withoutCutSecret(String text, String secret) {
    for (int length = Math.min(secret.length() - 1, text.length()); length >= 4; length--) {
      if (text.endsWith(secret.substring(0, length))) {
        return text.substring(0, text.length() - length) + REDACTED;
      }
    }
    return text;
  }
}
