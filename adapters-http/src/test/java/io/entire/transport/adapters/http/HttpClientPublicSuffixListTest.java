package io.entire.transport.adapters.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.entire.transport.domain.ClusterTrustDomain;
import io.entire.transport.domain.PublicSuffixList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** R3: the trust domain never widens to a public suffix; the list is HttpClient 5's. */
class HttpClientPublicSuffixListTest {
  private final PublicSuffixList list = HttpClientPublicSuffixList.getDefault();

  @ParameterizedTest
  @ValueSource(
      strings = {"io", "co.uk", "github.io", "com", "dev", "s3.amazonaws.com", "localhost"})
  void r3PublicSuffixesAreTheirOwnSuffixAndNotMoreSpecific(String host) {
    assertEquals(host, list.publicSuffixOf(host));
    assertFalse(list.isMoreSpecificThanPublicSuffix(host), host);
  }

  @ParameterizedTest
  @CsvSource({
    "eu.example.dev, dev",
    "example.dev, dev",
    "repo.example.co.uk, co.uk",
    "org.github.io, github.io",
    "a.b.example.com, com",
    "foo.bar.ck, bar.ck",
    "www.ck, ck",
    "node.unknown-tld, unknown-tld",
    "EU.Example.DEV., dev"
  })
  void r3NamesBelowASuffixAreMoreSpecificThanIt(String host, String suffix) {
    assertEquals(suffix, list.publicSuffixOf(host));
    assertTrue(
        list.isMoreSpecificThanPublicSuffix(host.toLowerCase().replaceAll("\\.$", "")), host);
  }

  @Test
  void r3InternationalisedNamesKeepTheFormTheyWereGivenIn() {
    // "рф" (xn--p1ai) is a public suffix; the answer stays in the ASCII form of the question.
    assertEquals("xn--p1ai", list.publicSuffixOf("xn--e1afmkfd.xn--p1ai"));
    assertEquals("xn--p1ai", list.publicSuffixOf("xn--p1ai"));
    assertTrue(list.isMoreSpecificThanPublicSuffix("xn--e1afmkfd.xn--p1ai"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"127.0.0.1", "10.1.2.3", "::1", "[::1]"})
  void r3IpLiteralsHaveNoSubdomains(String ip) {
    assertEquals(ip, list.publicSuffixOf(ip));
    assertFalse(list.isMoreSpecificThanPublicSuffix(ip));
  }

  @Test
  void r3TrustDomainOverTheRealListAdmitsSubdomainsOnlyBelowARegistrableName() {
    ClusterTrustDomain cluster = ClusterTrustDomain.of("eu.example.dev", list);
    assertTrue(cluster.contains("node1.eu.example.dev"));
    assertFalse(cluster.contains("evil.example.dev"));

    ClusterTrustDomain pages = ClusterTrustDomain.of("github.io", list);
    assertTrue(pages.contains("github.io"));
    assertFalse(pages.contains("attacker.github.io"), "github.io is a public suffix");

    ClusterTrustDomain uk = ClusterTrustDomain.of("co.uk", list);
    assertFalse(uk.contains("anyone.co.uk"));
  }
}
