package io.entire.transport.bootstrap.helper;

import static io.entire.transport.bootstrap.helper.GitRun.mustSucceed;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.entire.transport.testkit.RecordedRequest;
import io.entire.transport.testkit.TestCluster;
import io.entire.transport.testkit.TestClusterExtension;
import io.entire.transport.testkit.TestProxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * N1 end to end: real git and the helper behind {@link TestProxy}, with the proxy from the
 * environment ({@code HTTPS_PROXY}, {@code http_proxy}) or from git config ({@code http.proxy},
 * with Basic credentials), an https cluster (CONNECT only) and a plain-http one (absolute form,
 * refused with a token unless allow-http).
 */
class ProxyIT {
  private static final String REPO = "et/org/repo";
  private static final String TOKEN = "proxy-it-token-7a41";
  private static final String PROXY_USER = "alice";
  private static final String PROXY_PASSWORD = "proxy-pw-55e0";

  @RegisterExtension
  static final TestClusterExtension HTTPS =
      TestClusterExtension.with(
          TestCluster.builder().https().replicas(2).repository(REPO).requireBearer(TOKEN));

  @RegisterExtension
  static final TestClusterExtension HTTP =
      TestClusterExtension.with(
          TestCluster.builder().replicas(2).repository(REPO).requireBearer(TOKEN));

  private static TestProxy proxy;

  @TempDir Path temp;
  private HelperSandbox sandbox;

  @BeforeAll
  static void startProxy() {
    proxy = TestProxy.start();
  }

  @AfterAll
  static void stopProxy() {
    proxy.close();
  }

  @BeforeEach
  void sandbox() {
    proxy.allowAnonymous();
    proxy.clearRequests();
    sandbox =
        new HelperSandbox(temp)
            .env("ENTIRE_TOKEN", TOKEN)
            .env("GIT_SSL_CAINFO", HTTPS.get().tls().caCertificateFile().toString());
  }

  private static String httpsUrl() {
    return "entire::" + HTTPS.get().entryUrl(REPO);
  }

  private static String httpUrl() {
    return "entire::" + HTTP.get().entryUrl(REPO);
  }

  private static void assertTunnelsOnly() {
    List<RecordedRequest> seen = proxy.requests();
    assertFalse(seen.isEmpty(), "the helper went through the proxy");
    for (RecordedRequest request : seen) {
      assertEquals("CONNECT", request.method(), "https goes through CONNECT tunnels: " + seen);
      assertFalse(request.authorizationPresent(), "no cluster Authorization in clear: " + seen);
    }
  }

  @Test
  void N1_cloneFetchPushThroughProxyFromHttpsProxyVariableUseTunnelsOnly() throws Exception {
    sandbox.env("HTTPS_PROXY", proxy.url());

    mustSucceed(sandbox.git("clone", httpsUrl(), "clone"));
    Path clone = sandbox.work().resolve("clone");
    Files.writeString(clone.resolve("via-proxy.txt"), "through the tunnel\n");
    mustSucceed(sandbox.gitIn(clone, Map.of(), "add", "."));
    mustSucceed(sandbox.gitIn(clone, Map.of(), "commit", "-m", "via proxy"));
    mustSucceed(sandbox.gitIn(clone, Map.of(), "push", "origin", "HEAD"));
    mustSucceed(sandbox.gitIn(clone, Map.of(), "fetch", "origin"));

    assertTunnelsOnly();
    assertTrue(
        HTTPS.requests().stream().anyMatch(r -> r.method().equals("POST")),
        "the cluster got the POSTs: " + HTTPS.requests());
    List<String> targets = proxy.requests().stream().map(RecordedRequest::pathAndQuery).toList();
    assertTrue(
        targets.stream().allMatch(t -> t.startsWith("127.0.0.1:")),
        "CONNECT names host:port only: " + targets);
  }

  /** Without the setting under test, the command goes through the proxy: the test can fail. */
  private void assertTheProxyIsUsedWithout(String... gitArgs) {
    mustSucceed(sandbox.git(gitArgs));
    assertFalse(proxy.requests().isEmpty(), "control: the proxy is used otherwise");
    proxy.clearRequests();
  }

  @Test
  void N1_noProxyBypassesTheProxy() {
    sandbox.env("HTTPS_PROXY", proxy.url());
    assertTheProxyIsUsedWithout("ls-remote", httpsUrl());
    sandbox.env("NO_PROXY", "localhost,127.0.0.0/8");

    mustSucceed(sandbox.git("ls-remote", httpsUrl()));

    assertEquals(List.of(), proxy.requests(), "NO_PROXY: direct connections");
  }

  @Test
  void N1_noProxyAlsoBypassesAConfiguredHttpProxy_asGitDoes() {
    String configured = "http.proxy=" + proxy.url();
    assertTheProxyIsUsedWithout("-c", configured, "ls-remote", httpsUrl());
    sandbox.env("no_proxy", "127.0.0.1");

    mustSucceed(sandbox.git("-c", configured, "ls-remote", httpsUrl()));

    assertEquals(List.of(), proxy.requests(), "git hands NO_PROXY to curl with http.proxy too");
  }

  @Test
  void N1_httpProxyConfigWinsOverTheEnvironmentAndSendsBasicCredentials() {
    proxy.requireBasic(PROXY_USER, PROXY_PASSWORD);
    // The variable names a proxy that does not exist: only the configured one can work.
    sandbox.env("HTTPS_PROXY", "http://127.0.0.1:9");

    GitRun lsRemote =
        sandbox.git("-c", "http.proxy=" + proxy.urlWithCredentials(), "ls-remote", httpsUrl());

    mustSucceed(lsRemote);
    assertTrue(lsRemote.stdout().contains("refs/heads/main"), lsRemote::describe);
    assertTunnelsOnly();
    assertTrue(
        proxy.requests().stream()
            .allMatch(r -> r.header("Proxy-Authorization") != null && r.status() == 200),
        "Basic credentials from the URL's userinfo: " + proxy.requests());
    assertFalse(lsRemote.stderr().contains(PROXY_PASSWORD), lsRemote::describe);
  }

  @Test
  void N1_emptyHttpProxyConfigMeansNoProxy() {
    sandbox.env("HTTPS_PROXY", proxy.url());
    assertTheProxyIsUsedWithout("ls-remote", httpsUrl());

    mustSucceed(sandbox.git("-c", "http.proxy=", "ls-remote", httpsUrl()));

    assertEquals(List.of(), proxy.requests(), "an empty http.proxy turns the proxy off");
  }

  @Test
  void N1_wrongProxyPasswordIsOneFatalLineNamingTheProxyWithoutThePassword() {
    proxy.requireBasic(PROXY_USER, PROXY_PASSWORD);
    String wrong = "http://" + PROXY_USER + ":wrong-pw-31c9@" + proxy.host() + ":" + proxy.port();

    GitRun lsRemote = sandbox.git("-c", "http.proxy=" + wrong, "ls-remote", httpsUrl());

    assertNotEquals(0, lsRemote.exitCode(), lsRemote::describe);
    List<String> fatal = lsRemote.stderr().lines().filter(l -> l.startsWith("fatal:")).toList();
    assertEquals(1, fatal.size(), lsRemote::describe);
    assertTrue(
        fatal.get(0).contains("proxy " + proxy.host() + ":" + proxy.port()), fatal::toString);
    assertFalse(lsRemote.stderr().contains("wrong-pw-31c9"), lsRemote::describe);
    assertFalse(lsRemote.stderr().contains(TOKEN), lsRemote::describe);
  }

  @Test
  void N1_plainHttpClusterWithATokenThroughAProxyIsRefusedWithoutAllowHttp() {
    sandbox.env("http_proxy", proxy.url());

    GitRun lsRemote = sandbox.git("ls-remote", httpUrl());

    assertNotEquals(0, lsRemote.exitCode(), lsRemote::describe);
    assertTrue(
        lsRemote
            .stderr()
            .lines()
            .anyMatch(l -> l.startsWith("fatal:") && l.contains("through proxy")),
        lsRemote::describe);
    assertTrue(
        proxy.requests().stream().noneMatch(RecordedRequest::authorizationPresent),
        "the token never went to the proxy: " + proxy.requests());
  }

  @Test
  void N1_plainHttpClusterGoesThroughTheProxyInAbsoluteFormWithAllowHttp() {
    sandbox.env("http_proxy", proxy.url()).env("ENTIRE_ALLOW_HTTP", "true");

    mustSucceed(sandbox.git("clone", httpUrl(), "clone"));

    List<RecordedRequest> seen = proxy.requests();
    assertFalse(seen.isEmpty(), "the helper went through the proxy");
    assertTrue(
        seen.stream().allMatch(r -> r.pathAndQuery().startsWith("http://127.0.0.1:")),
        "absolute form: " + seen);
    assertTrue(seen.stream().anyMatch(r -> r.method().equals("POST")), seen::toString);
  }
}
