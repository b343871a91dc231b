package io.entire.transport.adapters.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.InetSocketAddress;
import java.net.PasswordAuthentication;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** N1: the rules as a ProxySelector for the HTTP client, and the proxy's credentials. */
class ProxyRulesTest {
  private final ProxyUrl proxy = ProxyUrl.parse("http://alice:s3cr3t@proxy.corp:3128");
  private final ProxyRules rules =
      ProxyRules.all(proxy, NoProxy.parse("localhost,.internal.example,10.0.0.0/8,::1"));

  @Test
  void N1_selectorReturnsTheProxyForOtherHosts() {
    List<Proxy> chosen = rules.selector().select(URI.create("https://r1.cluster.example:443"));

    assertEquals(
        List.of(new Proxy(Proxy.Type.HTTP, InetSocketAddress.createUnresolved("proxy.corp", 3128))),
        chosen);
  }

  @Test
  void N1_selectorReturnsNoProxyForBypassedHosts() {
    ProxySelector selector = rules.selector();
    for (String target :
        List.of(
            "https://localhost:8443/",
            "https://git.internal.example/",
            "http://10.1.2.3:8080/",
            "https://[::1]:8443/")) {
      assertEquals(List.of(Proxy.NO_PROXY), selector.select(URI.create(target)), target);
    }
  }

  @Test
  void N1_perSchemeRulesAndOtherSchemesGoDirect() {
    ProxyRules httpsOnly = ProxyRules.of(proxy, null, NoProxy.NONE);

    assertEquals(Optional.of(proxy), httpsOnly.proxyFor(URI.create("https://a.example/")));
    assertEquals(Optional.empty(), httpsOnly.proxyFor(URI.create("http://a.example/")));
    assertEquals(Optional.empty(), rules.proxyFor(URI.create("ftp://a.example/")));
    assertEquals(Optional.empty(), ProxyRules.DIRECT.proxyFor(URI.create("https://a.example/")));
  }

  @Test
  void N1_selectorRefusesAUriWithoutHostAsItsContractSays() {
    assertThrows(
        IllegalArgumentException.class, () -> rules.selector().select(URI.create("/relative")));
  }

  @Test
  void N1_credentialsAreThoseOfTheProxyAtThatAddress() {
    PasswordAuthentication credentials = rules.credentialsFor("PROXY.corp", 3128).orElseThrow();

    assertEquals("alice", credentials.getUserName());
    assertArrayEquals("s3cr3t".toCharArray(), credentials.getPassword());
    assertEquals(Optional.empty(), rules.credentialsFor("proxy.corp", 8080));
    assertEquals(Optional.empty(), rules.credentialsFor("other.corp", 3128));
  }

  @Test
  void N1_credentialsForAnIpv6ProxyWithOrWithoutBrackets() {
    ProxyRules v6 = ProxyRules.all(ProxyUrl.parse("http://bob:pw@[fd00::1]:3128"), NoProxy.NONE);

    assertEquals("bob", v6.credentialsFor("[fd00::1]", 3128).orElseThrow().getUserName());
    assertEquals("bob", v6.credentialsFor("fd00::1", 3128).orElseThrow().getUserName());
  }

  @Test
  void N1_proxiesAreListedOnce() {
    assertEquals(List.of(proxy), rules.proxies());
    ProxyUrl other = ProxyUrl.parse("other:8080");
    assertEquals(List.of(proxy, other), ProxyRules.of(proxy, other, NoProxy.NONE).proxies());
    assertEquals(List.of(), ProxyRules.DIRECT.proxies());
  }
}
