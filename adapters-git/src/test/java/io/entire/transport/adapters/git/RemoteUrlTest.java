package io.entire.transport.adapters.git;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** G1: the URL git passes to the helper. */
class RemoteUrlTest {

  private static RemoteUrl parse(String url) throws InvalidRemoteUrlException {
    return RemoteUrl.parse(url, false);
  }

  private static String refused(String url) {
    return assertThrows(InvalidRemoteUrlException.class, () -> parse(url)).getMessage();
  }

  @ParameterizedTest(name = "G1 {0}")
  @CsvSource({
    "entire://eu.example.dev/et/org/repo, https://eu.example.dev, eu.example.dev, /et/org/repo",
    "entire://eu.example.dev:8443/et/org/repo, https://eu.example.dev:8443, eu.example.dev,"
        + " /et/org/repo",
    "https://eu.example.dev/et/org/repo, https://eu.example.dev, eu.example.dev, /et/org/repo",
    "HTTPS://EU.Example.DEV/et/Org/Repo, https://eu.example.dev, eu.example.dev, /et/Org/Repo",
    "ENTIRE://eu.example.dev/r, https://eu.example.dev, eu.example.dev, /r",
    "entire://eu.example.dev/et/org/repo.git, https://eu.example.dev, eu.example.dev,"
        + " /et/org/repo.git",
    "entire://eu.example.dev/et/org/repo/, https://eu.example.dev, eu.example.dev, /et/org/repo",
    "entire://eu.example.dev/et/org/repo.git///, https://eu.example.dev, eu.example.dev,"
        + " /et/org/repo.git",
    "entire://eu.example.dev/et/org/my%20repo, https://eu.example.dev, eu.example.dev,"
        + " /et/org/my%20repo",
    "http://127.0.0.1:8080/et/a/r, http://127.0.0.1:8080, 127.0.0.1, /et/a/r",
    "http://127.255.3.4/r, http://127.255.3.4, 127.255.3.4, /r",
    "http://localhost:9000/r, http://localhost:9000, localhost, /r",
    "http://LOCALHOST/r, http://localhost, localhost, /r",
    "http://[::1]:8080/r, http://[::1]:8080, [::1], /r",
    "http://[0:0:0:0:0:0:0:1]/r, http://[0:0:0:0:0:0:0:1], [0:0:0:0:0:0:0:1], /r",
    "entire://[2001:db8::1]:443/r, https://[2001:db8::1]:443, [2001:db8::1], /r",
    "entire://eu.example.dev:1/r, https://eu.example.dev:1, eu.example.dev, /r",
    "entire://eu.example.dev:65535/r, https://eu.example.dev:65535, eu.example.dev, /r",
  })
  void acceptsAndSplitsValidUrls(String url, String base, String host, String path)
      throws InvalidRemoteUrlException {
    RemoteUrl parsed = parse(url);
    assertEquals(URI.create(base), parsed.baseUrl());
    assertEquals(host, parsed.clusterHost());
    assertEquals(path, parsed.repoPath());
    assertEquals(base + path, parsed.toString());
  }

  @Test
  void entireSchemeMeansHttps() throws InvalidRemoteUrlException {
    RemoteUrl url = parse("entire://eu.example.dev/r");
    assertEquals("https", url.scheme());
    assertEquals(-1, url.port());
  }

  @Test
  void g1PlainHttpToANonLoopbackHostIsRefusedUnlessAllowed() throws InvalidRemoteUrlException {
    String message = refused("http://eu.example.dev/et/org/repo");
    assertTrue(message.contains("plain http"), message);
    assertTrue(message.contains("ENTIRE_ALLOW_HTTP"), message);
    RemoteUrl allowed = RemoteUrl.parse("http://eu.example.dev/et/org/repo", true);
    assertEquals(URI.create("http://eu.example.dev"), allowed.baseUrl());
  }

  @ParameterizedTest(name = "G1 not loopback: {0}")
  @ValueSource(
      strings = {
        "http://128.0.0.1/r",
        "http://127.0.0.1.example.dev/r",
        "http://localhost.example.dev/r",
        "http://[::2]/r",
        "http://10.0.0.1/r",
        "http://0177.0.0.1/r"
      })
  void onlyTrueLoopbackHostsMayUsePlainHttp(String url) {
    assertTrue(refused(url).contains("plain http"));
  }

  @Test
  void anIpv4LiteralOutOfRangeIsNotLoopback() {
    assertThrows(InvalidRemoteUrlException.class, () -> parse("http://127.0.0.256/r"));
  }

  @Test
  void g1UserInfoIsRefusedWithoutEchoingIt() {
    String message = refused("entire://user:s3cr3t-token@eu.example.dev/et/org/repo");
    assertTrue(message.contains("user info"), message);
    assertFalse(message.contains("s3cr3t"), message);
    assertTrue(refused("https://token@eu.example.dev/r").contains("user info"));
  }

  @Test
  void g1QueryAndFragmentAreRefused() {
    assertTrue(refused("entire://eu.example.dev/r?x=1").contains("query"));
    assertTrue(refused("entire://eu.example.dev?x=1").contains("query"));
    assertTrue(refused("entire://eu.example.dev/r#frag").contains("fragment"));
  }

  @ParameterizedTest(name = "G1 control character {0}")
  @ValueSource(ints = {0, 9, 10, 13, 27, 127, 0x85})
  void g1ControlCharactersAreRefusedWithoutEchoingThem(int c) {
    String url = "entire://eu.example.dev/et/" + (char) c + "/repo";
    String message = refused(url);
    assertTrue(message.contains("control character"), message);
    assertFalse(message.indexOf((char) c) >= 0, "message must not carry the character");
  }

  @Test
  void spacesAreRefused() {
    assertTrue(refused("entire://eu.example.dev/my repo").contains("space"));
  }

  @ParameterizedTest(name = "G1 no host: {0}")
  @ValueSource(strings = {"entire:///et/org/repo", "entire://:443/r", "http://[]/r"})
  void aUrlWithoutHostIsRefused(String url) {
    assertTrue(refused(url).contains("no host"), refused(url));
  }

  @ParameterizedTest(name = "G1 no path: {0}")
  @ValueSource(strings = {"entire://eu.example.dev", "entire://eu.example.dev/", "entire://h//"})
  void aUrlWithoutRepositoryPathIsRefused(String url) {
    assertTrue(refused(url).contains("no repository path"), refused(url));
  }

  @ParameterizedTest(name = "G1 dot segments: {0}")
  @ValueSource(
      strings = {
        "entire://h/et/../secret",
        "entire://h/..",
        "entire://h/et/./r",
        "entire://h/et/%2e%2e/r",
        "entire://h/et/%2E%2e/r",
        "entire://h/et/.%2E/r"
      })
  void dotSegmentsAreRefused(String url) {
    assertTrue(refused(url).contains("'..'"), refused(url));
  }

  @Test
  void dotsInsideNamesAreFine() throws InvalidRemoteUrlException {
    assertEquals("/et/..hidden/r...git", parse("entire://h/et/..hidden/r...git").repoPath());
  }

  @Test
  void emptySegmentsAreRefused() {
    assertTrue(refused("entire://h/et//r").contains("empty segment"));
  }

  @ParameterizedTest(name = "G1 bad port: {0}")
  @ValueSource(
      strings = {
        "entire://h:0/r",
        "entire://h:65536/r",
        "entire://h:99999999/r",
        "entire://h:-1/r",
        "entire://h:abc/r",
        "entire://h:/r",
        "entire://h:80:81/r",
        "entire://[::1]:x/r"
      })
  void badPortsAreRefused(String url) {
    assertTrue(refused(url).contains("invalid port"), refused(url));
  }

  @ParameterizedTest(name = "G1 unsupported: {0}")
  @ValueSource(
      strings = {"ssh://h/r", "file:///tmp/r", "git://h/r", "entire::https://h/r", "ftp://h/r"})
  void otherSchemesAreRefused(String url) {
    assertTrue(refused(url).contains("unsupported remote URL scheme"), refused(url));
  }

  @ParameterizedTest(name = "G1 not a URL: {0}")
  @ValueSource(strings = {"eu.example.dev/et/org/repo", "/tmp/repo", "entire:/h/r", "://h/r"})
  void nonUrlsAreRefused(String url) {
    assertTrue(refused(url).contains("must look like entire://"), refused(url));
  }

  @Test
  void emptyAndNullAreRefused() {
    assertTrue(refused("").contains("empty"));
    assertThrows(InvalidRemoteUrlException.class, () -> RemoteUrl.parse(null, true));
  }

  @Test
  void invalidHostCharactersAreRefused() {
    assertTrue(
        refused("entire://bad_host!/r").contains("invalid host"), refused("entire://bad_host!/r"));
    assertTrue(refused("entire://[::1/r").contains("IPv6"));
    assertTrue(refused("entire://[::1]x/r").contains("IPv6"));
    assertTrue(refused("entire://h/a\\b").contains("'\\'"));
  }

  @Test
  void malformedPercentEncodingIsRefused() {
    assertTrue(refused("entire://h/a%zz").contains("malformed"), refused("entire://h/a%zz"));
  }

  @Test
  void equalUrlsAreEqual() throws InvalidRemoteUrlException {
    assertEquals(parse("entire://h/r/"), parse("https://H/r"));
    assertEquals(parse("entire://h/r/").hashCode(), parse("https://H/r").hashCode());
  }
}
