package io.entire.transport.adapters.auth;

import io.entire.transport.application.port.out.Credential;
import io.entire.transport.application.port.out.CredentialPort;
import io.entire.transport.application.port.out.CredentialRequest;
import java.util.Objects;

/**
 * A fixed bearer token (A1): every request carries {@code Authorization: Bearer <token>}, e.g. a CI
 * job's token from {@code ENTIRE_TOKEN}.
 *
 * <p>A 401 cannot be healed here (there is no other token), so {@link #rejected} does nothing and
 * the retry of the application service fails again with the server's message.
 *
 * <p>Immutable and thread-safe. Neither {@link #toString()} nor any exception message shows the
 * token (A5).
 */
public final class StaticTokenCredentials implements CredentialPort {
  private final Credential credential;

  /**
   * Creates the adapter.
   *
   * @param token the bearer token: not blank, without whitespace or control characters
   * @throws IllegalArgumentException when the token is blank or malformed (the message never shows
   *     it)
   */
  public StaticTokenCredentials(String token) {
    Objects.requireNonNull(token, "token");
    BearerToken.requireWellFormed(token, "static token");
    this.credential = Credential.header("Authorization", "Bearer " + token);
  }

  /** Returns the bearer credential. */
  @Override
  public Credential credentialFor(CredentialRequest request) {
    Objects.requireNonNull(request, "request");
    return credential;
  }

  @Override
  public String toString() {
    return "StaticTokenCredentials[token=<redacted>]";
  }
}
