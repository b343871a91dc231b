package io.entire.transport.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** What the entry answers in each {@link EntryMode}, and the replicas header. */
@Timeout(60)
class EntryModeTest {

  private static final String REPO = "et/org/repo";

  @RegisterExtension
  static final TestClusterExtension cluster =
      TestClusterExtension.with(TestCluster.builder().replicas(3).repository(REPO));

  @TempDir Path work;

  private static String header(HttpResponse<?> response) {
    return response.headers().firstValue(TestCluster.REPLICAS_HEADER).orElse(null);
  }

  @Test
  void redirectsRoundRobinWith307AndReplicasHeader() throws Exception {
    String path = "/" + REPO + "/info/refs?service=git-upload-pack";
    String all = String.join(",", cluster.replicaUrls());

    for (int i = 0; i < 4; i++) {
      HttpResponse<String> response = Http.get(cluster.entryUrl() + path);
      assertEquals(307, response.statusCode());
      assertEquals(
          cluster.replica(i % 3).url() + path, response.headers().firstValue("Location").get());
      assertEquals(all, header(response));
    }
    RecordedRequest recorded = cluster.entry().requests().get(0);
    assertEquals("entry", recorded.server());
    assertEquals(307, recorded.status());
    assertEquals(path, recorded.pathAndQuery());
    assertEquals(cluster.entry().host() + ":" + cluster.entry().port(), recorded.host());
  }

  @Test
  void downReplicaIsLeftOutOfRedirectsAndHeader() throws Exception {
    cluster.replica(1).fault(Fault.down());
    String expected = cluster.replica(0).url() + "," + cluster.replica(2).url();

    HttpResponse<String> first = Http.get(Http.infoRefs(cluster.entryUrl(), REPO));
    HttpResponse<String> second = Http.get(Http.infoRefs(cluster.entryUrl(), REPO));

    assertTrue(first.headers().firstValue("Location").get().startsWith(cluster.replica(0).url()));
    assertTrue(second.headers().firstValue("Location").get().startsWith(cluster.replica(2).url()));
    assertEquals(expected, header(first));
    assertEquals(expected, cluster.get().replicasHeader());
    HttpResponse<String> fromReplica = Http.get(Http.infoRefs(cluster.replica(2).url(), REPO));
    assertEquals(expected, header(fromReplica));
  }

  @Test
  void allReplicasDownMakesTheEntryAnswer503() throws Exception {
    cluster.get().replicas().forEach(r -> r.fault(Fault.down()));

    HttpResponse<String> response = Http.get(Http.infoRefs(cluster.entryUrl(), REPO));

    assertEquals(503, response.statusCode());
    assertTrue(response.body().contains("no replica available"), response.body());
  }

  @Test
  void redirectWithoutReplicasOmitsTheHeader() throws Exception {
    cluster.entry().mode(EntryMode.REDIRECT_WITHOUT_REPLICAS);

    HttpResponse<String> response = Http.get(Http.infoRefs(cluster.entryUrl(), REPO));

    assertEquals(307, response.statusCode());
    assertTrue(
        response.headers().firstValue("Location").get().startsWith(cluster.replica(0).url()));
    assertEquals(null, header(response));
  }

  @Test
  void serveAnswersThroughHttpBackendWithReplicasHeader() throws Exception {
    cluster.entry().mode(EntryMode.SERVE);

    HttpResponse<String> response = Http.get(Http.infoRefs(cluster.entryUrl(), REPO));

    assertEquals(200, response.statusCode());
    assertEquals(
        "application/x-git-upload-pack-advertisement",
        response.headers().firstValue("Content-Type").get());
    assertTrue(response.body().contains("refs/heads/main"));
    assertEquals(String.join(",", cluster.replicaUrls()), header(response));
    assertTrue(cluster.replica(0).requests().isEmpty());
  }

  @Test
  void gitClonesThroughTheEntryInEveryAnsweringMode() {
    try (IsolatedGit git = IsolatedGit.create()) {
      String url = cluster.get().entryUrl(REPO);
      git.runChecked(work, "clone", "--quiet", url, "via-redirect");
      cluster.entry().mode(EntryMode.SERVE);
      git.runChecked(work, "clone", "--quiet", url, "via-serve");
    }
    assertTrue(Files.exists(work.resolve("via-redirect/README.md")));
    assertTrue(Files.exists(work.resolve("via-serve/README.md")));
    assertTrue(cluster.entry().requests().stream().anyMatch(r -> r.status() == 307));
    assertTrue(
        cluster.entry().requests().stream()
            .anyMatch(r -> r.method().equals("POST") && r.status() == 200));
  }

  @Test
  void statusModeAnswersFixedText() throws Exception {
    cluster.entry().mode(EntryMode.status(503, "maintenance\n"));

    HttpResponse<String> response = Http.get(Http.infoRefs(cluster.entryUrl(), REPO));

    assertEquals(503, response.statusCode());
    assertEquals("maintenance\n", response.body());
    assertEquals(null, header(response));
  }

  @Test
  void redirectToArbitraryBaseWithCustomHeader() throws Exception {
    cluster
        .entry()
        .mode(EntryMode.redirectTo(URI.create("http://127.0.0.2:9/"), "http://127.0.0.2:9"));

    HttpResponse<String> response = Http.get(cluster.entryUrl() + "/x/y?a=b");

    assertEquals(307, response.statusCode());
    assertEquals("http://127.0.0.2:9/x/y?a=b", response.headers().firstValue("Location").get());
    assertEquals("http://127.0.0.2:9", header(response));
  }

  @Test
  void replicasHeaderCanBePoisonedOrSwitchedOff() throws Exception {
    cluster.get().replicasHeader("http://127.0.0.2:4711");
    assertEquals(
        "http://127.0.0.2:4711", header(Http.get(Http.infoRefs(cluster.replica(0).url(), REPO))));
    assertEquals(
        "http://127.0.0.2:4711", header(Http.get(Http.infoRefs(cluster.entryUrl(), REPO))));

    cluster.get().replicasHeaderOff();
    assertEquals(null, header(Http.get(Http.infoRefs(cluster.replica(0).url(), REPO))));

    cluster.get().replicasHeaderDefault();
    assertEquals(
        String.join(",", cluster.replicaUrls()),
        header(Http.get(Http.infoRefs(cluster.replica(0).url(), REPO))));
  }

  @Test
  void clusterLogCollectsEveryServerInOrder() throws Exception {
    Http.get(Http.infoRefs(cluster.entryUrl(), REPO));
    Http.get(Http.infoRefs(cluster.replica(2).url(), REPO));

    var requests = cluster.get().awaitRequests(2, Http.TIMEOUT);

    assertEquals("entry", requests.get(0).server());
    assertEquals("replica-2", requests.get(1).server());
    assertFalse(requests.get(1).authorizationPresent());
    cluster.get().clearRequests();
    assertTrue(cluster.requests().isEmpty());
    assertTrue(cluster.replica(2).requests().isEmpty());
  }
}
