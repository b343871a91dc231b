package io.entire.transport.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Socket;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Every request header is recorded; credential values never are (A5 for the testkit's logs). */
@Timeout(60)
class RecordedHeadersTest {

  private static final String REPO = "et/org/repo";
  private static final String TOKEN = "tok-3f9a1c77e2b4";

  @RegisterExtension
  static final TestClusterExtension cluster =
      TestClusterExtension.with(
          TestCluster.builder().replicas(1).repository(REPO).requireBearer(TOKEN));

  @TempDir Path work;

  private static RecordedRequest sendRaw(String headers) throws Exception {
    ReplicaServer replica = cluster.replica(0);
    try (Socket socket = Http.connect(replica.host(), replica.port())) {
      Http.send(
          socket,
          "GET /"
              + REPO
              + "/info/refs?service=git-upload-pack HTTP/1.1\r\nHost: h\r\n"
              + headers
              + "Connection: close\r\n\r\n");
      Http.readToEnd(socket);
    }
    return replica.awaitRequests(1, Http.TIMEOUT).get(0);
  }

  @Test
  void everyHeaderIsRecordedInOrderWithRepeatsAndAnyCase() throws Exception {
    RecordedRequest r =
        sendRaw("X-Trace: one\r\nAccept: */*\r\nx-trace: two\r\nGit-Protocol: version=2\r\n");

    assertEquals(
        List.of(
            Map.entry("Host", "h"),
            Map.entry("X-Trace", "one"),
            Map.entry("Accept", "*/*"),
            Map.entry("x-trace", "two"),
            Map.entry("Git-Protocol", "version=2"),
            Map.entry("Connection", "close")),
        r.headers());
    assertEquals(List.of("one", "two"), r.headers("X-TRACE"));
    assertEquals("*/*", r.header("accept"), "not only the selected headers any more");
    assertEquals("version=2", r.selectedHeaders().get("Git-Protocol"), "selected ones as before");
    assertEquals(401, r.status(), "no credentials: rejected, and still recorded");
  }

  @Test
  void A5_credentialHeadersAreRecordedAsPresentWithTheirScheme() throws Exception {
    RecordedRequest r =
        sendRaw(
            "Authorization: Bearer "
                + TOKEN
                + "\r\nProxy-Authorization: Basic dXNlcjpwYXNzd29yZA==\r\n"
                + "Cookie: session=c00kie-secret-value\r\n"
                + "X-Forwarded-Token: "
                + TOKEN
                + "\r\nX-Retry-Auth: Bearer "
                + TOKEN
                + "\r\nUser-Agent: git/2.43.0\r\n");

    assertEquals(200, r.status(), "the token was accepted");
    assertEquals("present, Bearer", r.header("Authorization"));
    assertEquals("present, Basic", r.header("Proxy-Authorization"));
    assertEquals("present", r.header("Cookie"));
    assertEquals("present", r.header("X-Forwarded-Token"), "carries a credential the cluster has");
    assertEquals("present, Bearer", r.header("X-Retry-Auth"));
    assertEquals("git/2.43.0", r.header("User-Agent"), "other headers keep their value");
    assertTrue(r.authorizationPresent());
    assertNoSecret(List.of(r), TOKEN, "dXNlcjpwYXNzd29yZA==", "c00kie-secret-value");
  }

  @Test
  void A5_aTokenRealGitSendsNeverAppearsInAnyLogOrToString() {
    String url = cluster.replica(0).url() + "/" + REPO;

    IsolatedGit.Result clone =
        cluster
            .get()
            .git()
            .run(work, "-c", "http.extraHeader=Authorization: Bearer " + TOKEN, "clone", url, "c");

    assertEquals(0, clone.exitCode(), clone.stderr());
    List<RecordedRequest> all = cluster.requests();
    assertTrue(all.size() >= 2, "info/refs and the pack request: " + all);
    for (RecordedRequest r : all) {
      assertEquals("present, Bearer", r.header("Authorization"), r.toString());
      assertTrue(r.header("User-Agent").startsWith("git/"), r.toString());
    }
    assertNoSecret(all, TOKEN);
    assertNoSecret(cluster.replica(0).requests(), TOKEN);
  }

  @Test
  void A5_aRecordBuiltByHandRedactsCredentialHeadersToo() {
    RecordedRequest r =
        new RecordedRequest(
            "replica-0",
            "GET",
            "/p",
            "h",
            true,
            Map.of(),
            200,
            List.of(Map.entry("authorization", "token " + TOKEN), Map.entry("Cookie", "a=b")));

    assertEquals("present, token", r.header("Authorization"));
    assertEquals("present", r.header("cookie"));
    assertFalse(r.toString().contains(TOKEN), r.toString());
  }

  @Test
  void aShortTestTokenDoesNotBlankOtherHeaders() throws Exception {
    cluster.replica(0).requireBearer("t");

    RecordedRequest r = sendRaw("Authorization: Bearer t\r\nUser-Agent: test-agent\r\nX-Id: t\r\n");

    assertEquals(200, r.status());
    assertEquals("test-agent", r.header("User-Agent"), "contains the letter t, not the secret");
    assertEquals("present", r.header("X-Id"), "the whole value is the secret");
  }

  /** Asserts that neither the fields nor the text of any record holds a secret. */
  static void assertNoSecret(List<RecordedRequest> records, String... secrets) {
    for (RecordedRequest r : records) {
      String everything =
          r.toString() + r.headers() + r.selectedHeaders() + r.pathAndQuery() + r.host();
      for (String secret : secrets) {
        assertFalse(everything.contains(secret), "a secret was recorded: " + r);
      }
    }
  }
}
