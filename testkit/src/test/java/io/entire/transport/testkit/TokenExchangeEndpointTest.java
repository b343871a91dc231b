package io.entire.transport.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The RFC 8693 endpoint (A2) and a cluster that accepts exactly what it minted. */
@Timeout(60)
class TokenExchangeEndpointTest {

  private static final String REPO = "et/org/repo";
  private static final String OTHER = "et/org/other";
  private static final String LOGIN = "login-7d1e5c0a9b";
  private static final Pattern ACCESS_TOKEN = Pattern.compile("\"access_token\":\"([^\"]+)\"");

  @RegisterExtension
  static final TestClusterExtension cluster =
      TestClusterExtension.with(
          TestCluster.builder().replicas(2).repository(REPO).repository(OTHER).tokenEndpoint());

  @TempDir Path work;

  private static Map<String, String> form(String audience, String scope) {
    Map<String, String> form = new LinkedHashMap<>();
    form.put("grant_type", TokenExchangeEndpoint.GRANT_TYPE);
    form.put("subject_token", LOGIN);
    form.put("subject_token_type", TokenExchangeEndpoint.ACCESS_TOKEN_TYPE);
    form.put("requested_token_type", TokenExchangeEndpoint.ACCESS_TOKEN_TYPE);
    form.put("audience", audience);
    form.put("scope", scope);
    return form;
  }

  private static HttpResponse<String> exchange(Map<String, String> form, Duration timeout)
      throws Exception {
    String body =
        form.entrySet().stream()
            .map(
                e ->
                    URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)
                        + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
            .collect(Collectors.joining("&"));
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(cluster.get().tokenEndpoint().tokenUrl()))
            .timeout(timeout)
            .header("Content-Type", "application/x-www-form-urlencoded")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build();
    return Http.client().send(request, HttpResponse.BodyHandlers.ofString());
  }

  private static String mint(String repo, String scope) throws Exception {
    HttpResponse<String> answer = exchange(form(cluster.get().entryUrl(repo), scope), Http.TIMEOUT);
    assertEquals(200, answer.statusCode(), answer.body());
    Matcher m = ACCESS_TOKEN.matcher(answer.body());
    assertTrue(m.find(), answer.body());
    return m.group(1);
  }

  private static int get(String url, String bearer) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Http.TIMEOUT);
    if (bearer != null) {
      request.header("Authorization", "Bearer " + bearer);
    }
    return Http.client().send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  @Test
  void A2_theEndpointMintsATokenTheClusterAccepts() throws Exception {
    HttpResponse<String> answer =
        exchange(form(cluster.get().entryUrl(REPO), "repo:pull"), Http.TIMEOUT);

    assertEquals(200, answer.statusCode(), answer.body());
    assertEquals("application/json", answer.headers().firstValue("Content-Type").orElseThrow());
    assertTrue(answer.body().contains("\"token_type\":\"Bearer\""), answer.body());
    assertTrue(answer.body().contains("\"expires_in\":300"), answer.body());
    assertTrue(
        answer
            .body()
            .contains("\"issued_token_type\":\"" + TokenExchangeEndpoint.ACCESS_TOKEN_TYPE),
        answer.body());
    Matcher m = ACCESS_TOKEN.matcher(answer.body());
    assertTrue(m.find());
    String token = m.group(1);
    assertTrue(token.startsWith("pull-"), token);
    String infoRefs = Http.infoRefs(cluster.replica(0).url(), REPO);
    assertEquals(200, get(infoRefs, token), "minted for this repository and action");
    assertEquals(401, get(infoRefs, null));
    assertEquals(401, get(infoRefs, LOGIN), "the login token does not open the data plane");
    TokenExchangeEndpoint endpoint = cluster.get().tokenEndpoint();
    assertEquals(1, endpoint.exchanges());
    assertEquals(1, endpoint.exchanges(cluster.get().entryUrl(REPO), "repo:pull"));
    assertEquals(0, endpoint.exchanges(cluster.get().entryUrl(REPO), "repo:push"));
    assertTrue(endpoint.minted(token) && endpoint.accepts("Bearer " + token));
    TokenExchange received = endpoint.received().get(0);
    assertTrue(received.subjectTokenIs(LOGIN));
    assertEquals(token, received.issuedToken().orElseThrow());
    assertEquals("present", received.parameters().get("subject_token"));
    assertFalse(received.toString().contains(LOGIN) || received.toString().contains(token));
  }

  @Test
  void A2_aTokenOpensOnlyItsRepositoryAndItsAction() throws Exception {
    String pull = mint(REPO, "repo:pull");
    String push = mint(REPO, "repo:push");
    String replica = cluster.replica(1).url();
    String receivePack = replica + "/" + REPO + "/info/refs?service=git-receive-pack";

    assertEquals(401, get(receivePack, pull), "a pull token does not push");
    assertEquals(200, get(receivePack, push));
    assertEquals(401, get(Http.infoRefs(replica, REPO), push), "a push token does not fetch");
    assertEquals(401, get(Http.infoRefs(replica, OTHER), pull), "another repository");
    assertEquals(200, get(replica + "/" + REPO + "/HEAD", pull), "other paths of the repository");
    assertEquals(2, cluster.get().tokenEndpoint().exchanges());
  }

  @Test
  void A2_realGitClonesAndPushesWithMintedTokensThatNoLogRecords() throws Exception {
    String pull = mint(REPO, "repo:pull");
    String push = mint(REPO, "repo:push");
    IsolatedGit git = cluster.get().git();
    String url = cluster.replica(0).url() + "/" + REPO;

    IsolatedGit.Result clone =
        git.run(work, "-c", "http.extraHeader=Authorization: Bearer " + pull, "clone", url, "c");
    assertEquals(0, clone.exitCode(), clone.stderr());
    Path checkout = work.resolve("c");
    Files.writeString(checkout.resolve("minted.txt"), "pushed with a minted token\n");
    git.runChecked(checkout, "add", ".");
    git.runChecked(checkout, "commit", "-q", "-m", "minted");
    IsolatedGit.Result pushed =
        git.run(
            checkout,
            "-c",
            "http.extraHeader=Authorization: Bearer " + push,
            "push",
            "origin",
            "HEAD");

    assertEquals(0, pushed.exitCode(), pushed.stderr());
    assertTrue(
        cluster.requests().stream().allMatch(r -> r.status() == 200), "" + cluster.requests());
    RecordedHeadersTest.assertNoSecret(cluster.requests(), pull, push, LOGIN);
    RecordedHeadersTest.assertNoSecret(cluster.get().tokenEndpoint().requests(), pull, push, LOGIN);
  }

  @Test
  void A5_theLoginTokenTheEndpointReceivedIsRedactedInTheClustersLogs() throws Exception {
    mint(REPO, "repo:pull");
    HttpRequest echo =
        HttpRequest.newBuilder(URI.create(Http.infoRefs(cluster.replica(0).url(), REPO)))
            .header("X-Debug-Login", LOGIN)
            .build();

    Http.client().send(echo, HttpResponse.BodyHandlers.discarding());

    RecordedRequest recorded = cluster.replica(0).awaitRequests(1, Http.TIMEOUT).get(0);
    assertEquals("present", recorded.header("X-Debug-Login"));
  }

  @Test
  void badFormsGetTheirRfc6749Error() throws Exception {
    String audience = cluster.get().entryUrl(REPO);
    int mintedBefore = cluster.get().tokenEndpoint().mintedTokens().size();
    Map<String, String> badGrant = form(audience, "repo:pull");
    badGrant.put("grant_type", "client_credentials");
    Map<String, String> noSubject = form(audience, "repo:pull");
    noSubject.remove("subject_token");

    assertError("unsupported_grant_type", exchange(badGrant, Http.TIMEOUT));
    assertError("invalid_request", exchange(noSubject, Http.TIMEOUT));
    assertError("invalid_scope", exchange(form(audience, "repo:admin"), Http.TIMEOUT));
    assertError("invalid_target", exchange(form("/et/org/repo", "repo:pull"), Http.TIMEOUT));
    cluster.get().tokenEndpoint().requireSubjectToken("someone-else-entirely");
    assertError("invalid_grant", exchange(form(audience, "repo:pull"), Http.TIMEOUT));
    HttpResponse<String> wrongPath =
        Http.get(cluster.get().tokenEndpoint().url() + "/oauth2/token");
    assertEquals(404, wrongPath.statusCode());
    assertEquals(405, Http.get(cluster.get().tokenEndpoint().tokenUrl()).statusCode());
    assertEquals(mintedBefore, cluster.get().tokenEndpoint().mintedTokens().size(), "none minted");
    assertEquals(5, cluster.get().tokenEndpoint().exchanges(), "bad forms are exchanges too");
  }

  private static void assertError(String code, HttpResponse<String> answer) {
    assertEquals(400, answer.statusCode(), answer.body());
    assertTrue(answer.body().contains("\"error\":\"" + code + "\""), answer.body());
  }

  @Test
  void faultsFailOrHangExchangesForRetryAndDeadlineTests() throws Exception {
    TokenExchangeEndpoint endpoint = cluster.get().tokenEndpoint();
    Map<String, String> form = form(cluster.get().entryUrl(REPO), "repo:pull");

    endpoint.fault(Fault.status(503).times(1));
    assertEquals(503, exchange(form, Http.TIMEOUT).statusCode());
    assertEquals(200, exchange(form, Http.TIMEOUT).statusCode(), "recovered after one");

    endpoint.fault(Fault.hang());
    assertThrows(HttpTimeoutException.class, () -> exchange(form, Duration.ofMillis(200)));
    assertEquals(0, endpoint.awaitRequests(3, Http.TIMEOUT).get(2).status(), "hung: no answer");

    assertEquals(1, endpoint.exchanges(), "faulted requests never reach the exchange");
  }

  @Test
  void expiredTokensAreRefused() throws Exception {
    cluster.get().tokenEndpoint().tokenLifetime(Duration.ofNanos(1));

    String token = mint(REPO, "repo:pull");

    assertEquals(401, get(Http.infoRefs(cluster.replica(0).url(), REPO), token));
    assertFalse(cluster.get().tokenEndpoint().accepts("Bearer " + token));
  }

  @Test
  void resetBetweenTestsForgetsExchangesButNotTokens() {
    TokenExchangeEndpoint endpoint = cluster.get().tokenEndpoint();
    assertEquals(0, endpoint.exchanges(), "the extension reset the endpoint before this test");
    assertTrue(endpoint.fault().isNone());
    assertTrue(endpoint.requests().isEmpty());
  }

  @Test
  void aStandaloneEndpointWorksWithRequireAuthorization() throws Exception {
    try (TokenExchangeEndpoint alone = TokenExchangeEndpoint.start();
        TestCluster plain = TestCluster.builder().replicas(1).repository(REPO).start()) {
      plain.replica(0).requireAuthorization(alone::accepts);
      String audience = plain.entryUrl(REPO);
      HttpRequest request =
          HttpRequest.newBuilder(URI.create(alone.tokenUrl()))
              .header("Content-Type", "application/x-www-form-urlencoded")
              .POST(
                  HttpRequest.BodyPublishers.ofString(
                      "grant_type="
                          + URLEncoder.encode(
                              TokenExchangeEndpoint.GRANT_TYPE, StandardCharsets.UTF_8)
                          + "&subject_token=x&subject_token_type="
                          + URLEncoder.encode(
                              TokenExchangeEndpoint.ACCESS_TOKEN_TYPE, StandardCharsets.UTF_8)
                          + "&scope=repo%3Apull&audience="
                          + URLEncoder.encode(audience, StandardCharsets.UTF_8)))
              .build();
      String body =
          HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString()).body();
      Matcher m = ACCESS_TOKEN.matcher(body);
      assertTrue(m.find(), body);

      assertEquals(200, get(Http.infoRefs(plain.replica(0).url(), REPO), m.group(1)));
      assertEquals("token-endpoint", alone.name());
      assertEquals(alone.url() + "/token", alone.tokenUrl());
    }
    IllegalStateException none =
        assertThrows(
            IllegalStateException.class,
            () -> {
              try (TestCluster plain = TestCluster.builder().replicas(1).start()) {
                plain.tokenEndpoint();
              }
            });
    assertTrue(none.getMessage().contains("tokenEndpoint()"), none.getMessage());
  }
}
