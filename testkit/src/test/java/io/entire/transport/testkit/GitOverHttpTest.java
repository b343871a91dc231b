package io.entire.transport.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Real {@code git} clones and pushes through replicas that require a bearer token. */
@Timeout(60)
class GitOverHttpTest {

  private static final String TOKEN = "s3cret-token-value";
  private static final String AUTH = "http.extraHeader=Authorization: Bearer " + TOKEN;

  @RegisterExtension
  static final TestClusterExtension cluster =
      TestClusterExtension.with(
          TestCluster.builder()
              .replicas(3)
              .repository("et/org/repo")
              .emptyRepository("et/org/empty")
              .requireBearer(TOKEN));

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

  @Test
  void clonesSeededRepositoryThroughReplicaWithBearerToken() throws IOException {
    String url = cluster.replica(0).url() + "/et/org/repo";

    git.runChecked(work, "-c", AUTH, "clone", "--quiet", url, "clone");

    Path clone = work.resolve("clone");
    assertTrue(Files.readString(clone.resolve("README.md")).contains("et/org/repo"));
    String refs = git.runChecked(clone, "branch", "-r").stdout();
    assertTrue(refs.contains("origin/main") && refs.contains("origin/feature"), refs);
    assertEquals("v1.0", git.runChecked(clone, "tag").stdout().trim());
    assertEquals("main", git.runChecked(clone, "branch", "--show-current").stdout().trim());
    List<RecordedRequest> requests = cluster.replica(0).requests();
    assertTrue(requests.stream().allMatch(r -> r.authorizationPresent() && r.status() == 200));
    assertTrue(
        requests.stream().anyMatch(r -> "version=2".equals(r.header("Git-Protocol"))),
        "" + requests);
    assertTrue(requests.stream().anyMatch(r -> r.method().equals("POST")));
    assertTrue(cluster.replica(1).requests().isEmpty());
  }

  @Test
  void requestLogNeverContainsTheAuthorizationValue() {
    String url = cluster.replica(2).url() + "/et/org/repo";
    git.runChecked(work, "-c", AUTH, "ls-remote", url);

    List<RecordedRequest> requests = cluster.get().requests();
    assertFalse(requests.isEmpty());
    for (RecordedRequest r : requests) {
      assertTrue(r.authorizationPresent());
      assertFalse(r.toString().contains(TOKEN), r.toString());
      assertFalse(r.selectedHeaders().containsKey("Authorization"));
    }
  }

  @Test
  void cloneWithoutTokenIsRejectedWith401() {
    String url = cluster.replica(1).url() + "/et/org/repo";

    IsolatedGit.Result result = git.run(work, "clone", "--quiet", url, "denied");

    assertNotEquals(0, result.exitCode());
    RecordedRequest first = cluster.replica(1).requests().get(0);
    assertEquals(401, first.status());
    assertFalse(first.authorizationPresent());
  }

  @Test
  void wrongTokenIsRejectedWithShortTextBody() throws Exception {
    HttpResponse<String> response =
        Http.client()
            .send(
                HttpRequest.newBuilder(
                        URI.create(Http.infoRefs(cluster.replica(0).url(), "et/org/repo")))
                    .header("Authorization", "Bearer wrong")
                    .build(),
                HttpResponse.BodyHandlers.ofString());

    assertEquals(401, response.statusCode());
    assertEquals("invalid credentials\n", response.body());
    assertTrue(response.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Bearer"));
    assertTrue(response.headers().firstValue(TestCluster.REPLICAS_HEADER).isPresent());
  }

  @Test
  void pushThroughOneReplicaIsSeenThroughAnother() throws IOException {
    String repo = "/et/org/repo";
    git.runChecked(work, "-c", AUTH, "clone", "--quiet", cluster.replica(0).url() + repo, "c");
    Path clone = work.resolve("c");
    Files.writeString(clone.resolve("pushed.txt"), "pushed\n");
    git.runChecked(clone, "add", "pushed.txt");
    git.runChecked(clone, "commit", "--quiet", "-m", "push through replica 1");
    String head = git.runChecked(clone, "rev-parse", "HEAD").stdout().trim();

    git.runChecked(
        clone,
        "-c",
        AUTH,
        "push",
        "--quiet",
        cluster.replica(1).url() + repo,
        "HEAD:refs/heads/pushed");

    String remote =
        git.runChecked(
                work, "-c", AUTH, "ls-remote", cluster.replica(2).url() + repo, "refs/heads/pushed")
            .stdout();
    assertTrue(remote.startsWith(head), remote);
    assertTrue(
        cluster.replica(1).requests().stream()
            .anyMatch(r -> r.path().endsWith("/git-receive-pack") && r.status() == 200));
  }

  @Test
  void pushesIntoEmptyRepository() throws IOException {
    Path local = work.resolve("local");
    git.runChecked(work, "init", "--quiet", local.toString());
    Files.writeString(local.resolve("a.txt"), "a\n");
    git.runChecked(local, "add", "a.txt");
    git.runChecked(local, "commit", "--quiet", "-m", "first");

    git.runChecked(
        local, "-c", AUTH, "push", "--quiet", cluster.replica(0).url() + "/et/org/empty", "main");

    assertTrue(git.runChecked(cluster.get().repository("et/org/empty"), "rev-parse", "main").ok());
  }

  @Test
  void gzipChunkedUploadPackRequestIsInflatedByHttpBackend() throws Exception {
    // protocol v2 ls-refs, gzip-compressed and sent chunked (a stream of unknown length)
    byte[] request =
        (pkt("command=ls-refs\n") + "0001" + pkt("peel\n") + "0000")
            .getBytes(StandardCharsets.US_ASCII);
    ByteArrayOutputStream gzipped = new ByteArrayOutputStream();
    try (GZIPOutputStream gzip = new GZIPOutputStream(gzipped)) {
      gzip.write(request);
    }

    HttpResponse<String> response =
        Http.client()
            .send(
                HttpRequest.newBuilder(
                        URI.create(cluster.replica(0).url() + "/et/org/repo/git-upload-pack"))
                    .timeout(Duration.ofSeconds(10))
                    .header("Authorization", "Bearer " + TOKEN)
                    .header("Git-Protocol", "version=2")
                    .header("Content-Type", "application/x-git-upload-pack-request")
                    .header("Content-Encoding", "gzip")
                    .POST(
                        HttpRequest.BodyPublishers.ofInputStream(
                            () -> new ByteArrayInputStream(gzipped.toByteArray())))
                    .build(),
                HttpResponse.BodyHandlers.ofString());

    assertEquals(200, response.statusCode(), response.body());
    assertTrue(response.body().contains("refs/heads/main"), response.body());
    assertTrue(response.body().contains("refs/tags/v1.0 peeled:"), response.body());
    RecordedRequest recorded = cluster.replica(0).requests().get(0);
    assertEquals("gzip", recorded.header("Content-Encoding"));
    assertEquals("application/x-git-upload-pack-request", recorded.header("Content-Type"));
  }

  private static String pkt(String payload) {
    return String.format("%04x", payload.length() + 4) + payload;
  }
}
