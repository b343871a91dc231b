package io.entire.transport.bootstrap.helper;

import static io.entire.transport.bootstrap.helper.GitRun.mustSucceed;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.entire.transport.testkit.TestCluster;
import io.entire.transport.testkit.TestClusterExtension;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real git and the built helper against servers that misbehave on purpose (issue "hardening"): an
 * error body that stalls (4), a server that echoes the request's credentials (6), and a query-only
 * relative {@code Location} (8).
 */
class HostileServerIT {
  private static final String REPO = "et/org/repo";
  private static final String TOKEN = "hostile-echo-token-0815";
  private static final String OID = "1234567890abcdef1234567890abcdef12345678";

  @RegisterExtension
  static final TestClusterExtension CLUSTER =
      TestClusterExtension.with(TestCluster.builder().replicas(1).repository(REPO));

  @TempDir Path temp;
  private HelperSandbox sandbox;

  @BeforeEach
  void sandbox() {
    sandbox = new HelperSandbox(temp);
  }

  @Test
  void hardening_4_aStalledErrorBodyDoesNotHoldUpTheFallbackToTheEntryDomain_H1_W2() {
    CountDownLatch testOver = new CountDownLatch(1);
    try (HostileHttpServer stalling =
        new HostileHttpServer(
            (request, out) -> {
              // Promises 1 KiB of error text, sends one byte, then never another.
              out.write(
                  "HTTP/1.1 503 Busy\r\nContent-Type: text/plain\r\nContent-Length: 1024\r\n\r\nB"
                      .getBytes(StandardCharsets.ISO_8859_1));
              out.flush();
              try {
                testOver.await();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            })) {
      new ReplicaCacheFile(sandbox.cacheFile())
          .entry(
              ReplicaCacheFile.clusterKey(CLUSTER.entryUrl()), "/" + REPO, List.of(stalling.url()))
          .write();
      // Without the time bound the helper would wait for this before giving up on the node; the
      // sandbox's 180 s limit on the command would fail the test first.
      sandbox.env("ENTIRE_READ_TIMEOUT_SECONDS", "600");

      GitRun lsRemote = sandbox.git("ls-remote", "entire::" + CLUSTER.get().entryUrl(REPO));

      mustSucceed(lsRemote);
      assertTrue(lsRemote.stdout().contains("refs/heads/main"), lsRemote::describe);
      assertFalse(stalling.requests().isEmpty(), "the stalling node was asked first");
    } finally {
      testOver.countDown();
    }
  }

  @Test
  void hardening_6_a5_aServerEchoingTheAuthorizationHeaderDoesNotGetTheTokenPrinted() {
    try (HostileHttpServer echo =
        new HostileHttpServer(
            (request, out) ->
                HostileHttpServer.respond(
                    out,
                    500,
                    "text/plain",
                    "",
                    ("request headers: Authorization: "
                            + request.header("Authorization")
                            + "\nbare: "
                            + TOKEN.substring(0, 10))
                        .getBytes(StandardCharsets.UTF_8)))) {
      GitRun lsRemote =
          sandbox.gitIn(
              sandbox.work(),
              Map.of("ENTIRE_TOKEN", TOKEN, "ENTIRE_DEBUG", "1"),
              "ls-remote",
              "entire::" + echo.url() + "/" + REPO);

      assertEquals(128, lsRemote.exitCode(), lsRemote::describe);
      assertEquals(
          "Bearer " + TOKEN,
          echo.requests().get(0).header("Authorization"),
          "the server did get the token, and echoed it");
      assertFalse(lsRemote.stderr().contains(TOKEN), lsRemote::describe);
      assertFalse(lsRemote.stderr().contains(TOKEN.substring(0, 10)), lsRemote::describe);
      assertTrue(
          lsRemote
              .stderr()
              .lines()
              .anyMatch(
                  l ->
                      l.startsWith("fatal:")
                          && l.contains("HTTP 500")
                          && l.contains("Authorization: <redacted>")),
          lsRemote::describe);
    }
  }

  @Test
  void hardening_8_aQueryOnlyLocationKeepsTheRequestPath_X2() {
    String infoRefs = "/" + REPO + "/info/refs";
    try (HostileHttpServer node =
        new HostileHttpServer(
            (request, out) -> {
              if (request.target().equals(infoRefs + "?service=git-upload-pack")) {
                out.write(
                    ("HTTP/1.1 307 Moved\r\nLocation: ?service=git-upload-pack&r=1\r\n"
                            + "Content-Length: 0\r\nConnection: close\r\n\r\n")
                        .getBytes(StandardCharsets.ISO_8859_1));
              } else if (request.target().equals(infoRefs + "?service=git-upload-pack&r=1")) {
                HostileHttpServer.respond(
                    out, "application/x-git-upload-pack-advertisement", "", advertisement());
              } else {
                HostileHttpServer.respond(out, 404, "text/plain", "", "no such path".getBytes());
              }
            })) {
      GitRun lsRemote =
          sandbox.git(
              "-c", "protocol.version=0", "ls-remote", "entire::" + node.url() + "/" + REPO);

      mustSucceed(lsRemote);
      assertTrue(lsRemote.stdout().contains(OID + "\trefs/heads/main"), lsRemote::describe);
      assertEquals(
          infoRefs + "?service=git-upload-pack&r=1",
          node.requests().get(1).target(),
          "RFC 3986: the query replaces the base's query, the path stays");
    }
  }

  /** A v0 upload-pack advertisement of one branch. */
  private static byte[] advertisement() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(HostileHttpServer.pktLine("# service=git-upload-pack\n"));
    out.writeBytes("0000".getBytes(StandardCharsets.US_ASCII));
    out.writeBytes(
        HostileHttpServer.pktLine(OID + " HEAD\0symref=HEAD:refs/heads/main object-format=sha1\n"));
    out.writeBytes(HostileHttpServer.pktLine(OID + " refs/heads/main\n"));
    out.writeBytes("0000".getBytes(StandardCharsets.US_ASCII));
    return out.toByteArray();
  }
}
