package io.entire.transport;

import io.entire.transport.application.port.out.Credential;
import io.entire.transport.application.port.out.CredentialPort;
import io.entire.transport.application.port.out.CredentialRequest;
import io.entire.transport.domain.CredentialException;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * How a client authenticates (DESIGN §6, §9): makes the client's one credential adapter. The
 * modules of {@code io.entire.transport.bootstrap} ({@code StaticTokenAuthModule}, {@code
 * TokenExchangeAuthModule}, {@code GitCredentialAuthModule}, {@code NoAuthModule}, {@code
 * EnvironmentAuthModule}) implement it; {@link #using(CredentialPort)} adapts any credential port,
 * e.g. one a Guice user binds in their own module.
 *
 * <p>Building a client needs no Guice: this interface and the client never touch an injector.
 *
 * <p>Implementations must be immutable and thread-safe; {@link #newCredentials} is called once per
 * client.
 *
 * @since 0.2
 */
@FunctionalInterface
public interface Authentication {

  /**
   * Makes the credential adapter of one client. The client closes it, when it is {@link
   * AutoCloseable}, as the client closes.
   *
   * @param context the client's settings an adapter may need
   * @return the credential adapter, shared by every session of the client (so tokens are too)
   */
  CredentialPort newCredentials(Context context);

  /**
   * Authenticates with a credential port the caller made and keeps: the client uses it and never
   * closes it.
   *
   * @param credentials a thread-safe credential port
   * @return the authentication
   */
  static Authentication using(CredentialPort credentials) {
    Objects.requireNonNull(credentials, "credentials");
    CredentialPort borrowed =
        new CredentialPort() {
          @Override
          public Credential credentialFor(CredentialRequest request) throws CredentialException {
            return credentials.credentialFor(request);
          }

          @Override
          public void rejected(Credential credential) {
            credentials.rejected(credential);
          }

          @Override
          public void accepted(Credential credential) {
            credentials.accepted(credential);
          }

          @Override
          public String toString() {
            return credentials.toString();
          }
        };
    return context -> borrowed;
  }

  /**
   * What a credential adapter may take from its client: the timeouts of calls it makes itself (a
   * token endpoint) and the clock that decides when a token expires.
   *
   * @param connectTimeout the client's connect timeout
   * @param readTimeout the client's idle read timeout
   * @param clock the client's clock
   * @since 0.2
   */
  record Context(Duration connectTimeout, Duration readTimeout, Clock clock) {
    /** Validates the context. */
    public Context {
      Objects.requireNonNull(connectTimeout, "connectTimeout");
      Objects.requireNonNull(readTimeout, "readTimeout");
      Objects.requireNonNull(clock, "clock");
    }
  }
}
