package io.entire.transport.adapters.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** N1: the environment variables curl reads, in curl's order (checked with curl 7.88.1). */
class ProxyEnvironmentTest {
  private static final URI HTTPS = URI.create("https://r1.cluster.example:443/repo");
  private static final URI HTTP = URI.create("http://r1.cluster.example:80/repo");

  private static Optional<String> proxyFor(Map<String, String> env, URI target) {
    return ProxyEnvironment.rules(env).proxyFor(target).map(ProxyUrl::toString);
  }

  @Test
  void N1_httpsTargetsUseLowerCaseThenUpperCaseHttpsProxy() {
    assertEquals(
        Optional.of("http://lower:1080"),
        proxyFor(Map.of("https_proxy", "lower", "HTTPS_PROXY", "upper"), HTTPS));
    assertEquals(Optional.of("http://upper:1080"), proxyFor(Map.of("HTTPS_PROXY", "upper"), HTTPS));
  }

  @Test
  void N1_httpTargetsIgnoreUpperCaseHttpProxyBecauseOfHttpoxy() {
    assertEquals(Optional.empty(), proxyFor(Map.of("HTTP_PROXY", "upper"), HTTP));
    assertEquals(Optional.of("http://lower:1080"), proxyFor(Map.of("http_proxy", "lower"), HTTP));
    assertEquals(Optional.empty(), proxyFor(Map.of("http_proxy", "lower"), HTTPS));
  }

  @Test
  void N1_allProxyIsTheFallbackLowerCaseFirst() {
    Map<String, String> env = Map.of("all_proxy", "lower-all", "ALL_PROXY", "upper-all");
    assertEquals(Optional.of("http://lower-all:1080"), proxyFor(env, HTTPS));
    assertEquals(Optional.of("http://lower-all:1080"), proxyFor(env, HTTP));
    assertEquals(
        Optional.of("http://upper-all:1080"), proxyFor(Map.of("ALL_PROXY", "upper-all"), HTTP));
    assertEquals(
        Optional.of("http://specific:1080"),
        proxyFor(Map.of("ALL_PROXY", "all", "https_proxy", "specific"), HTTPS));
  }

  @Test
  void N1_anEmptyVariableCountsAsUnset() {
    assertEquals(
        Optional.of("http://upper:1080"),
        proxyFor(Map.of("https_proxy", "", "HTTPS_PROXY", "upper"), HTTPS));
    assertEquals(
        Optional.of("http://all:1080"),
        proxyFor(Map.of("http_proxy", "", "ALL_PROXY", "all"), HTTP));
  }

  @Test
  void N1_noProxyLowerCaseFirstThenUpperCase() {
    ProxyRules lowerWins =
        ProxyEnvironment.rules(
            Map.of("https_proxy", "p", "no_proxy", "other.example", "NO_PROXY", "cluster.example"));
    assertTrue(lowerWins.proxyFor(HTTPS).isPresent(), "no_proxy wins over NO_PROXY");

    ProxyRules upperWhenLowerEmpty =
        ProxyEnvironment.rules(
            Map.of("https_proxy", "p", "no_proxy", "", "NO_PROXY", "cluster.example"));
    assertFalse(upperWhenLowerEmpty.proxyFor(HTTPS).isPresent());
  }

  @Test
  void N1_noVariablesMeansDirect() {
    ProxyRules rules = ProxyEnvironment.rules(Map.of("PATH", "/bin"));

    assertEquals(Optional.empty(), rules.proxyFor(HTTPS));
    assertEquals(Optional.empty(), rules.proxyFor(HTTP));
    assertSame(NoProxy.NONE, rules.noProxy());
  }

  @Test
  void N1_aBadValueNamesTheVariableAndHidesThePassword() {
    IllegalArgumentException bad =
        assertThrows(
            IllegalArgumentException.class,
            () -> ProxyEnvironment.rules(Map.of("HTTPS_PROXY", "socks5://u:s3cr3t@p:1080")));

    assertTrue(bad.getMessage().startsWith("HTTPS_PROXY: "), bad.getMessage());
    assertTrue(bad.getMessage().contains("SOCKS"), bad.getMessage());
    assertFalse(bad.getMessage().contains("s3cr3t"), bad.getMessage());
  }
}
