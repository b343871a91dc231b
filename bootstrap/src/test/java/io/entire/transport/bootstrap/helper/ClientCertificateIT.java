package io.entire.transport.bootstrap.helper;

import static io.entire.transport.bootstrap.helper.GitRun.mustSucceed;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.entire.transport.testkit.ClientCertificate;
import io.entire.transport.testkit.RecordedRequest;
import io.entire.transport.testkit.TestCluster;
import io.entire.transport.testkit.TestClusterExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * N3 and N5 end to end: a cluster that requires a client certificate from its CA accepts the helper
 * with {@code GIT_SSL_CERT}/{@code GIT_SSL_KEY} or {@code http.sslCert}/{@code http.sslKey}
 * (PKCS#8, PKCS#1 and SEC1 keys, or the key in the certificate file), and without one the helper
 * fails with one clear fatal line.
 */
class ClientCertificateIT {
  private static final String REPO = "et/org/repo";

  @RegisterExtension
  static final TestClusterExtension CLUSTER =
      TestClusterExtension.with(
          TestCluster.builder().requireClientCertificate().replicas(1).repository(REPO));

  @TempDir Path temp;
  private HelperSandbox sandbox;

  @BeforeEach
  void sandbox() {
    sandbox =
        new HelperSandbox(temp)
            .env("GIT_SSL_CAINFO", CLUSTER.get().tls().caCertificateFile().toString());
  }

  private static String url() {
    return "entire::" + CLUSTER.get().entryUrl(REPO);
  }

  private static ClientCertificate client(ClientCertificate.KeyType type) {
    return CLUSTER.get().tls().clientCertificate(type);
  }

  private static void assertAcceptedAs(GitRun run, ClientCertificate client) {
    mustSucceed(run);
    assertTrue(run.stdout().contains("refs/heads/main"), run::describe);
    List<RecordedRequest> requests = CLUSTER.requests();
    assertFalse(requests.isEmpty());
    for (RecordedRequest request : requests) {
      assertTrue(
          request.clientCertificate() != null
              && request.clientCertificate().contains(client.subject()),
          "every request presented " + client.subject() + ": " + requests);
    }
  }

  @Test
  void N3_acceptedWithGitSslCertAndKey() {
    ClientCertificate rsa = client(ClientCertificate.KeyType.RSA);
    sandbox
        .env("GIT_SSL_CERT", rsa.certificateFile().toString())
        .env("GIT_SSL_KEY", rsa.keyFile().toString());

    assertAcceptedAs(sandbox.git("ls-remote", url()), rsa);
  }

  @Test
  void N3_N5_acceptedWithHttpSslCertAndPkcs1Key() {
    ClientCertificate rsa = client(ClientCertificate.KeyType.RSA);

    assertAcceptedAs(
        sandbox.git(
            "-c",
            "http.sslCert=" + rsa.certificateFile(),
            "-c",
            "http.sslKey=" + rsa.traditionalKeyFile(),
            "ls-remote",
            url()),
        rsa);
  }

  @Test
  void N3_N5_acceptedWithHttpSslCertAndSec1Key() {
    ClientCertificate ec = client(ClientCertificate.KeyType.EC);

    assertAcceptedAs(
        sandbox.git(
            "-c",
            "http.sslCert=" + ec.certificateFile(),
            "-c",
            "http.sslKey=" + ec.traditionalKeyFile(),
            "ls-remote",
            url()),
        ec);
  }

  @Test
  void N3_N5_acceptedWithHttpSslCertAndPkcs8EcKey() {
    ClientCertificate ec = client(ClientCertificate.KeyType.EC);

    assertAcceptedAs(
        sandbox.git(
            "-c",
            "http.sslCert=" + ec.certificateFile(),
            "-c",
            "http.sslKey=" + ec.keyFile(),
            "ls-remote",
            url()),
        ec);
  }

  @Test
  void N3_keyInTheCertificateFileWhenNoKeyIsGiven() throws Exception {
    ClientCertificate rsa = client(ClientCertificate.KeyType.RSA);
    Path both =
        Files.writeString(
            temp.resolve("both.pem"),
            Files.readString(rsa.certificateFile()) + Files.readString(rsa.keyFile()));
    sandbox.env("GIT_SSL_CERT", both.toString());

    assertAcceptedAs(sandbox.git("ls-remote", url()), rsa);
  }

  @Test
  void N3_refusedWithoutACertificateWithOneClearFatalLine() {
    GitRun run = sandbox.git("ls-remote", url());

    assertNotEquals(0, run.exitCode(), run::describe);
    List<String> fatal = run.stderr().lines().filter(l -> l.startsWith("fatal:")).toList();
    assertEquals(1, fatal.size(), run::describe);
  }
}
