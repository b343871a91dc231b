package io.entire.transport.adapters.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.PasswordAuthentication;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** N1: proxy URLs as curl reads them, with the password kept out of every message. */
class ProxyUrlTest {

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "http://proxy.corp:3128, proxy.corp, 3128",
    "HTTP://Proxy.Corp:3128/, proxy.corp, 3128",
    "proxy.corp:3128, proxy.corp, 3128",
    "proxy.corp, proxy.corp, 1080",
    "http://proxy.corp, proxy.corp, 1080",
    "http://proxy.corp:, proxy.corp, 1080",
    "http://10.0.0.1:8080, 10.0.0.1, 8080",
    "'http://[fd00::1]:8080', '[fd00::1]', 8080",
    "'[::1]', '[::1]', 1080"
  })
  void N1_parsesHostAndPortWithCurlsDefaults(String url, String host, int port) {
    ProxyUrl proxy = ProxyUrl.parse(url);

    assertEquals(host, proxy.host());
    assertEquals(port, proxy.port());
    assertEquals(Optional.empty(), proxy.credentials());
  }

  @Test
  void N1_userinfoIsPercentDecodedIntoBasicCredentials() {
    ProxyUrl proxy = ProxyUrl.parse("http://al%40ce:p%3Ass%20w%C3%B6rd+@proxy.corp:3128");

    PasswordAuthentication credentials = proxy.credentials().orElseThrow();
    assertEquals("al@ce", credentials.getUserName());
    assertArrayEquals("p:ss w\u00f6rd+".toCharArray(), credentials.getPassword());
  }

  @Test
  void N1_aUserWithoutPasswordHasAnEmptyPassword() {
    PasswordAuthentication credentials =
        ProxyUrl.parse("http://alice@proxy.corp").credentials().orElseThrow();

    assertEquals("alice", credentials.getUserName());
    assertEquals(0, credentials.getPassword().length);
  }

  @Test
  void N1_anAtSignInThePasswordIsTheLastOneThatEndsTheUserinfo() {
    ProxyUrl proxy = ProxyUrl.parse("http://alice:p@ss@proxy.corp:3128");

    assertEquals("proxy.corp", proxy.host());
    assertArrayEquals("p@ss".toCharArray(), proxy.credentials().orElseThrow().getPassword());
  }

  @Test
  void N1_toStringNeverShowsThePassword() {
    ProxyUrl proxy = ProxyUrl.parse("http://alice:s3cr3t@proxy.corp:3128");

    assertEquals("http://alice:***@proxy.corp:3128", proxy.toString());
    assertFalse(ProxyRules.all(proxy, NoProxy.NONE).toString().contains("s3cr3t"));
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "https://alice:s3cr3t@proxy.corp:443 | https proxies are not supported",
        "socks5://alice:s3cr3t@proxy.corp:1080 | SOCKS proxies are not supported",
        "socks5h://proxy.corp | SOCKS proxies are not supported",
        "ftp://alice:s3cr3t@proxy.corp | unsupported proxy scheme 'ftp'",
        "http://alice:s3cr3t@proxy.corp:99999 | port must be a number from 1 to 65535",
        "http://alice:s3cr3t@proxy.corp:0 | port must be a number from 1 to 65535",
        "http://alice:s3cr3t@proxy.corp:abc | port must be a number",
        "http://alice:s3cr3t@:3128 | no proxy host",
        "http://alice:s3cr3t@pro xy:3128 | host name is not valid",
        "http://alice:s3%zzcr3t@proxy.corp | bad %-escape in the proxy password",
        "http://al%zzice:s3cr3t@proxy.corp | bad %-escape in the proxy user name",
        "http://alice:s3cr3t@[fd00::zz]:1 | IPv6 address in brackets is not valid"
      })
  void N1_refusesWhatItCannotUseWithAClearMessageAndNoPassword(String url, String problem) {
    IllegalArgumentException refused =
        assertThrows(IllegalArgumentException.class, () -> ProxyUrl.parse(url));

    assertTrue(refused.getMessage().contains(problem), refused.getMessage());
    assertFalse(refused.getMessage().contains("s3cr3t"), refused.getMessage());
    assertFalse(refused.getMessage().contains("s3%zzcr3t"), refused.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "http://", "http:///path"})
  void N1_refusesAUrlWithoutHost(String url) {
    assertThrows(IllegalArgumentException.class, () -> ProxyUrl.parse(url));
  }
}
