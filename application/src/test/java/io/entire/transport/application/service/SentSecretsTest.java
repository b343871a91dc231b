package io.entire.transport.application.service;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.entire.transport.application.port.out.Credential;
import org.junit.jupiter.api.Test;

class SentSecretsTest {
  private final SentSecrets secrets = new SentSecrets();

  @Test
  void hardening_6_nothingSentNothingRedacted() {
    assertEquals("Bearer abc", secrets.redact("Bearer abc"));
  }

  @Test
  void hardening_6_wholeValueAndParameterAreRedacted() {
    secrets.record(Credential.header("Authorization", "Bearer tok-123456"));

    assertEquals("a <redacted> b", secrets.redact("a Bearer tok-123456 b"));
    assertEquals("token: <redacted>", secrets.redact("token: tok-123456"));
  }

  @Test
  void hardening_6_aTokenCutByTheOneKibLimitLosesItsStartToo() {
    secrets.record(Credential.header("Authorization", "Bearer tok-123456"));

    assertEquals("echo: <redacted>", secrets.redact("echo: tok-12"));
    // Three characters are not treated as a token's start: common words must survive.
    assertEquals("echo: tok", secrets.redact("echo: tok"));
  }
}
