package io.entire.transport.bootstrap;

import com.google.inject.AbstractModule;
import io.entire.transport.Authentication;
import io.entire.transport.application.port.in.TransportConfig;
import io.entire.transport.application.port.out.CredentialPort;

/**
 * One of the authentication modules of this package ({@link NoAuthModule}, {@link
 * StaticTokenAuthModule}, {@link TokenExchangeAuthModule}, {@link GitCredentialAuthModule}, {@link
 * EnvironmentAuthModule}): a Guice module binding {@link CredentialPort} that can also make the
 * very same credential adapter without an injector, for {@link
 * EntireTransports#openWithoutInjector(TransportConfig, java.nio.file.Path, AuthModule)}. Each
 * module's binding goes through that one factory method, so both ways build the same object.
 *
 * <p>Sealed: only the modules of this package are known to make their adapter themselves; any other
 * module binding {@link CredentialPort} works with {@link EntireTransports#open}.
 *
 * <p>Implementations are immutable and thread-safe.
 */
public abstract sealed class AuthModule extends AbstractModule implements Authentication
    permits NoAuthModule,
        StaticTokenAuthModule,
        TokenExchangeAuthModule,
        GitCredentialAuthModule,
        EnvironmentAuthModule {

  AuthModule() {}

  /**
   * Makes what the module binds to {@link CredentialPort} in one injector, and what a client built
   * with this module uses.
   *
   * @param context the client's timeouts (they apply to a token exchange) and clock
   * @return a credential adapter; the caller closes it when it is {@link AutoCloseable}
   */
  @Override
  public abstract CredentialPort newCredentials(Context context);
}
