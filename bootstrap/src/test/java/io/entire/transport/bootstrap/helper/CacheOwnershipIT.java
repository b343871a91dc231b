package io.entire.transport.bootstrap.helper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.entire.transport.testkit.TestCluster;
import io.entire.transport.testkit.TestClusterExtension;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileOwnerAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * hardening_2 (K1) end to end: a replica cache file planted by another local user, listing a
 * "replica" of theirs on the loopback address (in-cluster, since R3 ignores ports) with an expiry
 * in 2099, is ignored by the real helper: the user's token never reaches the planted node, and the
 * file is neither used nor overwritten.
 */
class CacheOwnershipIT {
  private static final String REPO = "et/org/repo";
  private static final String TOKEN = "hardening-2-secret-token";

  @RegisterExtension
  static final TestClusterExtension CLUSTER =
      TestClusterExtension.with(
          TestCluster.builder().replicas(2).repository(REPO).requireBearer(TOKEN));

  @TempDir Path temp;

  @Test
  void hardening_2_K1_cacheFileOfAnotherUser_isIgnored_andThePlantedReplicaGetsNoToken()
      throws Exception {
    HelperSandbox sandbox = new HelperSandbox(temp);
    try (PlantedReplica planted = new PlantedReplica()) {
      Path file = sandbox.cacheFile();
      String poisoned =
          "{\""
              + ReplicaCacheFile.clusterKey(CLUSTER.entryUrl())
              + "\": {\"/"
              + REPO
              + "\": {\"nodes\": [\""
              + planted.url()
              + "\"], \"expiresAt\": \"2099-01-01T00:00:00Z\"}}}";
      Files.createDirectories(file.getParent());
      Files.setPosixFilePermissions(file.getParent(), PosixFilePermissions.fromString("rwxrwxrwx"));
      Files.writeString(file, poisoned);
      giveToAnotherUser(file);

      GitRun lsRemote =
          sandbox.gitIn(
              sandbox.work(),
              Map.of("ENTIRE_TOKEN", TOKEN),
              "ls-remote",
              "entire::" + CLUSTER.get().entryUrl(REPO));

      assertTrue(lsRemote.ok(), lsRemote::describe);
      assertTrue(lsRemote.stdout().contains("refs/heads/main"), lsRemote::describe);
      assertEquals(List.of(), planted.requestsSoFar(), "the planted replica was never contacted");
      assertEquals(poisoned, Files.readString(file), "another user's file is not overwritten");
      assertEquals(
          "rwx------",
          PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())),
          "our own cache directory was made owner-only");
    }
  }

  private static void giveToAnotherUser(Path file) throws IOException {
    assumeTrue(
        file.getFileSystem().supportedFileAttributeViews().contains("posix"), "POSIX owners");
    UserPrincipal nobody;
    try {
      nobody = file.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody");
      Files.getFileAttributeView(file, FileOwnerAttributeView.class, LinkOption.NOFOLLOW_LINKS)
          .setOwner(nobody);
    } catch (IOException e) {
      assumeTrue(false, "cannot hand a file to the user 'nobody' here: " + e);
      return;
    }
    assumeTrue(!nobody.equals(Files.getOwner(file.getParent())), "the test does not run as nobody");
  }

  /**
   * A loopback listener standing in for another user's server: records the request head of every
   * connection and closes it. {@link #requestsSoFar()} is exact: it connects once more itself and
   * waits for that connection, which the listener accepts after any earlier one.
   */
  private static final class PlantedReplica implements AutoCloseable {
    private static final String SENTINEL = "SENTINEL";
    private final ServerSocket server = new ServerSocket();
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final CountDownLatch sentinelSeen = new CountDownLatch(1);

    PlantedReplica() throws IOException {
      server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
      Thread acceptor = new Thread(this::serve, "planted-replica");
      acceptor.setDaemon(true);
      acceptor.start();
    }

    String url() {
      return "http://127.0.0.1:" + server.getLocalPort();
    }

    private void serve() {
      while (!server.isClosed()) {
        try (Socket socket = server.accept()) {
          socket.setSoTimeout(5_000);
          String head = readHead(socket.getInputStream());
          if (head.startsWith(SENTINEL)) {
            sentinelSeen.countDown();
          } else {
            requests.add(head);
          }
        } catch (IOException e) {
          // closed, or a client that went away: nothing to record
        }
      }
    }

    private static String readHead(InputStream in) throws IOException {
      StringBuilder head = new StringBuilder();
      int c;
      while ((c = in.read()) >= 0 && head.length() < 8192) {
        head.append((char) c);
        if (head.toString().endsWith("\r\n\r\n") || head.toString().equals(SENTINEL)) {
          break;
        }
      }
      return head.toString();
    }

    List<String> requestsSoFar() throws IOException, InterruptedException {
      try (Socket sentinel = new Socket(InetAddress.getLoopbackAddress(), server.getLocalPort())) {
        sentinel.getOutputStream().write(SENTINEL.getBytes(StandardCharsets.US_ASCII));
        sentinel.getOutputStream().flush();
        assertTrue(sentinelSeen.await(30, TimeUnit.SECONDS), "the listener is alive");
      }
      return List.copyOf(requests);
    }

    @Override
    public void close() throws IOException {
      server.close();
    }
  }
}
