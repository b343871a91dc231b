package io.entire.transport.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NodeUrlTest {

  @Test
  void parsesSchemeHostAndPort() {
    NodeUrl node = NodeUrl.of("https://r1.eu.example.dev:8443");
    assertEquals("https", node.scheme());
    assertEquals("r1.eu.example.dev", node.host());
    assertEquals(8443, node.port());
    assertEquals(8443, node.effectivePort());
    assertTrue(node.isHttps());
    assertEquals("https://r1.eu.example.dev:8443", node.toString());
  }

  @Test
  void lowerCasesSchemeAndHostAndDropsDefaultPortAndTrailingSlash() {
    NodeUrl node = NodeUrl.of("HTTPS://R1.Example.DEV:443/");
    assertEquals(NodeUrl.of("https://r1.example.dev"), node);
    assertEquals(-1, node.port());
    assertEquals(443, node.effectivePort());
    assertEquals("https://r1.example.dev", node.toString());
    assertEquals(NodeUrl.of("http://a"), NodeUrl.of("http://a:80"));
    assertEquals(80, NodeUrl.of("http://a").effectivePort());
  }

  @Test
  void differentPortsOrSchemesAreDifferentNodes() {
    assertNotEquals(NodeUrl.of("https://a.example.com"), NodeUrl.of("https://a.example.com:8443"));
    assertNotEquals(NodeUrl.of("https://a.example.com"), NodeUrl.of("http://a.example.com"));
  }

  @Test
  void keepsIpv6Brackets() {
    NodeUrl node = NodeUrl.of("http://[::1]:8080");
    assertEquals("[::1]", node.host());
    assertEquals("http://[::1]:8080", node.toString());
  }

  /** R2: only absolute http(s) URLs with a host, without userinfo, path, query or fragment. */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "   ",
        "r1.example.com",
        "/relative/path",
        "//r1.example.com",
        "ftp://r1.example.com",
        "file:///etc/passwd",
        "mailto:someone@example.com",
        "https://user:pw@r1.example.com",
        "https://user@r1.example.com",
        "https://r1.example.com/repo",
        "https://r1.example.com?x=1",
        "https://r1.example.com#frag",
        "https://",
        "https://r1.example.com:99999",
        "https://r1.example.com\r\nX-Evil: 1",
        "ht tp://r1",
        "not a url at all"
      })
  void rejectsAnythingThatIsNotANodeUrl(String text) {
    assertTrue(NodeUrl.parse(text).isEmpty(), text);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> NodeUrl.of(text));
    assertTrue(e.getMessage().startsWith("not a node URL"), e.getMessage());
  }

  @Test
  void parseOfNullIsEmpty() {
    assertTrue(NodeUrl.parse(null).isEmpty());
  }

  @Test
  void originOfDropsPathAndQuery() {
    assertEquals(
        NodeUrl.of("https://r2.example.com:444"),
        NodeUrl.originOf(URI.create("https://r2.example.com:444/et/org/repo/info/refs?service=x"))
            .orElseThrow());
    assertTrue(NodeUrl.originOf(URI.create("https://u@r2.example.com/x")).isEmpty());
    assertTrue(NodeUrl.originOf(URI.create("ftp://r2.example.com/x")).isEmpty());
    assertTrue(NodeUrl.originOf(null).isEmpty());
  }

  @Test
  void resolveAppendsPathAndQuery() {
    assertEquals(
        URI.create("https://r1.example.com/et/o/r/info/refs?service=git-upload-pack"),
        NodeUrl.of("https://r1.example.com").resolve("/et/o/r/info/refs?service=git-upload-pack"));
    assertThrows(
        IllegalArgumentException.class, () -> NodeUrl.of("https://r1.example.com").resolve("x"));
  }

  @Test
  void isHttpsIsFalseForHttp() {
    assertFalse(NodeUrl.of("http://r1.example.com").isHttps());
  }
}
