package io.entire.transport.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class CredentialSecretsTest {

  @Test
  void a5_bearerValueAndItsTokenAreSecrets() {
    assertEquals(
        List.of("Bearer tok-1", "tok-1"), List.copyOf(CredentialSecrets.of(" Bearer tok-1 ")));
  }

  @Test
  void a5_basicAlsoYieldsTheDecodedUserPasswordAndThePassword() {
    String encoded =
        Base64.getEncoder().encodeToString("alice:s3cret".getBytes(StandardCharsets.UTF_8));

    assertEquals(
        List.of("Basic " + encoded, encoded, "alice:s3cret", "s3cret"),
        List.copyOf(CredentialSecrets.of("Basic " + encoded)));
  }

  @Test
  void a5_aValueWithoutSchemeOrNotBase64IsTakenWhole() {
    assertEquals(List.of("opaque"), List.copyOf(CredentialSecrets.of("opaque")));
    assertEquals(List.of("Basic !!", "!!"), List.copyOf(CredentialSecrets.of("Basic !!")));
    assertEquals(List.of(), List.copyOf(CredentialSecrets.of("  ")));
  }
}
