package io.entire.transport.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.entire.transport.domain.HttpUrl.Flaw;
import java.net.URI;
import java.util.EnumSet;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HttpUrlTest {

  @Test
  void parsesSchemeHostPortPathQueryAndFragment() {
    HttpUrl url = HttpUrl.of("https://eu.example.dev:8443/et/org/repo%2Fx?service=git#top");
    assertEquals("https", url.scheme());
    assertTrue(url.isHttps());
    assertEquals("eu.example.dev", url.host());
    assertEquals(8443, url.port());
    assertEquals(8443, url.effectivePort());
    assertEquals("eu.example.dev:8443", url.authority());
    assertEquals("/et/org/repo%2Fx", url.rawPath());
    assertEquals("/et/org/repo/x", url.path());
    assertEquals(Optional.of("service=git"), url.rawQuery());
    assertEquals(Optional.of("top"), url.rawFragment());
    assertEquals("https://eu.example.dev:8443/et/org/repo%2Fx?service=git#top", url.toString());
    assertEquals(URI.create(url.toString()), url.toUri());
  }

  @Test
  void lowerCasesTheSchemeAndKeepsEverythingElseAsGiven() {
    HttpUrl url = HttpUrl.of("HTTP://Eu.Example.DEV:80/Org/Repo/");
    assertEquals("http", url.scheme());
    assertFalse(url.isHttps());
    assertEquals("Eu.Example.DEV", url.host());
    assertEquals(80, url.port());
    assertEquals("/Org/Repo/", url.rawPath());
    assertEquals("http://Eu.Example.DEV:80/Org/Repo/", url.toString());
    assertEquals(HttpUrl.of("http://Eu.Example.DEV:80/Org/Repo/"), url);
    assertEquals(HttpUrl.of("http://Eu.Example.DEV:80/Org/Repo/").hashCode(), url.hashCode());
  }

  @Test
  void defaultPortsAndMissingPathsAndQueries() {
    HttpUrl https = HttpUrl.of("https://a.example");
    assertEquals(-1, https.port());
    assertEquals(443, https.effectivePort());
    assertEquals("", https.rawPath());
    assertEquals("", https.path());
    assertEquals(Optional.empty(), https.rawQuery());
    assertEquals(Optional.empty(), https.rawFragment());
    assertEquals(80, HttpUrl.of("http://a.example").effectivePort());
    assertEquals(443, HttpUrl.of("https://a.example:8443").defaultPort());
    assertEquals("[::1]", HttpUrl.of("http://[::1]:8080/x").host());
    assertNotEquals(HttpUrl.of("https://a.example"), HttpUrl.of("https://a.example:443"));
  }

  @Test
  void originIsTheNodeUrl() {
    assertEquals(
        Optional.of(NodeUrl.of("https://r1.example.dev:8443")),
        HttpUrl.of("HTTPS://R1.Example.dev:8443/repo?x=1").origin());
    assertEquals(Optional.empty(), HttpUrl.of("https://a.example:70000/").origin());
  }

  @Test
  void flawsNameEveryReasonForARefusal() {
    assertEquals(EnumSet.noneOf(Flaw.class), HttpUrl.flawsOf(URI.create("https://a/x")));
    assertEquals(
        EnumSet.of(Flaw.NOT_ABSOLUTE, Flaw.NO_HOST), HttpUrl.flawsOf(URI.create("/relative")));
    assertEquals(EnumSet.of(Flaw.NOT_ABSOLUTE), HttpUrl.flawsOf(URI.create("//host/x")));
    assertEquals(EnumSet.of(Flaw.NOT_HTTP), HttpUrl.flawsOf(URI.create("ftp://a/x")));
    assertEquals(
        EnumSet.of(Flaw.NOT_HTTP, Flaw.NO_HOST), HttpUrl.flawsOf(URI.create("mailto:a@b")));
    assertEquals(EnumSet.of(Flaw.NO_HOST), HttpUrl.flawsOf(URI.create("http:opaque")));
    assertEquals(EnumSet.of(Flaw.NO_HOST), HttpUrl.flawsOf(URI.create("https:///path")));
    assertEquals(EnumSet.of(Flaw.USERINFO), HttpUrl.flawsOf(URI.create("https://u:p@a/x")));
    assertEquals(EnumSet.of(Flaw.MALFORMED), HttpUrl.flawsOf("https://a b/"));
    assertEquals(EnumSet.of(Flaw.MALFORMED), HttpUrl.flawsOf((String) null));
    assertEquals(EnumSet.of(Flaw.CONTROL_CHARACTER), HttpUrl.flawsOf("https://a/x\r\nHost: b"));
    assertEquals(EnumSet.of(Flaw.CONTROL_CHARACTER), HttpUrl.flawsOf("https://a/\u007f"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "a.example/x",
        "/x",
        "ftp://a.example/x",
        "https:///x",
        "https://user:secret@a.example/x",
        "https://a.example/\n",
        "https://a b"
      })
  void refusesWhatIsNotAnAbsoluteHttpUrlWithAHostAndNoUserinfo(String text) {
    assertEquals(Optional.empty(), HttpUrl.parse(text));
    assertFalse(HttpUrl.flawsOf(text).isEmpty());
    assertThrows(IllegalArgumentException.class, () -> HttpUrl.of(text));
  }

  @Test
  void refusalsSayWhyWithoutEchoingTheUrl() {
    IllegalArgumentException userinfo =
        assertThrows(
            IllegalArgumentException.class, () -> HttpUrl.of("https://user:secret@a.example/x"));
    assertEquals(
        "not an http(s) URL with a host: the URL contains userinfo", userinfo.getMessage());
    assertFalse(userinfo.getMessage().contains("secret"));
    assertEquals(
        "not an http(s) URL with a host: the URL is not http or https",
        assertThrows(IllegalArgumentException.class, () -> HttpUrl.of(URI.create("ftp://a/x")))
            .getMessage());
    assertEquals(
        "not an http(s) URL with a host: the URL has no host",
        assertThrows(IllegalArgumentException.class, () -> HttpUrl.of("https:///x")).getMessage());
    assertEquals(
        "not an http(s) URL with a host: the URL contains a control character",
        assertThrows(IllegalArgumentException.class, () -> HttpUrl.of("https://a/\r\n"))
            .getMessage());
    assertEquals(
        "not an http(s) URL with a host: the URL is malformed",
        assertThrows(IllegalArgumentException.class, () -> HttpUrl.of("https://a b/"))
            .getMessage());
  }

  @Test
  void toStringNeverShowsUserinfoBecauseNoInstanceHasAny() {
    assertEquals(Optional.empty(), HttpUrl.from(URI.create("https://token@a.example/x")));
    assertEquals(Optional.empty(), HttpUrl.parse("http://user:pw@127.0.0.1:8080/"));
    assertEquals("https://a.example/x", HttpUrl.of("https://a.example/x").toString());
  }
}
