package io.entire.transport.bootstrap;

import io.entire.transport.adapters.auth.GitCredentialHelperCredentials;
import io.entire.transport.application.port.out.CredentialPort;
import java.util.Map;

/**
 * Chooses the authentication from the environment (DESIGN §7) and installs the matching module,
 * which binds {@link CredentialPort}:
 *
 * <ul>
 *   <li>{@code ENTIRE_AUTH=none} → {@link NoAuthModule}
 *   <li>{@code ENTIRE_AUTH=static} → {@link StaticTokenAuthModule} with {@code ENTIRE_TOKEN}
 *   <li>{@code ENTIRE_AUTH=exchange} → {@link TokenExchangeAuthModule} with {@code
 *       ENTIRE_TOKEN_EXCHANGE_URL} and the login token {@code ENTIRE_TOKEN}
 *   <li>{@code ENTIRE_AUTH=git-credential} → {@link GitCredentialAuthModule}; git runs with this
 *       environment
 *   <li>{@code ENTIRE_AUTH} unset or empty: {@code exchange} when {@code ENTIRE_TOKEN} and {@code
 *       ENTIRE_TOKEN_EXCHANGE_URL} are both set, {@code static} when only {@code ENTIRE_TOKEN} is,
 *       else {@code none}
 * </ul>
 *
 * <p>An empty variable counts as unset. The choice is made, and checked, when the module is
 * created: an unknown mode or a variable the mode needs that is missing or invalid fails with an
 * {@link IllegalArgumentException} naming the variable, never showing a token.
 *
 * <p>Immutable and thread-safe.
 *
 * @since 0.1
 */
public final class EnvironmentAuthModule extends AuthModule {
  /** Selects the authentication mode. */
  public static final String ENTIRE_AUTH = "ENTIRE_AUTH";

  /** The bearer token ({@code static}) or the login token to exchange ({@code exchange}). */
  public static final String ENTIRE_TOKEN = "ENTIRE_TOKEN";

  /** The RFC 8693 token endpoint ({@code exchange}). */
  public static final String ENTIRE_TOKEN_EXCHANGE_URL = "ENTIRE_TOKEN_EXCHANGE_URL";

  /**
   * The authentication modes of {@code ENTIRE_AUTH}.
   *
   * @since 0.1
   */
  public enum Mode {
    /** No credentials (A4). */
    NONE("none"),
    /** A fixed bearer token (A1). */
    STATIC("static"),
    /** Tokens minted by token exchange (A2). */
    EXCHANGE("exchange"),
    /** git's credential helpers (A3). */
    GIT_CREDENTIAL("git-credential");

    private final String value;

    Mode(String value) {
      this.value = value;
    }

    /** Returns the value of {@code ENTIRE_AUTH} that selects this mode. */
    public String value() {
      return value;
    }
  }

  private final EnvironmentAuthentication chosen;
  private final AuthModule delegate;

  /**
   * Chooses and checks the authentication, as {@link EnvironmentAuthentication} does.
   *
   * @param environment the process environment, e.g. {@link System#getenv()}; read now, not kept
   *     (except that git credential helpers run with it)
   * @throws IllegalArgumentException naming the variable that is missing or invalid
   */
  public EnvironmentAuthModule(Map<String, String> environment) {
    this.chosen = new EnvironmentAuthentication(environment);
    this.delegate =
        switch (chosen.mode()) {
          case NONE -> new NoAuthModule();
          case STATIC -> new StaticTokenAuthModule(chosen.token());
          case EXCHANGE -> new TokenExchangeAuthModule(chosen.exchangeUrl(), chosen.token());
          case GIT_CREDENTIAL ->
              new GitCredentialAuthModule(
                  "git", chosen.gitEnvironment(), GitCredentialHelperCredentials.DEFAULT_TIMEOUT);
        };
  }

  /** Returns the chosen mode. */
  public Mode mode() {
    return chosen.mode();
  }

  @Override
  protected void configure() {
    install(delegate);
  }

  @Override
  public CredentialPort newCredentials(Context context) {
    return delegate.newCredentials(context);
  }

  @Override
  public String toString() {
    return "EnvironmentAuthModule[" + chosen.mode().value() + "]";
  }
}
