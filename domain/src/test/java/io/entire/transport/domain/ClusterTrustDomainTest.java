package io.entire.transport.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ClusterTrustDomainTest {
  private static final PublicSuffixList PSL = TestPublicSuffixes.INSTANCE;

  private static ClusterTrustDomain trust(String clusterHost) {
    return ClusterTrustDomain.of(clusterHost, PSL);
  }

  @Test
  void r3_exactHostIsInCluster() {
    assertTrue(trust("eu.example.dev").contains("eu.example.dev"));
  }

  @Test
  void r3_subdomainsAreInCluster() {
    ClusterTrustDomain t = trust("eu.example.dev");
    assertTrue(t.contains("r1.eu.example.dev"));
    assertTrue(t.contains("a.b.eu.example.dev"));
  }

  @Test
  void r3_siblingsParentsAndLookalikesAreNot() {
    ClusterTrustDomain t = trust("eu.example.dev");
    assertFalse(t.contains("example.dev"));
    assertFalse(t.contains("us.example.dev"));
    assertFalse(t.contains("evileu.example.dev"));
    assertFalse(t.contains("r1-eu.example.dev"));
    assertFalse(t.contains("eu.example.dev.evil.com"));
    assertFalse(t.contains("dev"));
    assertFalse(t.contains(""));
    assertFalse(t.contains((String) null));
  }

  @Test
  void r3_comparisonIsCaseInsensitiveAndIgnoresTrailingDot() {
    ClusterTrustDomain t = trust("EU.Example.DEV");
    assertTrue(t.contains("r1.eu.example.dev"));
    assertTrue(t.contains("R1.EU.EXAMPLE.DEV"));
    assertTrue(t.contains("eu.example.dev."));
    assertEquals("eu.example.dev", t.clusterHost().orElseThrow());
  }

  @Test
  void r3_portsAreIgnored() {
    ClusterTrustDomain t = trust("eu.example.dev");
    assertTrue(t.contains(NodeUrl.of("https://r1.eu.example.dev:8443")));
    assertTrue(t.contains(URI.create("http://eu.example.dev:8080/x")));
    assertTrue(t.contains(URI.create("https://r1.eu.example.dev:1/x?y")));
    assertFalse(t.contains(URI.create("https://other.example.dev:443/x")));
  }

  @Test
  void r3_uriWithUserinfoIsNeverInCluster() {
    assertFalse(trust("eu.example.dev").contains(URI.create("https://u:p@eu.example.dev/x")));
    assertFalse(ClusterTrustDomain.unrestricted().contains(URI.create("https://u@host/x")));
  }

  /** R3: a cluster host that is itself a public suffix (or a single label) trusts no subdomain. */
  @ParameterizedTest
  @ValueSource(strings = {"io", "co.uk", "github.io", "localhost", "com"})
  void r3_neverSubdomainsOfPublicSuffixesOrSingleLabels(String clusterHost) {
    ClusterTrustDomain t = trust(clusterHost);
    assertTrue(t.contains(clusterHost), "exact match still counts");
    assertFalse(t.contains("evil." + clusterHost));
    assertFalse(t.contains("a.b." + clusterHost));
  }

  @Test
  void r3_registrableDomainsUnderMultiLabelSuffixesGetSubdomains() {
    assertTrue(trust("example.co.uk").contains("r1.example.co.uk"));
    assertTrue(trust("me.github.io").contains("r1.me.github.io"));
    assertFalse(trust("me.github.io").contains("you.github.io"));
  }

  @Test
  void r3_ipv4LiteralsMatchExactlyOnly() {
    ClusterTrustDomain t = trust("127.0.0.1");
    assertTrue(t.contains("127.0.0.1"));
    assertTrue(t.contains(NodeUrl.of("http://127.0.0.1:9000")));
    assertFalse(t.contains("127.0.0.2"));
    assertFalse(t.contains("x.127.0.0.1"));
    assertFalse(t.contains("localhost"));
  }

  @Test
  void r3_ipv6LiteralsMatchExactlyOnly() {
    ClusterTrustDomain t = trust("[::1]");
    assertTrue(t.contains("[::1]"));
    assertTrue(t.contains(NodeUrl.of("http://[::1]:9000")));
    assertFalse(t.contains("[::2]"));
    assertFalse(t.contains("x.[::1]"));
  }

  @Test
  void r3_ipHostsAreNotSubdomainsOfANamedCluster() {
    ClusterTrustDomain t = trust("example.com");
    assertFalse(t.contains("1.2.3.4"));
    assertFalse(t.contains("[::1]"));
  }

  // R4: without a cluster host every host is in-cluster.
  @Test
  void r4_noClusterHostTrustsEveryHost() {
    for (ClusterTrustDomain t :
        new ClusterTrustDomain[] {
          ClusterTrustDomain.unrestricted(), trust(null), trust(""), trust("  ")
        }) {
      assertFalse(t.isRestricted());
      assertTrue(t.clusterHost().isEmpty());
      assertTrue(t.contains("anything.example.org"));
      assertTrue(t.contains("10.0.0.1"));
      assertFalse(t.contains(""), "an empty host is never in-cluster");
    }
  }

  @Test
  void restrictedDomainSaysSoAndPrintsItsHost() {
    assertTrue(trust("eu.example.dev").isRestricted());
    assertEquals("ClusterTrustDomain[eu.example.dev]", trust("eu.example.dev").toString());
  }

  @Test
  void lastLabelFallbackListStillRefusesSingleLabelSuffix() {
    ClusterTrustDomain t = ClusterTrustDomain.of("example.dev", PublicSuffixList.LAST_LABEL);
    assertTrue(t.contains("r1.example.dev"));
    assertFalse(ClusterTrustDomain.of("dev", PublicSuffixList.LAST_LABEL).contains("x.dev"));
  }
}
