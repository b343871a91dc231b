package io.entire.transport;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.entire.transport.bootstrap.StaticTokenAuthModule;
import io.entire.transport.domain.GitService;
import io.entire.transport.testkit.TestCluster;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * N1 against a proxy we did not write: Debian's tinyproxy (installed by {@code .ci/run}; skipped
 * where it is missing) tunnels a client's https requests to a cluster with its own CA, and its log
 * shows the {@code CONNECT}s while the cluster sees the token.
 */
@Timeout(90)
class TinyproxyIT {
  private static final String REPO = "et/org/repo";
  private static final String TOKEN = "tinyproxy-token-1234";
  private static final Path TINYPROXY = Path.of("/usr/bin/tinyproxy");

  @TempDir Path dir;

  @Test
  void N1_anHttpsClusterIsReachedThroughTinyproxysConnectTunnels() throws Exception {
    assumeTrue(Files.isExecutable(TINYPROXY), "tinyproxy is not installed (.ci/run installs it)");
    int port = freePort();
    Path log = dir.resolve("tinyproxy.log");
    Files.writeString(
        dir.resolve("tinyproxy.conf"),
        String.join(
            "\n",
            "Port " + port,
            "Listen 127.0.0.1",
            "Timeout 30",
            "MaxClients 20",
            "Allow 127.0.0.1",
            "LogLevel Connect",
            "LogFile \"" + log + "\"",
            "PidFile \"" + dir.resolve("tinyproxy.pid") + "\"",
            ""));
    Process proxy =
        new ProcessBuilder(
                TINYPROXY.toString(), "-d", "-c", dir.resolve("tinyproxy.conf").toString())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("tinyproxy.out").toFile())
            .start();
    try (TestCluster cluster =
        TestCluster.builder().replicas(2).https().requireBearer(TOKEN).repository(REPO).start()) {
      awaitListening(proxy, port);
      NetworkSettings network =
          NetworkSettings.builder()
              .proxy("http://127.0.0.1:" + port)
              .trustedCertificates(cluster.tls().caCertificateFile())
              .build();
      String refs;
      try (EntireClient client =
              EntireClient.builder()
                  .authentication(new StaticTokenAuthModule(TOKEN))
                  .cacheFile(dir.resolve("nodes.json"))
                  .network(network)
                  .build();
          EntireSession session = client.open(cluster.entryUrl() + "/" + REPO);
          InputStream in = session.infoRefs(GitService.UPLOAD_PACK)) {
        refs = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }

      assertTrue(refs.startsWith("001e# service=git-upload-pack"), refs);
      assertFalse(cluster.requests().isEmpty());
      assertTrue(cluster.requests().stream().allMatch(r -> r.authorizationPresent()));
      int entryPort = URI.create(cluster.entryUrl()).getPort();
      List<String> connects =
          Files.readAllLines(log).stream().filter(l -> l.contains("Request")).toList();
      assertTrue(
          connects.stream().anyMatch(l -> l.contains("CONNECT 127.0.0.1:" + entryPort)),
          "tinyproxy tunnelled to the entry: " + connects);
      assertTrue(connects.stream().allMatch(l -> l.contains("CONNECT")), connects.toString());
      assertFalse(Files.readString(log).contains(TOKEN), "the proxy never saw the token");
    } finally {
      proxy.destroy();
      if (!proxy.waitFor(10, TimeUnit.SECONDS)) {
        proxy.destroyForcibly();
      }
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  /** Waits until the proxy accepts connections; fails at once if it exited. */
  private static void awaitListening(Process proxy, int port) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (System.nanoTime() < deadline) {
      assertTrue(
          proxy.isAlive(), "tinyproxy exited with " + (proxy.isAlive() ? "" : proxy.exitValue()));
      try (Socket probe = new Socket()) {
        probe.connect(new InetSocketAddress("127.0.0.1", port), 200);
        return;
      } catch (IOException notYet) {
        // A refused connection returns at once; the wait between probes is the process's own.
        proxy.waitFor(50, TimeUnit.MILLISECONDS);
      }
    }
    fail("tinyproxy is not listening on port " + port + " after 20 s");
  }
}
