package io.entire.transport.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** HTTP/1.1 framing of the raw-socket server: keep-alive, chunked, 100-continue, errors. */
@Timeout(30)
class HttpProtocolTest {

  private static final String REPO = "et/org/repo";

  @RegisterExtension
  static final TestClusterExtension cluster =
      TestClusterExtension.with(TestCluster.builder().replicas(1).repository(REPO));

  private static String get(String target) {
    return "GET " + target + " HTTP/1.1\r\nHost: test\r\n\r\n";
  }

  private static final String INFO_REFS = "/" + REPO + "/info/refs?service=git-upload-pack";

  /** A v2 ls-refs request as pkt-lines. */
  private static final String LS_REFS = "0014command=ls-refs\n0000";

  private static Socket connect() throws Exception {
    return Http.connect("127.0.0.1", cluster.replica(0).port());
  }

  @Test
  void keepAliveServesPipelinedRequestsOnOneConnection() throws Exception {
    try (Socket socket = connect()) {
      Http.send(socket, get(INFO_REFS) + get(INFO_REFS));
      InputStream in = socket.getInputStream();
      for (int i = 0; i < 2; i++) {
        String head = Http.readHead(in);
        assertTrue(head.startsWith("HTTP/1.1 200 OK\r\n"), head);
        String body = new String(Http.readChunkedBody(in), StandardCharsets.UTF_8);
        assertTrue(body.contains("refs/heads/main"), body);
      }
    }
    assertEquals(2, cluster.replica(0).requests().size());
  }

  @Test
  void chunkedRequestBodyWithExpectContinue() throws Exception {
    try (Socket socket = connect()) {
      Http.send(
          socket,
          "POST /"
              + REPO
              + "/git-upload-pack HTTP/1.1\r\nHost: test\r\n"
              + "Content-Type: application/x-git-upload-pack-request\r\n"
              + "Git-Protocol: version=2\r\nTransfer-Encoding: chunked\r\n"
              + "Expect: 100-continue\r\n\r\n");
      InputStream in = socket.getInputStream();
      assertEquals("HTTP/1.1 100 Continue\r\n\r\n", Http.readHead(in));

      String first = LS_REFS.substring(0, 10);
      String rest = LS_REFS.substring(10);
      Http.send(
          socket,
          Integer.toHexString(first.length())
              + "\r\n"
              + first
              + "\r\n"
              + Integer.toHexString(rest.length())
              + ";ext=1\r\n"
              + rest
              + "\r\n"
              + "0\r\nX-Trailer: ignored\r\n\r\n");

      String head = Http.readHead(in);
      assertTrue(head.startsWith("HTTP/1.1 200"), head);
      assertTrue(head.contains("application/x-git-upload-pack-result"), head);
      String body = new String(Http.readChunkedBody(in), StandardCharsets.UTF_8);
      assertTrue(body.contains("refs/heads/main"), body);

      // the connection still works afterwards
      Http.send(socket, get(INFO_REFS));
      assertTrue(Http.readHead(in).startsWith("HTTP/1.1 200"));
    }
  }

  @Test
  void rejectedRequestAwaitingContinueGetsFinalAnswerAndClose() throws Exception {
    cluster.replica(0).requireBearer("t");
    try (Socket socket = connect()) {
      Http.send(
          socket,
          "POST /"
              + REPO
              + "/git-receive-pack HTTP/1.1\r\nHost: test\r\n"
              + "Content-Length: 1000000\r\nExpect: 100-continue\r\n\r\n");

      String response = new String(Http.readToEnd(socket), StandardCharsets.UTF_8);

      assertTrue(response.startsWith("HTTP/1.1 401 Unauthorized\r\n"), response);
      assertTrue(response.contains("Connection: close\r\n"), response);
      assertTrue(response.endsWith("\r\n\r\nauthentication required\n"), response);
    }
  }

  @Test
  void statusFaultKeepsTheConnectionAlive() throws Exception {
    cluster.replica(0).fault(Fault.status(503, "busy\n"));
    try (Socket socket = connect()) {
      InputStream in = socket.getInputStream();
      Http.send(socket, get(INFO_REFS));
      String head = Http.readHead(in);
      assertTrue(head.startsWith("HTTP/1.1 503 Service Unavailable"), head);
      assertEquals(
          "busy\n",
          new String(Http.readExactly(in, Http.contentLength(head)), StandardCharsets.UTF_8));

      cluster.replica(0).fault(Fault.none());
      Http.send(socket, get(INFO_REFS));

      assertTrue(Http.readHead(in).startsWith("HTTP/1.1 200"));
    }
  }

  @Test
  void http10RequestClosesAfterTheResponse() throws Exception {
    try (Socket socket = connect()) {
      Http.send(socket, "GET " + INFO_REFS + " HTTP/1.0\r\n\r\n");

      String response = new String(Http.readToEnd(socket), StandardCharsets.UTF_8);

      assertTrue(response.startsWith("HTTP/1.1 200"), response);
      assertTrue(response.contains("Connection: close"), response);
    }
  }

  @Test
  void malformedRequestGets400() throws Exception {
    try (Socket socket = connect()) {
      Http.send(socket, "NONSENSE\r\n\r\n");

      String response = new String(Http.readToEnd(socket), StandardCharsets.UTF_8);

      assertTrue(response.startsWith("HTTP/1.1 400 Bad Request"), response);
      assertTrue(response.contains("malformed request line"), response);
    }
  }

  @Test
  void basicAuthorizationIsCheckedAndChallenged() throws Exception {
    cluster.replica(0).requireBasic("alice", "pw");
    String good =
        java.util.Base64.getEncoder().encodeToString("alice:pw".getBytes(StandardCharsets.UTF_8));
    try (Socket socket = connect()) {
      InputStream in = socket.getInputStream();
      Http.send(
          socket, "GET " + INFO_REFS + " HTTP/1.1\r\nHost: t\r\nAuthorization: Basic eDp5\r\n\r\n");
      String rejected = Http.readHead(in);
      assertTrue(rejected.startsWith("HTTP/1.1 401"), rejected);
      assertTrue(rejected.contains("WWW-Authenticate: Basic realm=\"entire-testkit\""), rejected);
      assertEquals(
          "invalid credentials\n",
          new String(Http.readExactly(in, Http.contentLength(rejected)), StandardCharsets.UTF_8));

      Http.send(
          socket,
          "GET " + INFO_REFS + " HTTP/1.1\r\nHost: t\r\nAuthorization: Basic " + good + "\r\n\r\n");

      assertTrue(Http.readHead(in).startsWith("HTTP/1.1 200"));
    }
    cluster.replica(0).allowAnonymous();
    assertEquals(200, Http.get(Http.infoRefs(cluster.replica(0).url(), REPO)).statusCode());
  }

  @Test
  void unknownRepositoryIs404FromHttpBackend() throws Exception {
    assertEquals(404, Http.get(Http.infoRefs(cluster.replica(0).url(), "no/such")).statusCode());
    assertEquals(404, cluster.replica(0).requests().get(0).status());
  }
}
