package io.entire.transport.bootstrap;

import io.entire.transport.adapters.auth.NoCredentials;
import io.entire.transport.application.port.out.CredentialPort;

/**
 * No authentication (A4): binds {@link CredentialPort} to {@link NoCredentials}.
 *
 * <p>Immutable and thread-safe. Nothing to close.
 */
public final class NoAuthModule extends AuthModule {

  /** Creates the module. */
  public NoAuthModule() {}

  @Override
  protected void configure() {
    bind(CredentialPort.class).toInstance(credentials());
  }

  @Override
  public CredentialPort newCredentials(Context context) {
    return credentials();
  }

  private static CredentialPort credentials() {
    return new NoCredentials();
  }

  @Override
  public String toString() {
    return "NoAuthModule";
  }
}
