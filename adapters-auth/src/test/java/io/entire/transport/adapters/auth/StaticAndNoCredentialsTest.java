package io.entire.transport.adapters.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.entire.transport.application.port.out.Credential;
import io.entire.transport.application.port.out.CredentialRequest;
import io.entire.transport.domain.RepoAction;
import java.net.URI;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class StaticAndNoCredentialsTest {
  private static final String TOKEN = "ci-token-5be0";

  private static CredentialRequest request(RepoAction action) {
    return new CredentialRequest(
        "POST",
        URI.create("https://node1.example.dev/et/o/r/git-receive-pack"),
        action,
        "https://example.dev/et/o/r");
  }

  // A1: a static token is sent as 'Authorization: Bearer <token>'.
  @Test
  void a1_staticTokenIsSentAsBearerForEveryRequest() {
    StaticTokenCredentials credentials = new StaticTokenCredentials(TOKEN);
    Credential pull = credentials.credentialFor(request(RepoAction.PULL));
    assertEquals("Bearer " + TOKEN, pull.headers().first("Authorization").orElseThrow());
    assertEquals(1, pull.headers().fields().size());
    assertSame(pull, credentials.credentialFor(request(RepoAction.PUSH)));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "   ", "abc def", "abc\r\nX-Injected: 1", "abc\u0000"})
  void a1_malformedStaticTokensAreRefusedWithoutShowingThem(String token) {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new StaticTokenCredentials(token));
    assertTrue(e.getMessage().startsWith("static token must not be blank"), e.getMessage());
    if (!token.isBlank()) {
      assertFalse(e.getMessage().contains(token));
    }
  }

  @Test
  void a5_staticTokenNeverInToString() {
    StaticTokenCredentials credentials = new StaticTokenCredentials(TOKEN);
    String shown =
        credentials
            + " "
            + credentials.credentialFor(request(RepoAction.PULL))
            + " "
            + credentials.credentialFor(request(RepoAction.PULL)).headers();
    assertFalse(shown.contains(TOKEN), shown);
  }

  // A4: 'none' adds no header.
  @Test
  void a4_noCredentialsAddsNothing() {
    NoCredentials none = new NoCredentials();
    assertSame(Credential.NONE, none.credentialFor(request(RepoAction.PULL)));
    assertTrue(none.credentialFor(request(RepoAction.PUSH)).headers().fields().isEmpty());
  }
}
