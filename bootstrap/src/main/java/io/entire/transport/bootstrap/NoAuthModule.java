package io.entire.transport.bootstrap;

import io.entire.transport.adapters.auth.NoCredentials;
import io.entire.transport.application.port.in.TransportConfig;
import io.entire.transport.application.port.out.CredentialPort;
import java.time.Clock;

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
  CredentialPort newCredentials(TransportConfig config, Clock clock) {
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
