package io.entire.transport.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Every {@link Fault}, observed over real sockets. */
@Timeout(60)
class FaultTest {

  private static final String REPO = "et/org/repo";

  @RegisterExtension
  static final TestClusterExtension cluster =
      TestClusterExtension.with(TestCluster.builder().replicas(2).repository(REPO));

  @TempDir Path work;

  private static String infoRefsRequest(TestServer server) {
    return "GET /"
        + REPO
        + "/info/refs?service=git-upload-pack HTTP/1.1\r\nHost: "
        + server.host()
        + ":"
        + server.port()
        + "\r\n\r\n";
  }

  @Test
  void downRefusesConnectionsAndComesBackOnTheSamePort() throws Exception {
    ReplicaServer replica = cluster.replica(0);
    int port = replica.port();
    String url = Http.infoRefs(replica.url(), REPO);

    replica.fault(Fault.down());

    assertTrue(replica.isDown());
    assertThrows(ConnectException.class, () -> new Socket(replica.host(), port).close());
    assertThrows(ConnectException.class, () -> Http.get(url));

    replica.fault(Fault.none());

    assertEquals(port, replica.port());
    assertEquals(200, Http.get(url).statusCode());
  }

  @Test
  void downClosesOpenKeepAliveConnections() throws Exception {
    ReplicaServer replica = cluster.replica(1);
    try (Socket socket = Http.connect(replica.host(), replica.port())) {
      Http.send(socket, infoRefsRequest(replica));
      InputStream in = socket.getInputStream();
      String head = Http.readHead(in);
      assertTrue(head.startsWith("HTTP/1.1 200") && !head.contains("Connection: close"), head);
      assertTrue(new String(Http.readChunkedBody(in), StandardCharsets.UTF_8).endsWith("0000"));

      replica.fault(Fault.down());

      // without down this read would time out: the connection is kept alive
      assertEquals(-1, in.read());
    }
  }

  @Test
  void blackholeLeavesConnectsHangingUntilTheClientGivesUpThenServesTheSamePortAgain()
      throws Exception {
    ReplicaServer replica = cluster.replica(0);
    int port = replica.port();
    String url = Http.infoRefs(replica.url(), REPO);
    try (Socket open = Http.connect(replica.host(), port)) {
      replica.fault(Fault.blackhole());

      assertEquals(-1, open.getInputStream().read()); // open connections close, as for down
    }
    assertFalse(replica.isDown());
    assertTrue(replica.fault().isAdvertised());
    for (int i = 0; i < 3; i++) { // every connect hangs, not only the first after the switch
      try (Socket socket = new Socket()) {
        assertThrows(
            java.net.SocketTimeoutException.class,
            () -> socket.connect(new java.net.InetSocketAddress(replica.host(), port), 300));
      }
    }

    replica.fault(Fault.none());

    assertEquals(port, replica.port());
    assertEquals(200, Http.get(url).statusCode());
  }

  @Test
  void blackholeThenDownRefusesConnects() throws Exception {
    ReplicaServer replica = cluster.replica(1);
    int port = replica.port();
    replica.fault(Fault.blackhole());

    replica.fault(Fault.down());

    assertThrows(ConnectException.class, () -> new Socket(replica.host(), port).close());
    replica.fault(Fault.none());
    assertEquals(200, Http.get(Http.infoRefs(replica.url(), REPO)).statusCode());
  }

  @Test
  void entryCanGoDownToo() {
    cluster.entry().fault(Fault.down());

    assertThrows(ConnectException.class, () -> Http.get(cluster.entryUrl() + "/"));
  }

  @Test
  void statusFaultAnswersWithoutGitAndKeepsReplicasHeader() throws Exception {
    cluster.replica(0).fault(Fault.status(503));

    HttpResponse<String> response = Http.get(Http.infoRefs(cluster.replica(0).url(), REPO));

    assertEquals(503, response.statusCode());
    assertEquals("testkit fault: HTTP 503\n", response.body());
    assertEquals(
        String.join(",", cluster.replicaUrls()),
        response.headers().firstValue(TestCluster.REPLICAS_HEADER).orElse(null));
    assertEquals(503, cluster.replica(0).requests().get(0).status());
  }

  @Test
  void resetSendsRstAfterReadingTheRequest() throws Exception {
    ReplicaServer replica = cluster.replica(0);
    replica.fault(Fault.reset());

    try (Socket socket = Http.connect(replica.host(), replica.port())) {
      Http.send(socket, infoRefsRequest(replica));
      SocketException e = assertThrows(SocketException.class, () -> socket.getInputStream().read());
      assertTrue(e.getMessage().toLowerCase().contains("reset"), e.getMessage());
    }
    assertThrows(IOException.class, () -> Http.get(Http.infoRefs(replica.url(), REPO)));
    assertEquals(0, replica.awaitRequests(1, Http.TIMEOUT).get(0).status());
  }

  @Test
  void hangNeverAnswersUntilCleared() throws Exception {
    ReplicaServer replica = cluster.replica(1);
    replica.fault(Fault.hang());
    HttpClient client = Http.client();
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(Http.infoRefs(replica.url(), REPO)))
            .timeout(Duration.ofMillis(300))
            .build();

    assertThrows(
        HttpTimeoutException.class,
        () -> client.send(request, HttpResponse.BodyHandlers.ofString()));

    try (Socket socket = Http.connect(replica.host(), replica.port())) {
      Http.send(socket, infoRefsRequest(replica));
      replica.requestLog().awaitCount(2, Http.TIMEOUT);

      replica.fault(Fault.none());

      // the hung connection is closed without an answer once the fault is cleared
      assertEquals(-1, socket.getInputStream().read());
    }
    assertEquals(200, Http.get(Http.infoRefs(replica.url(), REPO)).statusCode());
    assertEquals(0, replica.requests().get(0).status());
  }

  @Test
  void hangingRequestsDoNotBlockClose() throws Exception {
    TestCluster own = TestCluster.builder().replicas(1).start();
    ReplicaServer replica = own.replica(0);
    replica.fault(Fault.hang());
    try (Socket socket = Http.connect(replica.host(), replica.port())) {
      Http.send(socket, infoRefsRequest(replica));
      replica.awaitRequests(1, Http.TIMEOUT);

      long start = System.nanoTime();
      own.close();
      long millis = (System.nanoTime() - start) / 1_000_000;

      assertTrue(millis < 3000, "close took " + millis + " ms");
      assertEquals(-1, socket.getInputStream().read());
    }
  }

  @Test
  void truncateChunkedBreaksTheChunkedStream() throws Exception {
    ReplicaServer replica = cluster.replica(0);
    replica.fault(Fault.truncateAfter(20));

    try (Socket socket = Http.connect(replica.host(), replica.port())) {
      Http.send(socket, infoRefsRequest(replica));
      InputStream in = socket.getInputStream();
      String head = Http.readHead(in);
      assertTrue(head.contains("Transfer-Encoding: chunked"), head);
      String body = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
      assertEquals("14\r\n001e# service=git-up\r\n", body);
    }
    assertThrows(
        IOException.class,
        () ->
            Http.client()
                .send(
                    HttpRequest.newBuilder(URI.create(Http.infoRefs(replica.url(), REPO))).build(),
                    HttpResponse.BodyHandlers.ofByteArray()));
    assertEquals(200, replica.requests().get(0).status());
  }

  @Test
  void truncateWithContentLengthDeclaresTheFullLength() throws Exception {
    ReplicaServer replica = cluster.replica(0);
    replica.fault(Fault.truncateAfter(100, Fault.Framing.CONTENT_LENGTH));

    try (Socket socket = Http.connect(replica.host(), replica.port())) {
      Http.send(socket, infoRefsRequest(replica));
      InputStream in = socket.getInputStream();
      String head = Http.readHead(in);
      int declared = Http.contentLength(head);
      byte[] body = in.readAllBytes();
      assertEquals(100, body.length);
      assertTrue(declared > 100, head);
    }
    assertThrows(
        IOException.class,
        () ->
            Http.client()
                .send(
                    HttpRequest.newBuilder(URI.create(Http.infoRefs(replica.url(), REPO))).build(),
                    HttpResponse.BodyHandlers.ofByteArray()));
  }

  @Test
  void hardening_3_F9_closeAfterResponseAnswersCompletelyThenClosesWithoutSayingSo()
      throws Exception {
    ReplicaServer replica = cluster.replica(0);
    replica.fault(Fault.closeAfterResponse());

    try (Socket socket = Http.connect(replica.host(), replica.port())) {
      Http.send(socket, infoRefsRequest(replica));
      InputStream in = socket.getInputStream();
      String head = Http.readHead(in);
      assertTrue(head.startsWith("HTTP/1.1 200"), head);
      assertFalse(head.toLowerCase(java.util.Locale.ROOT).contains("connection: close"), head);
      // readAllBytes returns only because the server closed the connection
      String body = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
      if (head.contains("Transfer-Encoding: chunked")) {
        assertTrue(body.endsWith("0\r\n\r\n"), "a complete chunked body: " + body);
      } else {
        assertEquals(Http.contentLength(head), body.length(), head);
      }
      assertTrue(body.contains("# service=git-upload-pack"), body);
    }
    assertEquals(200, replica.requests().get(0).status());
    assertEquals("Fault.closeAfterResponse()", replica.fault().toString());
  }

  @Test
  void hardening_3_F9_closeAfterResponseIsHarmlessToAClientThatReconnects() {
    // Native git (curl) opens a new connection when the kept-alive one was closed.
    cluster.replica(1).fault(Fault.closeAfterResponse());
    try (IsolatedGit git = IsolatedGit.create()) {
      IsolatedGit.Result result =
          git.run(work, "clone", "--quiet", cluster.replica(1).url() + "/" + REPO, "whole");
      assertEquals(0, result.exitCode(), result.stderr());
    }
    assertTrue(cluster.replica(1).requests().size() >= 2, "info/refs and the pack request");
  }

  @Test
  void gitCloneFailsOnATruncatedResponse() {
    cluster.replica(1).fault(Fault.truncateAfter(200));
    try (IsolatedGit git = IsolatedGit.create()) {
      IsolatedGit.Result result =
          git.run(work, "clone", "--quiet", cluster.replica(1).url() + "/" + REPO, "cut");
      assertNotEquals(0, result.exitCode(), result.stderr());
    }
  }

  @Test
  void faultsAreResetBetweenTests() {
    assertTrue(cluster.entry().fault().isNone());
    cluster.get().replicas().forEach(r -> assertTrue(r.fault().isNone(), r.toString()));
    assertTrue(cluster.requests().isEmpty());
  }
}
