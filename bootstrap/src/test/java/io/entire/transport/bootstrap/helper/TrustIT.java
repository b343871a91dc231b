package io.entire.transport.bootstrap.helper;

import static io.entire.transport.bootstrap.helper.GitRun.mustSucceed;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.entire.transport.testkit.TestCluster;
import io.entire.transport.testkit.TestClusterExtension;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * N2 and N5 end to end: an https cluster whose CA only a PEM bundle names, trusted through {@code
 * GIT_SSL_CAINFO}, {@code http.sslCAInfo}, {@code http.<url>.sslCAInfo} (only for a matching URL)
 * or {@code SSL_CERT_FILE}; without one the JVM's default trust refuses it in the handshake.
 */
class TrustIT {
  private static final String REPO = "et/org/repo";

  @RegisterExtension
  static final TestClusterExtension CLUSTER =
      TestClusterExtension.with(TestCluster.builder().https().replicas(1).repository(REPO));

  @TempDir Path temp;
  private HelperSandbox sandbox;

  @BeforeEach
  void sandbox() {
    sandbox = new HelperSandbox(temp);
  }

  private static String url() {
    return "entire::" + CLUSTER.get().entryUrl(REPO);
  }

  private static String caFile() {
    return CLUSTER.get().tls().caCertificateFile().toString();
  }

  /** {@code https://127.0.0.1:PORT} of the entry. */
  private static String entryOrigin() {
    URI entry = URI.create(CLUSTER.get().entryUrl());
    return entry.getScheme() + "://" + entry.getHost() + ":" + entry.getPort();
  }

  private static void assertListsMain(GitRun run) {
    mustSucceed(run);
    assertTrue(run.stdout().contains("refs/heads/main"), run::describe);
  }

  /** The helper failed the TLS handshake: one fatal line, git fails. */
  private static void assertUntrusted(GitRun run) {
    assertNotEquals(0, run.exitCode(), run::describe);
    List<String> fatal = run.stderr().lines().filter(l -> l.startsWith("fatal:")).toList();
    assertEquals(1, fatal.size(), run::describe);
    assertTrue(fatal.get(0).toLowerCase().contains("certificat"), run::describe);
  }

  @Test
  void N2_defaultTrustRefusesTheClusterCa() {
    assertUntrusted(sandbox.git("ls-remote", url()));
  }

  @Test
  @DisplayName(
      "N2: with a PEM bundle the JVM's default trust (its trust store's anchors) is never built;"
          + " without one it is (on a warm-up thread, before the handshake needs it)")
  void N2_theDefaultTrustStoreIsReadOnlyWhenUsed() throws IOException {
    Path withBundle = temp.resolve("with-bundle.log");
    Path withoutBundle = temp.resolve("without-bundle.log");
    String defaultTrust = "Initializing 'sun/security/ssl/TrustStoreManager$TrustAnchorManager'";

    assertListsMain(
        sandbox.gitIn(
            sandbox.work(),
            Map.of(
                "GIT_SSL_CAINFO",
                caFile(),
                "JAVA_OPTS",
                "-Xlog:class+init=info:file=" + withBundle),
            "ls-remote",
            url()));
    assertUntrusted(
        sandbox.gitIn(
            sandbox.work(),
            Map.of("JAVA_OPTS", "-Xlog:class+init=info:file=" + withoutBundle),
            "ls-remote",
            url()));

    List<String> bundled = Files.readAllLines(withBundle);
    assertTrue(bundled.size() > 100, "the log lists initialised classes");
    assertFalse(bundled.stream().anyMatch(l -> l.contains(defaultTrust)), "never read");
    assertTrue(
        Files.readAllLines(withoutBundle).stream().anyMatch(l -> l.contains(defaultTrust)),
        "read for the handshake");
  }

  @Test
  @DisplayName(
      "a trusted certificate for another host name is refused: one fatal line naming the host,"
          + " and no request reaches the server")
  void aCertificateForAnotherHostIsRefused() throws IOException {
    // A name the cluster's certificates do not hold, resolved to the entry's address by the
    // JVM's hosts file (jdk.net.hosts.file).
    Path hosts = Files.writeString(temp.resolve("hosts"), "127.0.0.1 wrong.cluster.test\n");
    URI entry = URI.create(CLUSTER.get().entryUrl());
    String wrongName = "entire::https://wrong.cluster.test:" + entry.getPort() + "/" + REPO;
    sandbox.env("GIT_SSL_CAINFO", caFile());
    int requestsBefore = CLUSTER.get().requests().size();

    GitRun run =
        sandbox.gitIn(
            sandbox.work(),
            Map.of("JAVA_OPTS", "-Djdk.net.hosts.file=" + hosts),
            "ls-remote",
            wrongName);

    assertNotEquals(0, run.exitCode(), run::describe);
    List<String> fatal = run.stderr().lines().filter(l -> l.startsWith("fatal:")).toList();
    assertEquals(1, fatal.size(), run::describe);
    assertTrue(fatal.get(0).contains("wrong.cluster.test"), run::describe);
    assertEquals(requestsBefore, CLUSTER.get().requests().size(), "no request was sent");
  }

  @Test
  void N2_caBundleFromGitSslCainfo() {
    sandbox.env("GIT_SSL_CAINFO", caFile());

    assertListsMain(sandbox.git("ls-remote", url()));
  }

  @Test
  void N2_N5_caBundleFromHttpSslCaInfo() {
    assertListsMain(sandbox.git("-c", "http.sslCAInfo=" + caFile(), "ls-remote", url()));
  }

  @Test
  void N2_N5_caBundleFromUrlSpecificSslCaInfo() {
    String key = "http." + entryOrigin() + "/et/.sslCAInfo";

    assertListsMain(sandbox.git("-c", key + "=" + caFile(), "ls-remote", url()));
  }

  @Test
  void N2_N5_urlSpecificSslCaInfoOfAnotherUrlLeavesTheDefaultTrust() {
    String otherPath = "http." + entryOrigin() + "/other/.sslCAInfo";
    String otherHost = "http.https://127.0.0.2/.sslCAInfo";

    assertUntrusted(
        sandbox.git(
            "-c",
            otherPath + "=" + caFile(),
            "-c",
            otherHost + "=" + caFile(),
            "ls-remote",
            url()));
  }

  @Test
  void N2_caBundleFromSslCertFile() {
    sandbox.env("SSL_CERT_FILE", caFile());

    assertListsMain(sandbox.git("ls-remote", url()));
  }

  @Test
  void N2_gitSslCainfoWinsOverHttpSslCaInfo() {
    sandbox.env("GIT_SSL_CAINFO", caFile());

    assertListsMain(
        sandbox.git("-c", "http.sslCAInfo=" + temp.resolve("missing.pem"), "ls-remote", url()));
  }

  @Test
  void N2_gitSslNoVerifySkipsVerification() {
    sandbox.env("GIT_SSL_NO_VERIFY", "1");

    assertListsMain(sandbox.git("ls-remote", url()));
  }

  @Test
  void N2_N5_httpSslVerifyFalseSkipsVerification() {
    assertListsMain(sandbox.git("-c", "http.sslVerify=false", "ls-remote", url()));
  }
}
