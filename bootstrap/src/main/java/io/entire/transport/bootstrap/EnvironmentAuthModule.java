package io.entire.transport.bootstrap;

import io.entire.transport.adapters.auth.GitCredentialHelperCredentials;
import io.entire.transport.application.port.out.CredentialPort;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

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
 */
public final class EnvironmentAuthModule extends AuthModule {
  /** Selects the authentication mode. */
  public static final String ENTIRE_AUTH = "ENTIRE_AUTH";

  /** The bearer token ({@code static}) or the login token to exchange ({@code exchange}). */
  public static final String ENTIRE_TOKEN = "ENTIRE_TOKEN";

  /** The RFC 8693 token endpoint ({@code exchange}). */
  public static final String ENTIRE_TOKEN_EXCHANGE_URL = "ENTIRE_TOKEN_EXCHANGE_URL";

  /** The authentication modes of {@code ENTIRE_AUTH}. */
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

  private final Mode mode;
  private final AuthModule delegate;

  /**
   * Chooses and checks the authentication.
   *
   * @param environment the process environment, e.g. {@link System#getenv()}; read now, not kept
   *     (except that git credential helpers run with it)
   * @throws IllegalArgumentException naming the variable that is missing or invalid
   */
  public EnvironmentAuthModule(Map<String, String> environment) {
    Objects.requireNonNull(environment, "environment");
    String token = value(environment, ENTIRE_TOKEN);
    String exchangeUrl = value(environment, ENTIRE_TOKEN_EXCHANGE_URL);
    this.mode = chooseMode(value(environment, ENTIRE_AUTH), token, exchangeUrl);
    this.delegate =
        switch (mode) {
          case NONE -> new NoAuthModule();
          case STATIC -> staticModule(require(token, ENTIRE_TOKEN));
          case EXCHANGE ->
              exchangeModule(
                  require(exchangeUrl, ENTIRE_TOKEN_EXCHANGE_URL), require(token, ENTIRE_TOKEN));
          case GIT_CREDENTIAL ->
              new GitCredentialAuthModule(
                  "git",
                  gitEnvironment(environment),
                  GitCredentialHelperCredentials.DEFAULT_TIMEOUT);
        };
  }

  /** Returns the chosen mode. */
  public Mode mode() {
    return mode;
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
    return "EnvironmentAuthModule[" + mode.value() + "]";
  }

  private static Mode chooseMode(String auth, String token, String exchangeUrl) {
    if (auth == null) {
      if (token != null && exchangeUrl != null) {
        return Mode.EXCHANGE;
      }
      return token != null ? Mode.STATIC : Mode.NONE;
    }
    String wanted = auth.strip().toLowerCase(Locale.ROOT);
    for (Mode m : Mode.values()) {
      if (m.value().equals(wanted)) {
        return m;
      }
    }
    throw new IllegalArgumentException(
        ENTIRE_AUTH
            + " must be one of "
            + Arrays.stream(Mode.values()).map(Mode::value).collect(Collectors.joining(", "))
            + ", not '"
            + printable(auth)
            + "'");
  }

  private String require(String value, String variable) {
    if (value == null) {
      throw new IllegalArgumentException(
          ENTIRE_AUTH + "=" + mode.value() + " needs " + variable + " to be set");
    }
    return value;
  }

  private static AuthModule staticModule(String token) {
    try {
      return new StaticTokenAuthModule(token);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(ENTIRE_TOKEN + " is invalid: " + e.getMessage(), e);
    }
  }

  private static AuthModule exchangeModule(String url, String token) {
    URI uri;
    try {
      uri = new URI(url.strip());
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(
          ENTIRE_TOKEN_EXCHANGE_URL + " is not a valid URL: " + e.getReason(), e);
    }
    if (token.isBlank()) {
      throw new IllegalArgumentException(ENTIRE_TOKEN + " is blank");
    }
    try {
      return new TokenExchangeAuthModule(uri, token);
    } catch (IllegalArgumentException e) {
      // With a non-blank token only the URL can be wrong; the adapter's message never shows tokens.
      throw new IllegalArgumentException(
          ENTIRE_TOKEN_EXCHANGE_URL + " is invalid: " + e.getMessage(), e);
    }
  }

  /**
   * The environment git runs with: the given one, which is the process environment in production
   * and an isolated one in tests; entries that cannot be environment variables are left out.
   */
  private static Map<String, String> gitEnvironment(Map<String, String> environment) {
    Map<String, String> git = new HashMap<>();
    environment.forEach(
        (k, v) -> {
          if (k != null
              && v != null
              && !k.isEmpty()
              && k.indexOf('=') < 0
              && k.indexOf('\0') < 0
              && v.indexOf('\0') < 0
              && k.indexOf('\n') < 0
              && k.indexOf('\r') < 0) {
            git.put(k, v);
          }
        });
    return git;
  }

  private static String value(Map<String, String> environment, String name) {
    String v = environment.get(name);
    return v == null || v.isEmpty() ? null : v;
  }

  private static String printable(String s) {
    String clean =
        s.codePoints()
            .map(c -> Character.isISOControl(c) ? '?' : c)
            .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
            .toString();
    return clean.length() > 40 ? clean.substring(0, 40) + "..." : clean;
  }
}
