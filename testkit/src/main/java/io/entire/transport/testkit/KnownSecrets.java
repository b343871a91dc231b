package io.entire.transport.testkit;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The credentials a cluster issued or was configured with (bearer tokens, Basic passwords, tokens
 * minted and login tokens received by its token endpoint), so that a recorded header whose value
 * carries one is redacted (see {@link RecordedRequest}). Secrets are only added, never forgotten: a
 * test may assert on records made before a reset.
 *
 * <p>A secret of at least {@value #SUBSTRING_MIN} characters is found anywhere in a value; a
 * shorter one (tests like {@code requireBearer("t")}) only as a whole part of it between spaces,
 * commas, semicolons or {@code =}, since a one-letter secret would otherwise redact almost every
 * header.
 *
 * <p>Thread-safe: servers add and look up concurrently.
 */
final class KnownSecrets {

  static final int SUBSTRING_MIN = 6;
  private static final Pattern PARTS = Pattern.compile("[\\s,;=]+");

  private final Set<String> secrets = ConcurrentHashMap.newKeySet();

  void add(String secret) {
    if (secret != null && !secret.isEmpty()) {
      secrets.add(secret);
    }
  }

  /** Whether {@code value} carries a known secret. */
  boolean foundIn(String value) {
    if (value == null || value.isEmpty()) {
      return false;
    }
    for (String secret : secrets) {
      if (secret.length() >= SUBSTRING_MIN && value.contains(secret)) {
        return true;
      }
    }
    for (String part : PARTS.split(value)) {
      if (secrets.contains(part)) {
        return true;
      }
    }
    return false;
  }
}
