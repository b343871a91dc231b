package io.entire.transport.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.inject.Guice;
import io.entire.transport.Authentication;
import io.entire.transport.adapters.auth.GitCredentialHelperCredentials;
import io.entire.transport.adapters.auth.NoCredentials;
import io.entire.transport.adapters.auth.StaticTokenCredentials;
import io.entire.transport.adapters.auth.TokenExchangeCredentials;
import io.entire.transport.application.port.in.TransportConfig;
import io.entire.transport.application.port.out.CredentialPort;
import io.entire.transport.bootstrap.EnvironmentAuthModule.Mode;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** DESIGN §7: which adapter the environment selects, and clear errors when it cannot. */
class EnvironmentAuthModuleTest {
  private static final String TOKEN = "env-token-6d1e";
  private static final String URL = "https://auth.example.dev/oauth2/token";

  private static Map<String, String> env(String auth, String token, String url) {
    Map<String, String> env = new HashMap<>();
    if (auth != null) {
      env.put("ENTIRE_AUTH", auth);
    }
    if (token != null) {
      env.put("ENTIRE_TOKEN", token);
    }
    if (url != null) {
      env.put("ENTIRE_TOKEN_EXCHANGE_URL", url);
    }
    return env;
  }

  @ParameterizedTest(name = "ENTIRE_AUTH={0} token={1} url={2} -> {3}")
  @CsvSource(
      nullValues = "-",
      value = {
        "-,              -,     -,     NONE",
        "-,              token, -,     STATIC",
        "-,              token, url,   EXCHANGE",
        "-,              -,     url,   NONE",
        "'',             token, -,     STATIC",
        "-,              '',    url,   NONE",
        "none,           token, url,   NONE",
        "static,         token, url,   STATIC",
        "exchange,       token, url,   EXCHANGE",
        "git-credential, token, url,   GIT_CREDENTIAL",
        "git-credential, -,     -,     GIT_CREDENTIAL",
        "' Static ',     token, -,     STATIC"
      })
  void selectionTable(String auth, String token, String url, Mode expected) {
    Map<String, String> env =
        env(auth, "token".equals(token) ? TOKEN : token, "url".equals(url) ? URL : url);
    assertEquals(expected, new EnvironmentAuthModule(env).mode());
  }

  @Test
  void eachModeBindsItsAdapter(@TempDir Path dir) {
    assertInstanceOf(NoCredentials.class, credentialsFor(env("none", null, null), dir));
    assertInstanceOf(StaticTokenCredentials.class, credentialsFor(env(null, TOKEN, null), dir));
    assertInstanceOf(
        GitCredentialHelperCredentials.class,
        credentialsFor(env("git-credential", null, null), dir));
    CredentialPort exchange = credentialsFor(env(null, TOKEN, URL), dir);
    assertInstanceOf(TokenExchangeCredentials.class, exchange);
    ((TokenExchangeCredentials) exchange).close();
  }

  @Test
  void eachModeMakesTheSameAdapterWithoutAnInjector() {
    Authentication.Context config =
        new Authentication.Context(
            TransportConfig.DEFAULT_CONNECT_TIMEOUT,
            TransportConfig.DEFAULT_READ_TIMEOUT,
            Clock.systemUTC());
    assertInstanceOf(
        NoCredentials.class,
        new EnvironmentAuthModule(env("none", null, null)).newCredentials(config));
    assertInstanceOf(
        StaticTokenCredentials.class,
        new EnvironmentAuthModule(env(null, TOKEN, null)).newCredentials(config));
    assertInstanceOf(
        GitCredentialHelperCredentials.class,
        new EnvironmentAuthModule(env("git-credential", null, null)).newCredentials(config));
    CredentialPort exchange =
        new EnvironmentAuthModule(env(null, TOKEN, URL)).newCredentials(config);
    assertInstanceOf(TokenExchangeCredentials.class, exchange);
    ((TokenExchangeCredentials) exchange).close();
  }

  private static CredentialPort credentialsFor(Map<String, String> env, Path dir) {
    TransportConfig config =
        TransportConfig.builder().entryUrl("https://eu.example.dev").repoPath("/et/o/r").build();
    return Guice.createInjector(
            new TransportModule(config, dir.resolve("nodes.json")), new EnvironmentAuthModule(env))
        .getInstance(CredentialPort.class);
  }

  @Test
  void unknownModeNamesTheVariableAndTheChoices() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new EnvironmentAuthModule(env("oauth", TOKEN, null)));
    assertEquals(
        "ENTIRE_AUTH must be one of none, static, exchange, git-credential, not 'oauth'",
        e.getMessage());
  }

  @Test
  void staticWithoutTokenNamesTheMissingVariable() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new EnvironmentAuthModule(env("static", null, URL)));
    assertEquals("ENTIRE_AUTH=static needs ENTIRE_TOKEN to be set", e.getMessage());
  }

  @Test
  void exchangeWithoutUrlOrTokenNamesTheMissingVariable() {
    assertEquals(
        "ENTIRE_AUTH=exchange needs ENTIRE_TOKEN_EXCHANGE_URL to be set",
        assertThrows(
                IllegalArgumentException.class,
                () -> new EnvironmentAuthModule(env("exchange", TOKEN, null)))
            .getMessage());
    assertEquals(
        "ENTIRE_AUTH=exchange needs ENTIRE_TOKEN to be set",
        assertThrows(
                IllegalArgumentException.class,
                () -> new EnvironmentAuthModule(env("exchange", null, URL)))
            .getMessage());
  }

  @Test
  void a2_plainHttpExchangeUrlToARemoteHostIsRefused() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new EnvironmentAuthModule(env(null, TOKEN, "http://auth.example.dev/token")));
    assertTrue(e.getMessage().startsWith("ENTIRE_TOKEN_EXCHANGE_URL is invalid: "), e.getMessage());
    assertTrue(e.getMessage().contains("https"), e.getMessage());
    assertFalse(e.getMessage().contains(TOKEN));
  }

  @Test
  void malformedExchangeUrlNamesTheVariable() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new EnvironmentAuthModule(env(null, TOKEN, "https://auth example/token")));
    assertTrue(e.getMessage().startsWith("ENTIRE_TOKEN_EXCHANGE_URL is not a valid URL"));
  }

  @Test
  void a5_malformedTokenIsNamedButNeverShown() {
    String bad = "secret with spaces";
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> new EnvironmentAuthModule(env(null, bad, null)));
    assertTrue(e.getMessage().startsWith("ENTIRE_TOKEN is invalid"), e.getMessage());
    assertFalse(e.getMessage().contains("secret"), e.getMessage());
    IllegalArgumentException blank =
        assertThrows(
            IllegalArgumentException.class,
            () -> new EnvironmentAuthModule(env("exchange", "   ", URL)));
    assertEquals("ENTIRE_TOKEN is blank", blank.getMessage());
  }

  @Test
  void a5_modulesNeverShowTokensInToString() {
    String shown =
        new EnvironmentAuthModule(env(null, TOKEN, URL))
            + " "
            + new StaticTokenAuthModule(TOKEN)
            + " "
            + new TokenExchangeAuthModule(java.net.URI.create(URL), TOKEN);
    assertFalse(shown.contains(TOKEN), shown);
  }

  @Test
  void aMissingStaticTokenSaysWhatIsMissing() {
    // The README's CI example passes System.getenv("ENTIRE_TOKEN"), null when the job lacks it.
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new StaticTokenAuthModule(null));
    assertEquals("static token is missing (is ENTIRE_TOKEN set?)", e.getMessage());
  }
}
