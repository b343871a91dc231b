package io.entire.transport.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The out-of-cluster recording server on 127.0.0.2. */
@Timeout(30)
class OutsiderServerTest {

  private OutsiderServer outsider;

  @TempDir Path work;

  @BeforeEach
  void start() {
    outsider = OutsiderServer.start();
  }

  @AfterEach
  void stop() {
    outsider.close();
  }

  @Test
  void bindsToAnotherLoopbackAddress() {
    assertEquals("127.0.0.2", outsider.host());
    assertTrue(outsider.url().startsWith("http://127.0.0.2:"), outsider.url());
    assertEquals("outsider", outsider.name());
  }

  @Test
  void recordsWhetherAuthorizationArrivedButNeverItsValue() throws Exception {
    HttpResponse<String> response =
        Http.client()
            .send(
                HttpRequest.newBuilder(URI.create(outsider.url() + "/et/org/repo/x?y=1"))
                    .header("Authorization", "Bearer leaked-token")
                    .header("User-Agent", "probe/1")
                    .build(),
                HttpResponse.BodyHandlers.ofString());

    assertEquals(200, response.statusCode());
    RecordedRequest recorded = outsider.awaitRequests(1, Http.TIMEOUT).get(0);
    assertTrue(recorded.authorizationPresent());
    assertFalse(recorded.toString().contains("leaked-token"));
    assertEquals("/et/org/repo/x?y=1", recorded.pathAndQuery());
    assertEquals("probe/1", recorded.header("User-Agent"));
    assertTrue(recorded.host().startsWith("127.0.0.2:"));
  }

  @Test
  void answersAValidEmptyAdvertisementThatGitAccepts() {
    try (IsolatedGit git = IsolatedGit.create()) {
      IsolatedGit.Result result =
          git.run(work, "-c", "protocol.version=0", "ls-remote", outsider.url() + "/any/repo");

      assertEquals(0, result.exitCode(), result.stderr());
      assertEquals("", result.stdout());
    }
    RecordedRequest recorded = outsider.requests().get(0);
    assertEquals("/any/repo/info/refs?service=git-upload-pack", recorded.pathAndQuery());
    assertFalse(recorded.authorizationPresent());
  }

  @Test
  void fixedAnswerReplacesTheDefault() throws Exception {
    outsider.respondWith(404, "nothing here\n");

    HttpResponse<String> response =
        Http.get(outsider.url() + "/a/info/refs?service=git-upload-pack");

    assertEquals(404, response.statusCode());
    assertEquals("nothing here\n", response.body());
    outsider.respondWithDefault();
    assertEquals(200, Http.get(outsider.url() + "/").statusCode());
  }

  @Test
  void entryRedirectCanPointAtTheOutsider() throws Exception {
    try (TestCluster cluster =
        TestCluster.builder()
            .replicas(1)
            .entryMode(EntryMode.redirectTo(outsider.uri(), outsider.url()))
            .start()) {
      HttpResponse<String> redirect = Http.get(cluster.entryUrl() + "/et/org/repo/info/refs");

      assertEquals(
          outsider.url() + "/et/org/repo/info/refs",
          redirect.headers().firstValue("Location").get());
      assertEquals(
          outsider.url(), redirect.headers().firstValue(TestCluster.REPLICAS_HEADER).get());
      assertTrue(outsider.requests().isEmpty());
    }
  }
}
