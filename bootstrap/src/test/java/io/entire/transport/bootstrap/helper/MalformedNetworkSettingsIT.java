package io.entire.transport.bootstrap.helper;

import static io.entire.transport.bootstrap.helper.GitRun.mustSucceed;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.entire.transport.testkit.ClientCertificate;
import io.entire.transport.testkit.TestCluster;
import io.entire.transport.testkit.TestClusterExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * N5: a network setting the helper cannot use, from git config or the environment, ends the helper
 * at startup with exactly one {@code fatal:} line naming the key or variable (never a password,
 * header value or key material) and exit 128, before anything is sent.
 */
class MalformedNetworkSettingsIT {
  private static final String REPO = "et/org/repo";
  private static final String SECRET = "s3cret-7d2e";

  @RegisterExtension
  static final TestClusterExtension CLUSTER =
      TestClusterExtension.with(TestCluster.builder().https().replicas(1).repository(REPO));

  @TempDir Path temp;
  private HelperSandbox sandbox;

  @BeforeEach
  void sandbox() {
    sandbox = new HelperSandbox(temp);
  }

  /** Sets a key in the sandbox's global git config (the helper reads it with git config). */
  private void gitConfig(String key, String value) {
    mustSucceed(sandbox.git("config", "--global", "--add", key, value));
  }

  /** Runs the helper as git would and checks the one fatal line. */
  private String assertOneFatalLine(Map<String, String> env, String... mustName) {
    GitRun run =
        sandbox.helperWithInput(env, "capabilities\n", "origin", CLUSTER.get().entryUrl(REPO));

    assertEquals(GitRemoteEntireMain.EXIT_FATAL, run.exitCode(), run::describe);
    assertEquals("", run.stdout(), "nothing on the protocol channel: " + run.describe());
    String[] lines = run.stderr().strip().split("\n");
    assertEquals(1, lines.length, run::describe);
    assertTrue(lines[0].startsWith("fatal: "), run::describe);
    for (String name : mustName) {
      assertTrue(lines[0].contains(name), "names " + name + ": " + lines[0]);
    }
    assertFalse(lines[0].contains(SECRET), lines[0]);
    assertTrue(CLUSTER.requests().isEmpty(), "nothing was sent: " + CLUSTER.requests());
    return lines[0];
  }

  @Test
  void N5_badProxyUrlInConfig() {
    gitConfig("http.proxy", "socks5://alice:" + SECRET + "@proxy.example:1080");

    assertOneFatalLine(Map.of(), "http.proxy", "SOCKS");
  }

  @Test
  void N5_badProxyUrlInTheEnvironment() {
    assertOneFatalLine(Map.of("HTTPS_PROXY", "http://alice:" + SECRET + "@:99999"), "HTTPS_PROXY");
  }

  @Test
  void N5_missingCaFile() {
    gitConfig("http.sslCAInfo", temp.resolve("missing-ca.pem").toString());

    assertOneFatalLine(Map.of(), "http.sslCAInfo", "missing-ca.pem");
  }

  @Test
  void N5_missingCaFileFromGitSslCainfo() {
    assertOneFatalLine(
        Map.of("GIT_SSL_CAINFO", temp.resolve("nope.pem").toString()), "GIT_SSL_CAINFO");
  }

  @Test
  void N5_unreadableKey() throws Exception {
    ClientCertificate client = CLUSTER.get().tls().clientCertificate();
    Path garbage = Files.writeString(temp.resolve("garbage.key"), "-----BEGIN PRIVATE KEY-----\n");
    gitConfig("http.sslCert", client.certificateFile().toString());
    gitConfig("http.sslKey", garbage.toString());

    assertOneFatalLine(Map.of(), "http.sslKey", "garbage.key");
  }

  @Test
  void N5_encryptedKey() {
    ClientCertificate client = CLUSTER.get().tls().clientCertificate();

    String line =
        assertOneFatalLine(
            Map.of(
                "GIT_SSL_CERT", client.certificateFile().toString(),
                "GIT_SSL_KEY", client.encryptedKeyFile().toString()),
            "GIT_SSL_KEY",
            "encrypted");
    assertFalse(line.contains("PRIVATE KEY-----"), line);
  }

  @Test
  void N5_badBoolean() {
    gitConfig("http.sslVerify", "maybe");

    assertOneFatalLine(Map.of(), "http.sslVerify");
  }

  @Test
  void N5_badExtraHeaderNeverShowsItsText() {
    gitConfig("http.extraHeader", "Bearer " + SECRET);

    assertOneFatalLine(Map.of(), "http.extraHeader");
  }
}
