package io.entire.transport.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.entire.transport.domain.RedirectPolicy.Action;
import io.entire.transport.domain.RedirectPolicy.Decision;
import java.net.URI;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RedirectPolicyTest {
  private static final URI FROM = URI.create("https://eu.example.dev/et/o/r/info/refs?service=x");
  private final RedirectPolicy policy =
      new RedirectPolicy(ClusterTrustDomain.of("eu.example.dev", TestPublicSuffixes.INSTANCE));

  @Test
  void x1_tenRedirectsAreFollowedTheEleventhIsRefused() {
    assertTrue(policy.decide(FROM, "https://r1.eu.example.dev/x", 1).follows());
    assertTrue(
        policy.decide(FROM, "https://r1.eu.example.dev/x", RedirectPolicy.MAX_REDIRECTS).follows());
    Decision eleventh = policy.decide(FROM, "https://r1.eu.example.dev/x", 11);
    assertEquals(Action.REFUSE, eleventh.action());
    assertEquals("too many redirects (more than 10) from " + FROM, eleventh.reason());
    assertEquals(10, RedirectPolicy.MAX_REDIRECTS);
  }

  @Test
  void x2_inClusterTargetKeepsCredentials() {
    Decision d = policy.decide(FROM, "https://r1.eu.example.dev:8443/et/o/r/info/refs", 1);
    assertEquals(Action.FOLLOW_WITH_CREDENTIALS, d.action());
    assertEquals(URI.create("https://r1.eu.example.dev:8443/et/o/r/info/refs"), d.target());
    assertNull(d.reason());
  }

  @Test
  void x2_outOfClusterTargetLosesCredentials() {
    Decision d = policy.decide(FROM, "https://cdn.example.com/x", 1);
    assertEquals(Action.FOLLOW_WITHOUT_CREDENTIALS, d.action());
    assertTrue(d.follows());
  }

  @Test
  void x2_sameHostOtherPortIsOutOfClusterWhenTheClusterHostDiffers() {
    URI from = URI.create("http://127.0.0.1:8080/et/o/r/info/refs");
    Decision d = policy.decide(from, "http://127.0.0.1:9090/et/o/r/info/refs", 1);
    assertEquals(Action.FOLLOW_WITHOUT_CREDENTIALS, d.action());
  }

  @Test
  void x2_sameClusterHostOnAnotherPortKeepsCredentials() {
    Decision d = policy.decide(FROM, "https://eu.example.dev:9443/x", 1);
    assertEquals(Action.FOLLOW_WITH_CREDENTIALS, d.action());
  }

  @Test
  void x2_relativeLocationResolvesAgainstTheAnsweringUri() {
    Decision d = policy.decide(FROM, "/other/path?q=1", 1);
    assertEquals(URI.create("https://eu.example.dev/other/path?q=1"), d.target());
    assertEquals(Action.FOLLOW_WITH_CREDENTIALS, d.action());
  }

  @Test
  void hardening_8_queryOnlyLocationKeepsTheBasePath() {
    // RFC 3986 §5.2.2: an empty-path reference keeps the base path and replaces the query.
    URI from = URI.create("https://eu.example.dev/et/alice/repo/info/refs?service=git-upload-pack");
    Decision d = policy.decide(from, "?service=git-upload-pack&r=1", 1);
    assertEquals(Action.FOLLOW_WITH_CREDENTIALS, d.action());
    assertEquals(
        URI.create("https://eu.example.dev/et/alice/repo/info/refs?service=git-upload-pack&r=1"),
        d.target());
    assertEquals(
        URI.create("https://eu.example.dev:8443/et/a%20b/info/refs?x=%2F#frag"),
        policy
            .decide(URI.create("https://eu.example.dev:8443/et/a%20b/info/refs"), "?x=%2F#frag", 1)
            .target());
  }

  @Test
  void hardening_8_otherRelativeFormsResolveAsBefore() {
    URI from = URI.create("https://eu.example.dev/et/alice/repo/info/refs?service=x");
    assertEquals(
        URI.create("https://eu.example.dev/et/alice/repo/info/other"),
        policy.decide(from, "other", 1).target());
    assertEquals(
        URI.create("https://eu.example.dev/x/info/refs?service=x"),
        policy.decide(from, "/x/info/refs?service=x", 1).target());
    assertEquals(
        URI.create("https://r1.eu.example.dev/et/alice/repo/info/refs"),
        policy.decide(from, "//r1.eu.example.dev/et/alice/repo/info/refs", 1).target());
  }

  @Test
  void x2_targetWithUserinfoIsRefused() {
    Decision d = policy.decide(FROM, "https://user:pw@r1.eu.example.dev/x", 1);
    assertFalse(d.follows());
    assertFalse(d.reason().contains("pw"), d.reason());
  }

  @Test
  void x2_unrestrictedTrustDomainKeepsCredentialsEverywhere() {
    RedirectPolicy open = new RedirectPolicy(ClusterTrustDomain.unrestricted());
    assertEquals(
        Action.FOLLOW_WITH_CREDENTIALS, open.decide(FROM, "https://anywhere.org/x", 1).action());
  }

  @Test
  void x5_httpsToHttpIsRefusedEvenInCluster() {
    Decision d = policy.decide(FROM, "http://r1.eu.example.dev/x", 1);
    assertEquals(Action.REFUSE, d.action());
    assertEquals(
        "refusing redirect from https to http: " + FROM + " -> http://r1.eu.example.dev",
        d.reason());
  }

  @Test
  void x5_httpToHttpsIsFollowed() {
    Decision d =
        policy.decide(URI.create("http://eu.example.dev/x"), "https://r1.eu.example.dev/x", 1);
    assertEquals(Action.FOLLOW_WITH_CREDENTIALS, d.action());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "ftp://r1.eu.example.dev/x",
        "file:///etc/passwd",
        "javascript:alert(1)",
        "git://r1.eu.example.dev/x",
        "entire://r1.eu.example.dev/x"
      })
  void x5_otherSchemesAreRefused(String location) {
    Decision d = policy.decide(FROM, location, 1);
    assertEquals(Action.REFUSE, d.action());
    assertTrue(d.reason().startsWith("refusing redirect to unsupported scheme"), d.reason());
  }

  @Test
  void missingBlankOrMalformedLocationIsRefused() {
    assertEquals("redirect without Location from " + FROM, policy.decide(FROM, null, 1).reason());
    assertFalse(policy.decide(FROM, "  ", 1).follows());
    Decision bad = policy.decide(FROM, "https://r1 .eu.example.dev/ x", 1);
    assertFalse(bad.follows());
    assertEquals("invalid redirect Location from " + FROM, bad.reason());
  }
}
