package io.entire.transport.bootstrap.helper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.entire.transport.adapters.git.GitConfigList;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which variable or key wins for each network setting (N1–N5), with git's precedence. */
class HelperNetworkTest {
  private static final String URL = "https://eu.example.dev/et/acme/widgets";

  private final Map<String, String> env = new HashMap<>();
  private final List<GitConfigList.Entry> config = new ArrayList<>();

  private HelperNetworkTest config(String key, String value) {
    config.add(new GitConfigList.Entry(key, value));
    return this;
  }

  private HelperNetwork choose() {
    return HelperNetwork.choose(env, GitConfigList.of(config), "origin", URL);
  }

  private static Optional<String> source(Optional<HelperNetwork.Setting> setting) {
    return setting.map(HelperNetwork.Setting::source);
  }

  @Test
  void n1_configuredProxyWinsOverTheEnvironment() {
    env.put("HTTPS_PROXY", "http://env-proxy:3128");
    config("http.proxy", "http://config-proxy:3128");

    HelperNetwork network = choose();

    assertEquals("http://config-proxy:3128", network.proxy().orElseThrow().value());
    assertEquals("http.proxy", network.proxy().orElseThrow().source());
  }

  @Test
  void n1_remoteProxyWinsOverHttpProxy() {
    config("remote.origin.proxy", "http://remote-proxy:3128");
    config("http.proxy", "http://config-proxy:3128");

    assertEquals("remote.origin.proxy", source(choose().proxy()).orElseThrow());
  }

  @Test
  void n1_n5_urlSpecificProxyAppliesOnlyToMatchingUrls() {
    config("http.https://eu.example.dev.proxy", "http://eu-proxy:3128");
    config("http.https://us.example.dev.proxy", "http://us-proxy:3128");

    assertEquals("http://eu-proxy:3128", choose().proxy().orElseThrow().value());
  }

  @Test
  void n1_withoutConfiguredProxyTheEnvironmentDecides() {
    env.put("HTTPS_PROXY", "http://env-proxy:3128");

    assertEquals(Optional.empty(), choose().proxy());
    choose().settings(); // the environment's proxy URL is valid
  }

  @Test
  void n1_emptyConfiguredProxyMeansDirect() {
    env.put("HTTPS_PROXY", "http://env-proxy:3128");
    config("http.proxy", "");

    assertEquals("", choose().proxy().orElseThrow().value());
    String settings = choose().settings().toString();
    assertFalse(settings.contains("env-proxy"), settings);
  }

  @Test
  void n1_badConfiguredProxyNamesTheKeyButNotThePassword() {
    config("http.proxy", "socks5://alice:s3cret-pw@proxy:1080");

    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> choose().settings());

    assertTrue(e.getMessage().startsWith("http.proxy: "), e.getMessage());
    assertFalse(e.getMessage().contains("s3cret-pw"), e.getMessage());
  }

  @Test
  void n1_badProxyVariableNamesTheVariable() {
    env.put("https_proxy", "socks5://proxy:1080");

    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> choose().settings());

    assertTrue(e.getMessage().startsWith("https_proxy: "), e.getMessage());
  }

  @Test
  void n2_gitSslCainfoWinsOverConfigWhichWinsOverSslCertFile() {
    env.put("SSL_CERT_FILE", "/etc/ssl/corp.pem");
    assertEquals("SSL_CERT_FILE", source(choose().caBundle()).orElseThrow());

    config("http.sslCAInfo", "/etc/ssl/git.pem");
    assertEquals("http.sslCAInfo", source(choose().caBundle()).orElseThrow());

    env.put("GIT_SSL_CAINFO", "/etc/ssl/env.pem");
    assertEquals("/etc/ssl/env.pem", choose().caBundle().orElseThrow().value());
  }

  @Test
  void n2_n5_configuredPathsExpandTilde() {
    env.put("HOME", "/home/alice");
    config("http.sslCAInfo", "~/ca.pem");

    assertEquals("/home/alice/ca.pem", choose().caBundle().orElseThrow().value());
  }

  @Test
  void n2_caBundleOfAnotherUrlDoesNotApply() {
    config("http.https://other.example.dev/.sslCAInfo", "/etc/ssl/other.pem");

    assertEquals(Optional.empty(), choose().caBundle());
  }

  @Test
  void n2_missingCaFileNamesTheKey() {
    config("http.sslCAInfo", "/nonexistent/ca.pem");

    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> choose().settings());

    assertTrue(e.getMessage().startsWith("http.sslCAInfo: "), e.getMessage());
  }

  @Test
  void n2_gitSslNoVerifyWithAnyValueAndSslVerifyFalseSkipVerification() {
    assertFalse(choose().skipTlsVerify());

    config("http.sslVerify", "false");
    assertTrue(choose().skipTlsVerify());

    config.clear();
    env.put("GIT_SSL_NO_VERIFY", "");
    assertTrue(choose().skipTlsVerify(), "git only asks whether the variable is set");
  }

  @Test
  void n2_n5_badBooleanNamesTheKey() {
    config("http.sslVerify", "maybe");

    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, this::choose);

    assertTrue(e.getMessage().contains("http.sslVerify"), e.getMessage());
  }

  @Test
  void n3_environmentWinsPerFileAndTheKeyDefaultsToTheCertificateFile() {
    config("http.sslCert", "/config/client.crt");
    config("http.sslKey", "/config/client.key");
    env.put("GIT_SSL_KEY", "/env/client.key");

    HelperNetwork network = choose();

    assertEquals("http.sslCert", source(network.certificate()).orElseThrow());
    assertEquals("GIT_SSL_KEY", source(network.key()).orElseThrow());

    config.clear();
    env.clear();
    env.put("GIT_SSL_CERT", "/env/both.pem");
    assertEquals("/env/both.pem", choose().key().orElseThrow().value());
  }

  @Test
  void n3_keyWithoutCertificateIsNotUsed() {
    config("http.sslKey", "/config/client.key");

    assertEquals(Optional.empty(), choose().key());
  }

  @Test
  void n3_unreadableKeyNamesBothSources(@TempDir Path dir) throws Exception {
    Path cert = Files.writeString(dir.resolve("c.pem"), "not a certificate");
    env.put("GIT_SSL_CERT", cert.toString());
    config("http.sslKey", dir.resolve("missing.key").toString());

    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> choose().settings());

    assertTrue(e.getMessage().startsWith("GIT_SSL_CERT / http.sslKey: "), e.getMessage());
  }

  @Test
  void n4_extraHeadersFollowGitsListRuleAndSplitAtTheFirstColon() {
    config("http.extraHeader", "X-Dropped: 1");
    config("http.extraHeader", "");
    config("http.extraHeader", "X-Team: platform");
    config("http.https://eu.example.dev.extraHeader", "X-Trace: a:b");
    config("http.extraHeader", "X-Late: not sent, less specific after a URL match");
    config("http.extraHeader", "X-Empty;");

    assertEquals(
        List.of(
            new HelperNetwork.Header("X-Team", "platform"),
            new HelperNetwork.Header("X-Trace", "a:b")),
        choose().extraHeaders());
  }

  @Test
  void n4_headerWithoutNameNeverShowsTheValue() {
    config("http.extraHeader", "Bearer tok-3cr3t");

    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, this::choose);

    assertTrue(e.getMessage().startsWith("http.extraHeader: "), e.getMessage());
    assertFalse(e.getMessage().contains("3cr3t"), e.getMessage());
  }

  @Test
  void n4_emptyValueHeaderSpelledWithSemicolonIsSent() {
    config("http.extraHeader", "X-Empty;");

    assertEquals(List.of(new HelperNetwork.Header("X-Empty", "")), choose().extraHeaders());
  }

  @Test
  void n4_framingHeaderNamesTheKey() {
    config("http.extraHeader", "Host: elsewhere");

    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> choose().settings());

    assertTrue(e.getMessage().startsWith("http.extraHeader: "), e.getMessage());
  }

  @Test
  void n5_missingValueNamesTheKey() {
    config("http.sslcainfo", null);

    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, this::choose);

    assertTrue(e.getMessage().contains("http.sslCAInfo"), e.getMessage());
  }

  @Test
  void n5_toStringNamesSourcesNeverValues() {
    config("http.proxy", "http://alice:pw-9f2@proxy:3128");
    config("http.extraHeader", "Authorization: Basic c2VjcmV0");

    String text = choose().toString();

    assertTrue(text.contains("http.proxy"), text);
    assertFalse(text.contains("pw-9f2") || text.contains("c2VjcmV0"), text);
  }
}
