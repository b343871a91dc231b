package io.entire.transport.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Faults narrowed with {@link Fault#onlyFor(String, String)} hit matching requests only. */
@Timeout(60)
class ScopedFaultTest {

  private static final String REPO = "et/org/scoped";
  private static final String RECEIVE_PACK = "/git-receive-pack";

  @RegisterExtension
  static final TestClusterExtension cluster =
      TestClusterExtension.with(TestCluster.builder().replicas(2).repository(REPO));

  private static IsolatedGit git;

  @TempDir Path work;

  @BeforeAll
  static void git() {
    git = IsolatedGit.create();
  }

  @AfterAll
  static void closeGit() {
    git.close();
  }

  private static String request(String method, String target, ReplicaServer server) {
    return method
        + " /"
        + REPO
        + target
        + " HTTP/1.1\r\nHost: "
        + server.host()
        + ":"
        + server.port()
        + "\r\nContent-Length: 0\r\n\r\n";
  }

  private Path cloneWithACommit(ReplicaServer replica, String name) throws IOException {
    git.runChecked(work, "clone", "--quiet", replica.url() + "/" + REPO, name);
    Path clone = work.resolve(name);
    Files.writeString(clone.resolve(name + ".txt"), name + "\n");
    git.runChecked(clone, "add", ".");
    git.runChecked(clone, "commit", "--quiet", "-m", name);
    return clone;
  }

  @Test
  void statusOnlyForReceivePackPostsFailsThePushButNotTheAdvertisementOrFetches()
      throws IOException {
    ReplicaServer replica = cluster.replica(0);
    replica.fault(Fault.status(503).onlyFor("POST", RECEIVE_PACK));

    // A clone (GET info/refs, POST git-upload-pack) is not in scope.
    Path clone = cloneWithACommit(replica, "status");
    replica.clearRequests();
    IsolatedGit.Result push =
        git.run(clone, "push", "--quiet", "origin", "HEAD:refs/heads/scoped-status");

    assertNotEquals(0, push.exitCode(), push.stderr());
    assertTrue(push.stderr().contains("503"), push.stderr());
    List<RecordedRequest> requests = replica.requests();
    assertTrue(
        requests.stream()
            .anyMatch(
                r ->
                    r.method().equals("GET")
                        && "service=git-receive-pack".equals(r.query())
                        && r.status() == 200),
        "the advertisement before the POST is answered normally: " + requests);
    assertTrue(
        requests.stream()
            .anyMatch(
                r ->
                    r.method().equals("POST")
                        && r.path().endsWith(RECEIVE_PACK)
                        && r.status() == 503),
        "the receive-pack POST got the fault: " + requests);

    // Switched at run time like any fault: the same push now goes through.
    replica.fault(Fault.none());
    git.runChecked(clone, "push", "--quiet", "origin", "HEAD:refs/heads/scoped-status");
  }

  @Test
  void resetOnlyForPostsResetsThePostAndKeepsAnsweringGets() throws Exception {
    ReplicaServer replica = cluster.replica(1);
    replica.fault(Fault.reset().onlyFor("POST", RECEIVE_PACK));

    assertEquals(200, Http.get(Http.infoRefs(replica.url(), REPO)).statusCode());
    try (Socket socket = Http.connect(replica.host(), replica.port())) {
      Http.send(socket, request("POST", RECEIVE_PACK, replica));
      SocketException e = assertThrows(SocketException.class, () -> socket.getInputStream().read());
      assertTrue(e.getMessage().toLowerCase().contains("reset"), e.getMessage());
    }
    assertEquals(200, Http.get(Http.infoRefs(replica.url(), REPO)).statusCode());

    List<RecordedRequest> requests = replica.awaitRequests(3, Http.TIMEOUT);
    assertEquals(List.of(200, 0, 200), requests.stream().map(RecordedRequest::status).toList());
  }

  @Test
  void methodAndPathSuffixMustBothMatch() throws Exception {
    ReplicaServer replica = cluster.replica(0);
    // GET of info/refs matches neither the method (POST) nor the path: answered by git
    replica.fault(Fault.status(502).onlyFor("POST", "/info/refs"));
    assertEquals(200, Http.get(Http.infoRefs(replica.url(), REPO)).statusCode());

    replica.fault(Fault.status(502).onlyFor("GET", RECEIVE_PACK));
    assertEquals(200, Http.get(Http.infoRefs(replica.url(), REPO)).statusCode());

    // The query is not part of the path: a suffix naming the service never matches.
    replica.fault(Fault.status(502).onlyFor("GET", "service=git-upload-pack"));
    assertEquals(200, Http.get(Http.infoRefs(replica.url(), REPO)).statusCode());

    replica.fault(Fault.status(502).onlyFor("GET", "/info/refs"));
    assertEquals(502, Http.get(Http.infoRefs(replica.url(), REPO)).statusCode());

    replica.fault(Fault.status(502).onlyFor("GET", ""));
    assertEquals(502, Http.get(Http.infoRefs(replica.url(), REPO)).statusCode());
  }

  @Test
  void aHungRequestIsReleasedWhenTheFaultNoLongerCoversIt() throws Exception {
    ReplicaServer replica = cluster.replica(1);
    replica.fault(Fault.hang().onlyFor("POST", RECEIVE_PACK));

    try (Socket socket = Http.connect(replica.host(), replica.port())) {
      Http.send(socket, request("POST", RECEIVE_PACK, replica));
      replica.awaitRequests(1, Http.TIMEOUT);
      // GETs are still answered while the POST hangs
      assertEquals(200, Http.get(Http.infoRefs(replica.url(), REPO)).statusCode());

      // still a hang, but no longer of this request: it is let go
      replica.fault(Fault.hang().onlyFor("GET", "/info/refs"));

      InputStream in = socket.getInputStream();
      assertEquals(-1, in.read(), "closed without an answer");
    }
    assertEquals(0, replica.requests().get(0).status());
  }

  @Test
  void truncateOnlyForInfoRefsLeavesOtherPathsWhole() throws Exception {
    ReplicaServer replica = cluster.replica(0);
    replica.fault(Fault.truncateAfter(10).onlyFor("GET", "/info/refs"));

    // git's clone needs a whole advertisement
    IsolatedGit.Result clone =
        git.run(work, "clone", "--quiet", replica.url() + "/" + REPO, "truncated");
    assertNotEquals(0, clone.exitCode(), clone.stderr());

    replica.fault(Fault.truncateAfter(10).onlyFor("GET", "/HEAD"));
    git.runChecked(work, "clone", "--quiet", replica.url() + "/" + REPO, "whole");
    assertTrue(Files.exists(work.resolve("whole/.git")));
  }

  @Test
  void downAndNoneCannotBeNarrowed() {
    assertThrows(IllegalStateException.class, () -> Fault.down().onlyFor("POST", RECEIVE_PACK));
    assertThrows(IllegalStateException.class, () -> Fault.none().onlyFor("POST", RECEIVE_PACK));
    assertThrows(IllegalArgumentException.class, () -> Fault.reset().onlyFor("", RECEIVE_PACK));
  }

  @Test
  void theScopeIsPartOfTheValue() {
    Fault scoped = Fault.status(503).onlyFor("POST", RECEIVE_PACK);

    assertEquals(scoped, Fault.status(503).onlyFor("POST", RECEIVE_PACK));
    assertEquals(scoped.hashCode(), Fault.status(503).onlyFor("POST", RECEIVE_PACK).hashCode());
    assertNotEquals(scoped, Fault.status(503));
    assertNotEquals(scoped, Fault.status(503).onlyFor("GET", RECEIVE_PACK));
    assertFalse(scoped.appliesToEveryRequest());
    assertTrue(Fault.status(503).appliesToEveryRequest());
    assertEquals("Fault.status(503).onlyFor(\"POST\", \"/git-receive-pack\")", scoped.toString());
    assertEquals(
        Fault.reset().onlyFor("GET", "/info/refs"),
        Fault.reset().onlyFor("POST", RECEIVE_PACK).onlyFor("GET", "/info/refs"),
        "a later scope replaces an earlier one");
  }
}
