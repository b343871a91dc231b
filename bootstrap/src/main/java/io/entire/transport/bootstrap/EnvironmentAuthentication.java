package io.entire.transport.bootstrap;

import static io.entire.transport.bootstrap.EnvironmentAuthModule.ENTIRE_AUTH;
import static io.entire.transport.bootstrap.EnvironmentAuthModule.ENTIRE_TOKEN;
import static io.entire.transport.bootstrap.EnvironmentAuthModule.ENTIRE_TOKEN_EXCHANGE_URL;

import io.entire.transport.Authentication;
import io.entire.transport.adapters.auth.GitCredentialHelperCredentials;
import io.entire.transport.adapters.auth.NoCredentials;
import io.entire.transport.adapters.auth.StaticTokenCredentials;
import io.entire.transport.adapters.auth.TokenExchangeCredentials;
import io.entire.transport.application.port.out.CredentialPort;
import io.entire.transport.bootstrap.EnvironmentAuthModule.Mode;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * The authentication the environment chooses (DESIGN §7), without Guice: the same choice and checks
 * as {@link EnvironmentAuthModule}, which is made from it, for a client built with {@link
 * io.entire.transport.EntireClient.Builder#authentication}. {@code git-remote-entire} uses it, so
 * its start path loads no Guice class.
 *
 * <ul>
 *   <li>{@code ENTIRE_AUTH=none}: no credentials (A4)
 *   <li>{@code ENTIRE_AUTH=static}: the bearer token {@code ENTIRE_TOKEN} (A1)
 *   <li>{@code ENTIRE_AUTH=exchange}: token exchange at {@code ENTIRE_TOKEN_EXCHANGE_URL} with the
 *       login token {@code ENTIRE_TOKEN} (A2)
 *   <li>{@code ENTIRE_AUTH=git-credential}: git's credential helpers, git running with this
 *       environment (A3)
 *   <li>{@code ENTIRE_AUTH} unset or empty: {@code exchange} when {@code ENTIRE_TOKEN} and {@code
 *       ENTIRE_TOKEN_EXCHANGE_URL} are both set, {@code static} when only {@code ENTIRE_TOKEN} is,
 *       else {@code none}
 * </ul>
 *
 * <p>An empty variable counts as unset. The choice is made, and checked, in the constructor: an
 * unknown mode or a variable the mode needs that is missing or invalid fails with an {@link
 * IllegalArgumentException} naming the variable, never showing a token.
 *
 * <p>Immutable and thread-safe; {@link #toString()} never shows a token.
 *
 * @since 0.2
 */
public final class EnvironmentAuthentication implements Authentication {
  private final Mode mode;
  private final String token;
  private final URI exchangeUrl;
  private final Map<String, String> gitEnvironment;
  private final StaticTokenCredentials staticCredentials;

  /**
   * Chooses and checks the authentication.
   *
   * @param environment the process environment, e.g. {@link System#getenv()}; read now, not kept
   *     (except that git credential helpers run with it)
   * @throws IllegalArgumentException naming the variable that is missing or invalid
   * @since 0.2
   */
  public EnvironmentAuthentication(Map<String, String> environment) {
    Objects.requireNonNull(environment, "environment");
    String loginOrBearer = value(environment, ENTIRE_TOKEN);
    String url = value(environment, ENTIRE_TOKEN_EXCHANGE_URL);
    this.mode = chooseMode(value(environment, ENTIRE_AUTH), loginOrBearer, url);
    // Checked in the order EnvironmentAuthModule always has: for exchange, the URL first.
    switch (mode) {
      case STATIC -> {
        this.token = require(loginOrBearer, ENTIRE_TOKEN);
        this.staticCredentials = staticCredentials(token);
        this.exchangeUrl = null;
        this.gitEnvironment = Map.of();
      }
      case EXCHANGE -> {
        String endpoint = require(url, ENTIRE_TOKEN_EXCHANGE_URL);
        this.token = require(loginOrBearer, ENTIRE_TOKEN);
        this.exchangeUrl = exchangeUrl(endpoint, token);
        this.staticCredentials = null;
        this.gitEnvironment = Map.of();
      }
      case GIT_CREDENTIAL -> {
        this.gitEnvironment = gitEnvironment(environment);
        this.token = null;
        this.staticCredentials = null;
        this.exchangeUrl = null;
        // Checked now with the adapter's own rules, as the module does.
        newGitCredentials();
      }
      default -> {
        this.token = null;
        this.staticCredentials = null;
        this.exchangeUrl = null;
        this.gitEnvironment = Map.of();
      }
    }
  }

  /**
   * Returns the chosen mode.
   *
   * @return the mode
   * @since 0.2
   */
  public Mode mode() {
    return mode;
  }

  /**
   * {@inheritDoc}
   *
   * <p>A token exchange goes through the context's proxy and trusts what it trusts (N1, N2); git's
   * credential helpers get a new adapter per client, as they remember answers per client.
   *
   * @since 0.2
   */
  @Override
  public CredentialPort newCredentials(Context context) {
    return switch (mode) {
      case NONE -> new NoCredentials();
      case STATIC -> staticCredentials;
      case EXCHANGE -> TokenExchange.credentials(exchangeUrl, token, context);
      case GIT_CREDENTIAL -> newGitCredentials();
    };
  }

  /** The bearer or login token ({@code static}, {@code exchange}); null otherwise. */
  String token() {
    return token;
  }

  /** The token endpoint ({@code exchange}); null otherwise. */
  URI exchangeUrl() {
    return exchangeUrl;
  }

  /** The environment git's credential helpers run with ({@code git-credential}). */
  Map<String, String> gitEnvironment() {
    return gitEnvironment;
  }

  /** Names the mode; never a token. */
  @Override
  public String toString() {
    return "EnvironmentAuthentication[" + mode.value() + "]";
  }

  private CredentialPort newGitCredentials() {
    return new GitCredentialHelperCredentials(
        "git", gitEnvironment, GitCredentialHelperCredentials.DEFAULT_TIMEOUT);
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

  private static StaticTokenCredentials staticCredentials(String token) {
    try {
      return new StaticTokenCredentials(token);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(ENTIRE_TOKEN + " is invalid: " + e.getMessage(), e);
    }
  }

  private static URI exchangeUrl(String url, String token) {
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
      // The adapter's own rules; it makes its HTTP client lazily, so this costs nothing.
      new TokenExchangeCredentials(uri, token, Clock.systemUTC()).close();
    } catch (IllegalArgumentException e) {
      // With a non-blank token only the URL can be wrong; the adapter's message never shows tokens.
      throw new IllegalArgumentException(
          ENTIRE_TOKEN_EXCHANGE_URL + " is invalid: " + e.getMessage(), e);
    }
    return uri;
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
    return Map.copyOf(git);
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
