package io.entire.transport.application.port.in;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.entire.transport.domain.HttpUrl;
import io.entire.transport.domain.NodeUrl;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

// The deprecated connection settings are still carried and validated: tested until removed.
@SuppressWarnings("deprecation")
class TransportConfigTest {

  private static TransportConfig.Builder valid() {
    return TransportConfig.builder().entryUrl("https://eu.example.dev").repoPath("/et/o/r");
  }

  private static String invalid(TransportConfig.Builder builder) {
    return assertThrows(IllegalArgumentException.class, builder::build).getMessage();
  }

  @Test
  void defaults() {
    TransportConfig config = valid().build();

    assertEquals(URI.create("https://eu.example.dev"), config.entryUrl());
    assertEquals("eu.example.dev", config.clusterHost(), "the cluster host is the entry's host");
    assertEquals("/et/o/r", config.repoPath());
    assertEquals(List.of(), config.initialNodes());
    assertFalse(config.skipTlsVerify());
    assertEquals(TransportConfig.DEFAULT_USER_AGENT, config.userAgent());
    assertEquals(Duration.ofSeconds(2), config.connectTimeout());
    assertEquals(Duration.ofSeconds(60), config.readTimeout());
    assertSame(LowSpeedLimit.OFF, config.lowSpeedLimit());
    assertSame(NodeFailedListener.NONE, config.nodeFailedListener());
    assertNotNull(config.cancellation());
    assertFalse(config.cancellation().isCancelled());
  }

  @Test
  void everyValueCanBeSet() {
    Cancellation cancellation = new Cancellation();
    NodeFailedListener listener = (node, cause) -> {};
    TransportConfig config =
        valid()
            .clusterHost("example.dev")
            .initialNodes(List.of(NodeUrl.of("https://r1.example.dev")))
            .skipTlsVerify(true)
            .userAgent("git-remote-entire/1.0")
            .connectTimeout(Duration.ofMillis(500))
            .readTimeout(Duration.ofSeconds(5))
            .lowSpeedLimit(new LowSpeedLimit(1000, Duration.ofSeconds(10)))
            .nodeFailedListener(listener)
            .cancellation(cancellation)
            .build();

    assertEquals("example.dev", config.clusterHost());
    assertEquals(List.of(NodeUrl.of("https://r1.example.dev")), config.initialNodes());
    assertTrue(config.skipTlsVerify());
    assertEquals("git-remote-entire/1.0", config.userAgent());
    assertEquals(Duration.ofMillis(500), config.connectTimeout());
    assertEquals(Duration.ofSeconds(5), config.readTimeout());
    assertEquals(new LowSpeedLimit(1000, Duration.ofSeconds(10)), config.lowSpeedLimit());
    assertSame(listener, config.nodeFailedListener());
    assertSame(cancellation, config.cancellation());
  }

  @Test
  void r4_anExplicitlyNullClusterHostTrustsEveryHost() {
    assertNull(valid().clusterHost(null).build().clusterHost());
  }

  // K1: the cache key is the cluster host, with the entry port unless it is the default one, so
  // two clusters on one host (another port, another scheme's port) never share cache entries.
  @Test
  void k1_cacheKeyIsTheClusterHostWithANonDefaultEntryPort() {
    assertEquals("eu.example.dev", valid().build().cacheKey());
    assertEquals(
        "eu.example.dev", valid().entryUrl("https://eu.example.dev:443").build().cacheKey());
    assertEquals(
        "eu.example.dev:8443", valid().entryUrl("https://eu.example.dev:8443").build().cacheKey());
    assertEquals("127.0.0.1", valid().entryUrl("http://127.0.0.1:80").build().cacheKey());
    assertEquals("127.0.0.1:8080", valid().entryUrl("http://127.0.0.1:8080").build().cacheKey());
    assertEquals(
        "example.dev:8443",
        valid()
            .entryUrl("https://eu.example.dev:8443")
            .clusterHost("example.dev")
            .build()
            .cacheKey());
    assertEquals(
        "",
        TransportConfig.builder()
            .repoPath("/et/o/r")
            .initialNodes(List.of(NodeUrl.of("http://127.0.0.1:8080")))
            .build()
            .cacheKey());
  }

  // G1 for the library: plain http only to loopback hosts unless allowed, so a token never
  // crosses the network in clear text by accident.
  @Test
  void g1_plainHttpToANonLoopbackEntryIsRefusedUnlessAllowed() {
    String message = invalid(valid().entryUrl("http://eu.example.dev"));
    assertTrue(
        message.contains("refusing plain http to non-loopback host eu.example.dev"), message);
    assertTrue(message.contains("allowHttp(true)"), message);
    assertEquals(
        URI.create("http://eu.example.dev"),
        valid().entryUrl("http://eu.example.dev").allowHttp(true).build().entryUrl());
    assertEquals(
        URI.create("http://127.0.0.1:8080"),
        valid().entryUrl("http://127.0.0.1:8080").build().entryUrl(),
        "loopback");
  }

  @Test
  void g1_plainHttpInitialNodesOnOtherHostsAreRefusedUnlessAllowed() {
    String message =
        invalid(valid().initialNodes(List.of(NodeUrl.of("http://node1.eu.example.dev"))));
    assertTrue(message.contains("http://node1.eu.example.dev"), message);
    assertEquals(
        1,
        valid()
            .initialNodes(List.of(NodeUrl.of("http://node1.eu.example.dev")))
            .allowHttp(true)
            .build()
            .initialNodes()
            .size());
  }

  @Test
  void onlyInitialNodesWithoutAnEntryIsValid() {
    TransportConfig config =
        TransportConfig.builder()
            .repoPath("/et/o/r")
            .initialNodes(List.of(NodeUrl.of("http://127.0.0.1:8080")))
            .build();

    assertNull(config.entryUrl());
    assertNull(config.clusterHost());
    assertEquals("/et/o/r", config.audience());
  }

  @Test
  void audienceIsTheEntryUrlPlusTheRepoPath() {
    assertEquals("https://eu.example.dev/et/o/r", valid().build().audience());
    assertEquals(
        "https://eu.example.dev:8443/et/o/r",
        valid().entryUrl("https://eu.example.dev:8443/").build().audience());
  }

  @Test
  void audienceUrlIsTheAudienceAsAnHttpUrl() {
    assertEquals(
        Optional.of(HttpUrl.of("https://eu.example.dev:8443/et/o/r")),
        valid().entryUrl("https://eu.example.dev:8443/").build().audienceUrl());
    assertEquals(
        Optional.empty(),
        TransportConfig.builder().repoPath("/et/o/r").build().audienceUrl(),
        "without an entry URL the audience is only the repo path");
    assertEquals(
        Optional.empty(),
        valid().repoPath("/et/o/re{po").build().audienceUrl(),
        "a repo path that is no URL path keeps the audience a plain string");
  }

  @Test
  void initialNodesAreCopied() {
    List<NodeUrl> nodes = new ArrayList<>(List.of(NodeUrl.of("https://r1.example.dev")));
    TransportConfig config = valid().initialNodes(nodes).build();
    nodes.clear();

    assertEquals(1, config.initialNodes().size());
    assertThrows(UnsupportedOperationException.class, () -> config.initialNodes().clear());
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "ftp://eu.example.dev | entryUrl must be http or https: ftp://eu.example.dev",
        "eu.example.dev | entryUrl must be http or https: eu.example.dev",
        "https:///et/o/r | entryUrl has no host: https:///et/o/r",
        "https://eu.example.dev/et/o/r | entryUrl must be scheme://host[:port] without path (the"
            + " path goes in repoPath): https://eu.example.dev/et/o/r",
        "https://eu.example.dev?x=1 | entryUrl must not have a query or fragment:"
            + " https://eu.example.dev?x=1",
        "https://eu.example.dev#f | entryUrl must not have a query or fragment:"
            + " https://eu.example.dev#f",
      })
  void invalidEntryUrlsAreNamed(String entryUrl, String message) {
    assertEquals(message, invalid(valid().entryUrl(entryUrl)));
  }

  @Test
  void entryUrlWithUserinfoIsRefusedWithoutEchoingIt() {
    String message = invalid(valid().entryUrl("https://me:s3cret@eu.example.dev"));

    assertEquals("entryUrl must not contain userinfo", message);
  }

  @Test
  void malformedEntryUrlIsRefusedAtOnce() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> TransportConfig.builder().entryUrl("https://eu example.dev"));

    assertTrue(e.getMessage().startsWith("entryUrl is not a valid URL: "), e.getMessage());
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "/ | repoPath must start with '/' and name a repository",
        "et/o/r | repoPath must start with '/' and name a repository",
        "/et/o/r/ | repoPath must not end with '/': /et/o/r/",
        "/et/o/r?x=1 | repoPath contains a forbidden character at index 7: /et/o/r?x=1",
        "/et/o/r#x | repoPath contains a forbidden character at index 7: /et/o/r#x",
        "/et/o r | repoPath contains a forbidden character at index 5: /et/o r",
        "/et\\o | repoPath contains a forbidden character at index 3: /et\\o",
        "/et//r | repoPath has an empty, '.' or '..' segment: /et//r",
        "/et/../r | repoPath has an empty, '.' or '..' segment: /et/../r",
        "/et/./r | repoPath has an empty, '.' or '..' segment: /et/./r",
      })
  void invalidRepoPathsAreNamed(String repoPath, String message) {
    assertEquals(message, invalid(valid().repoPath(repoPath)));
  }

  @Test
  void repoPathWithControlCharactersIsRefused() {
    assertTrue(
        invalid(valid().repoPath("/et/o\r\nX: y")).startsWith("repoPath contains a forbidden"));
  }

  @Test
  void missingRepoPathIsNamed() {
    assertEquals(
        "repoPath is required, e.g. /org/repo",
        invalid(TransportConfig.builder().entryUrl("https://eu.example.dev")));
  }

  @Test
  void timeoutsMustBePositive() {
    assertEquals(
        "connectTimeout must be positive: PT0S", invalid(valid().connectTimeout(Duration.ZERO)));
    assertEquals(
        "readTimeout must be positive: PT-1S",
        invalid(valid().readTimeout(Duration.ofSeconds(-1))));
    NullPointerException npe =
        assertThrows(NullPointerException.class, () -> valid().readTimeout(null).build());
    assertEquals("readTimeout", npe.getMessage());
  }

  @Test
  void userAgentMustBePrintable() {
    assertEquals(
        "userAgent must be printable and not blank: \" \"", invalid(valid().userAgent(" ")));
    assertEquals(
        "userAgent must be printable and not blank: \"ua??X: y\"",
        invalid(valid().userAgent("ua\r\nX: y")));
    assertEquals(
        "userAgent must be printable and not blank: \"ua?\"",
        invalid(valid().userAgent("ua\u007f")));
  }

  @Test
  void clusterHostMustBeABareHostname() {
    assertEquals("clusterHost must be a bare hostname: ", invalid(valid().clusterHost("")));
    assertEquals(
        "clusterHost must be a bare hostname: https://eu.example.dev/",
        invalid(valid().clusterHost("https://eu.example.dev/")));
  }
}
