package io.entire.transport.bootstrap;

import io.entire.transport.adapters.auth.StaticTokenCredentials;
import io.entire.transport.application.port.out.CredentialPort;

/**
 * Authenticates with a fixed bearer token (A1), e.g. a CI job's {@code ENTIRE_TOKEN}: binds {@link
 * CredentialPort} to {@link StaticTokenCredentials}.
 *
 * <p>Immutable and thread-safe; the token is checked when the module is created and never shown by
 * {@link #toString()}. Nothing to close.
 */
public final class StaticTokenAuthModule extends AuthModule {
  private final StaticTokenCredentials credentials;

  /**
   * Creates the module.
   *
   * @param token the bearer token
   * @throws IllegalArgumentException when the token is missing, blank or malformed (never shown)
   */
  public StaticTokenAuthModule(String token) {
    if (token == null) {
      // Typically System.getenv("ENTIRE_TOKEN") of a job that did not set it.
      throw new IllegalArgumentException("static token is missing (is ENTIRE_TOKEN set?)");
    }
    this.credentials = new StaticTokenCredentials(token);
  }

  @Override
  protected void configure() {
    bind(CredentialPort.class).toInstance(credentials);
  }

  @Override
  public CredentialPort newCredentials(Context context) {
    return credentials;
  }

  @Override
  public String toString() {
    return "StaticTokenAuthModule[token=<redacted>]";
  }
}
