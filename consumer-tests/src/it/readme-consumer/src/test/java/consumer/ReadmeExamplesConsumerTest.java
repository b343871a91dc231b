package consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import example.CiJobRefs;
import example.CompanyNetworkClient;
import example.LaptopRefs;
import example.MetricsExample;
import example.MirrorRefs;
import example.RefsService;
import io.entire.transport.EntireClient;
import io.entire.transport.EntireSession;
import io.entire.transport.domain.GitService;
import io.entire.transport.testkit.RecordedRequest;
import io.entire.transport.testkit.TestCluster;
import io.entire.transport.testkit.TokenExchange;
import io.entire.transport.testkit.TokenExchangeEndpoint;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Issue 10 ("consumer", items 1 and 9): the README's library examples, compiled from the README
 * itself (package {@code example}) in a project that depends only on the installed artifacts, each
 * run against a testkit cluster that demands the credential its example brings.
 *
 * <p>Surefire gives this JVM a private HOME, git configuration and XDG_CACHE_HOME (see the POM), so
 * the examples read this build's git credential helpers and replica cache, never the developer's.
 */
class ReadmeExamplesConsumerTest {
  private static final String ADVERTISEMENT = "001e# service=git-upload-pack\n";

  /** A bound against a hung example, not a speed requirement. */
  private static final Duration BOUND = Duration.ofSeconds(60);

  @Test
  void L3_consumer_toolingExampleReadsManyRepositoriesFromSeveralThreadsThroughOneClient()
      throws Exception {
    String token = "consumer-tooling-token-5a1c";
    List<String> repositories = new ArrayList<>();
    TestCluster.Builder builder = TestCluster.builder().replicas(3).requireBearer(token);
    for (int i = 0; i < 12; i++) {
      repositories.add("et/acme/tool-" + i);
      builder.repository("et/acme/tool-" + i);
    }
    try (TestCluster cluster = builder.start()) {
      List<String> urls =
          repositories.stream().map(r -> cluster.entryUrl() + "/" + r).collect(Collectors.toList());

      Map<String, byte[]> refs =
          bounded(() -> MirrorRefs.fetchAll(token, urls), "the tooling example");

      assertEquals(urls, List.copyOf(refs.keySet()), "one advertisement per repository, in order");
      refs.values().forEach(ReadmeExamplesConsumerTest::assertAdvertisement);
      for (String repository : repositories) {
        assertServedByAReplica(cluster, repository);
      }
      assertEveryRequestAuthorized(cluster);
    }
  }

  @Test
  void O2_consumer_metricsExampleTimesTheAnsweringRequestOfARealClient() throws Exception {
    try (TestCluster cluster =
        TestCluster.builder().replicas(2).repository("et/acme/widgets").start()) {
      Path cache = Files.createTempDirectory("metrics-example").resolve("nodes.json");
      long ok =
          bounded(
              () ->
                  MetricsExample.successfulAttempts(cluster.entryUrl() + "/et/acme/widgets", cache),
              "the metrics example");
      // The cold path: the entry's 307 is timed as status_3xx, the replica's answer as status_2xx.
      assertEquals(1, ok, "one request was answered with a 2xx");
    }
  }

  @Test
  void L1_consumer_laptopExampleAuthenticatesWithGitsCredentialHelpers() throws Exception {
    String password = "consumer-laptop-pw-93d0";
    try (TestCluster cluster =
        TestCluster.builder()
            .replicas(3)
            .repository("et/acme/widgets")
            .requireBasic("alice", password)
            .start()) {
      // The developer's git setup in the private HOME surefire gave this JVM: `store` knows it.
      Path home = Path.of(System.getenv("HOME"));
      Path store = Files.createDirectories(home).resolve("git-credentials");
      Files.writeString(
          store,
          "http://alice:" + password + "@" + hostAndPort(cluster.entryUrl()) + "\n",
          StandardCharsets.UTF_8);
      Files.writeString(
          Path.of(System.getenv("GIT_CONFIG_GLOBAL")),
          "[credential]\n\thelper = store --file=" + store + "\n",
          StandardCharsets.UTF_8);

      byte[] refs =
          bounded(
              () -> LaptopRefs.refs(cluster.entryUrl() + "/et/acme/widgets"), "the laptop example");

      assertAdvertisement(refs);
      assertServedByAReplica(cluster, "et/acme/widgets");
      assertEveryRequestAuthorized(cluster);
      assertReplicasCachedWithout(password);
    }
  }

  @Test
  void L3_consumer_serviceExampleTradesTheLoginTokenOncePerRepositoryForAllItsCalls()
      throws Exception {
    String loginToken = "consumer-login-token-7e42";
    try (TestCluster cluster =
            TestCluster.builder()
                .replicas(3)
                .repository("et/acme/widgets")
                .repository("et/acme/gadgets")
                // Only tokens this endpoint minted open the cluster; the login token would not.
                .tokenEndpoint()
                .start();
        RefsService service =
            new RefsService(URI.create(cluster.tokenEndpoint().tokenUrl()), loginToken)) {
      TokenExchangeEndpoint endpoint = cluster.tokenEndpoint();
      endpoint.requireSubjectToken(loginToken);
      String widgets = cluster.entryUrl() + "/et/acme/widgets";
      String gadgets = cluster.entryUrl() + "/et/acme/gadgets";

      for (String url : List.of(widgets, gadgets, widgets, gadgets)) {
        assertAdvertisement(bounded(() -> service.refs(url), "the service example"));
      }

      assertEveryRequestAuthorized(cluster);
      assertEquals(1, endpoint.exchanges(widgets, "repo:pull"), "L3: one exchange, then cached");
      assertEquals(1, endpoint.exchanges(gadgets, "repo:pull"), "L3: one exchange, then cached");
      assertEquals(2, endpoint.exchanges(), "one exchange per repository and action");
      for (TokenExchange exchange : endpoint.received()) {
        assertEquals(TokenExchangeEndpoint.GRANT_TYPE, exchange.grantType());
        assertTrue(exchange.subjectTokenIs(loginToken), "the login token is traded");
      }
    }
  }

  @Test
  void L1_consumer_oneRepositoryExampleTakesTokenAndTimeoutsFromTheJobsEnvironment()
      throws Exception {
    String token = "consumer-ci-token-0b6f";
    try (TestCluster cluster =
        TestCluster.builder()
            .replicas(3)
            .repository("et/acme/widgets")
            .requireBearer(token)
            .start()) {
      Map<String, String> env =
          Map.of("ENTIRE_TOKEN", token, "ENTIRE_CONNECT_TIMEOUT_SECONDS", "5");

      byte[] refs = bounded(() -> CiJobRefs.refs(env, cluster.entryUrl()), "the CI example");

      assertAdvertisement(refs);
      assertServedByAReplica(cluster, "et/acme/widgets");
      assertEveryRequestAuthorized(cluster);
    }
  }

  // ------------------------------------------------------------------------------------------

  private interface Example<T> {
    T run() throws Exception;
  }

  private static <T> T bounded(Example<T> example, String name) {
    return assertTimeoutPreemptively(BOUND, example::run, name + " did not finish within " + BOUND);
  }

  private static void assertAdvertisement(byte[] refs) {
    String text = new String(refs, StandardCharsets.UTF_8);
    assertTrue(text.startsWith(ADVERTISEMENT), text);
    assertTrue(text.contains(" refs/heads/main"), text);
  }

  private static void assertServedByAReplica(TestCluster cluster, String repository) {
    List<RecordedRequest> requests = cluster.requests();
    assertTrue(
        requests.stream()
            .anyMatch(
                r ->
                    r.server().startsWith("replica-")
                        && r.path().equals("/" + repository + "/info/refs")
                        && r.status() == 200),
        "a replica served " + repository + ": " + requests);
  }

  /** Credentials on every request, accepted at once: no 401 on the way. */
  private static void assertEveryRequestAuthorized(TestCluster cluster) {
    for (RecordedRequest r : cluster.requests()) {
      assertTrue(r.authorizationPresent(), "credentials on every request: " + r);
      assertTrue(r.status() != 401, "the credential was accepted at once: " + r);
    }
  }

  /** K1: the laptop example uses the default cache file, here under the private XDG_CACHE_HOME. */
  private static void assertReplicasCachedWithout(String secret) throws IOException {
    Path cacheFile = Path.of(System.getenv("XDG_CACHE_HOME"), "entire", "nodes.json");
    assertTrue(Files.isRegularFile(cacheFile), "K1: replicas persisted in " + cacheFile);
    String cache = Files.readString(cacheFile, StandardCharsets.UTF_8);
    assertTrue(cache.contains("et/acme/widgets"), cache);
    assertFalse(cache.contains(secret), "A5: a secret in the cache file");
  }

  private static String hostAndPort(String baseUrl) {
    return baseUrl.substring(baseUrl.indexOf("://") + 3);
  }

  @Test
  void N2_N4_consumer_companyNetworkExampleTrustsTheCompanyCaAndSendsItsHeader() throws Exception {
    String token = "consumer-network-token-31c9";
    try (TestCluster cluster =
        TestCluster.builder()
            .replicas(2)
            .https()
            .requireBearer(token)
            .repository("et/acme/widgets")
            .start()) {
      byte[] refs =
          bounded(
              () -> {
                try (EntireClient client =
                        CompanyNetworkClient.open(token, cluster.tls().caCertificateFile());
                    EntireSession session = client.open(cluster.entryUrl() + "/et/acme/widgets");
                    InputStream in = session.infoRefs(GitService.UPLOAD_PACK)) {
                  return in.readAllBytes();
                }
              },
              "the company-network example");

      assertTrue(new String(refs, StandardCharsets.UTF_8).startsWith(ADVERTISEMENT), "over https");
      assertFalse(cluster.requests().isEmpty());
      for (RecordedRequest request : cluster.requests()) {
        assertEquals("platform", request.header("X-Team"), request.toString());
      }
    }
  }
}
