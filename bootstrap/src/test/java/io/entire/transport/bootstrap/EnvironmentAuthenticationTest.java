package io.entire.transport.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.entire.transport.Authentication;
import io.entire.transport.adapters.auth.GitCredentialHelperCredentials;
import io.entire.transport.adapters.auth.NoCredentials;
import io.entire.transport.adapters.auth.StaticTokenCredentials;
import io.entire.transport.adapters.auth.TokenExchangeCredentials;
import io.entire.transport.application.port.in.TransportConfig;
import io.entire.transport.application.port.out.CredentialPort;
import io.entire.transport.bootstrap.EnvironmentAuthModule.Mode;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * DESIGN §7: the environment's authentication without Guice (what {@code git-remote-entire} uses),
 * choosing and checking exactly as {@link EnvironmentAuthModule}, which is made from it.
 */
class EnvironmentAuthenticationTest {
  private static final String TOKEN = "env-token-6d1e";
  private static final String URL = "https://auth.example.dev/oauth2/token";
  private static final Authentication.Context CONTEXT =
      new Authentication.Context(
          TransportConfig.DEFAULT_CONNECT_TIMEOUT,
          TransportConfig.DEFAULT_READ_TIMEOUT,
          Clock.systemUTC());

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

  @Test
  void eachModeMakesItsAdapterWithoutGuice() {
    assertInstanceOf(
        NoCredentials.class,
        new EnvironmentAuthentication(env(null, null, null)).newCredentials(CONTEXT));
    EnvironmentAuthentication fixed = new EnvironmentAuthentication(env(null, TOKEN, null));
    assertInstanceOf(StaticTokenCredentials.class, fixed.newCredentials(CONTEXT));
    assertSame(fixed.newCredentials(CONTEXT), fixed.newCredentials(CONTEXT), "one immutable token");
    assertInstanceOf(
        GitCredentialHelperCredentials.class,
        new EnvironmentAuthentication(env("git-credential", null, null)).newCredentials(CONTEXT));
    CredentialPort exchange =
        new EnvironmentAuthentication(env(null, TOKEN, URL)).newCredentials(CONTEXT);
    assertInstanceOf(TokenExchangeCredentials.class, exchange);
    ((TokenExchangeCredentials) exchange).close();
  }

  @Test
  void choosesTheSameModeAsTheModule() {
    for (Map<String, String> env :
        new Map[] {
          env(null, null, null),
          env(null, TOKEN, null),
          env(null, TOKEN, URL),
          env("", TOKEN, null),
          env(" Static ", TOKEN, URL),
          env("git-credential", null, null)
        }) {
      assertEquals(
          new EnvironmentAuthModule(env).mode(),
          new EnvironmentAuthentication(env).mode(),
          env::toString);
    }
    assertEquals(Mode.EXCHANGE, new EnvironmentAuthentication(env(null, TOKEN, URL)).mode());
  }

  @Test
  void errorsNameTheVariableAndNeverTheToken() {
    assertEquals(
        "ENTIRE_AUTH=exchange needs ENTIRE_TOKEN_EXCHANGE_URL to be set",
        assertThrows(
                IllegalArgumentException.class,
                () -> new EnvironmentAuthentication(env("exchange", null, null)))
            .getMessage());
    assertEquals(
        "ENTIRE_AUTH=static needs ENTIRE_TOKEN to be set",
        assertThrows(
                IllegalArgumentException.class,
                () -> new EnvironmentAuthentication(env("static", null, URL)))
            .getMessage());
    IllegalArgumentException badUrl =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                new EnvironmentAuthentication(env("exchange", TOKEN, "http://auth.example.dev/t")));
    assertEquals(true, badUrl.getMessage().startsWith("ENTIRE_TOKEN_EXCHANGE_URL is invalid"));
    assertFalse(badUrl.getMessage().contains(TOKEN));
    assertEquals(
        "EnvironmentAuthentication[static]",
        new EnvironmentAuthentication(env(null, TOKEN, null)).toString());
  }
}
