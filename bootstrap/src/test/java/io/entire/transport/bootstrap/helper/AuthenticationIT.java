package io.entire.transport.bootstrap.helper;

import static io.entire.transport.bootstrap.helper.GitRun.mustSucceed;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.entire.transport.testkit.RecordedRequest;
import io.entire.transport.testkit.TestCluster;
import io.entire.transport.testkit.TestClusterExtension;
import io.entire.transport.testkit.TestServer;
import io.entire.transport.testkit.TokenExchange;
import io.entire.transport.testkit.TokenExchangeEndpoint;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Authentication end to end: a 401 is reported clearly and never fails over (E1, F3), token
 * exchange mints pull and push tokens for the right requests (A2), and tokens never show in output,
 * debug logs or the cache file (G8, A5).
 */
class AuthenticationIT {
  private static final String REPO = "et/org/repo";
  private static final String TOKEN = "auth-it-secret-93b7e1";
  private static final String WRONG_TOKEN = "auth-it-wrong-4c2a77";

  @RegisterExtension
  static final TestClusterExtension CLUSTER =
      TestClusterExtension.with(
          TestCluster.builder().replicas(3).repository(REPO).requireBearer(TOKEN));

  @TempDir Path temp;
  private HelperSandbox sandbox;
  private String url;

  @BeforeEach
  void sandbox() {
    sandbox = new HelperSandbox(temp);
    url = "entire::" + CLUSTER.get().entryUrl(REPO);
  }

  private static void assertNoToken(String where, String text, String... tokens) {
    for (String token : tokens) {
      assertFalse(text.contains(token), "A5: a token appears in " + where + ":\n" + text);
    }
  }

  private static Set<String> serversThatAnswered() {
    return CLUSTER.requests().stream().map(RecordedRequest::server).collect(Collectors.toSet());
  }

  @Test
  void wrongTokenFailsOnceWithAClearMessageAndNeverFailsOver_E1() {
    Map<String, String> wrong = Map.of("ENTIRE_TOKEN", WRONG_TOKEN);

    // Cold: the entry domain answers 401 itself.
    GitRun cold = sandbox.gitIn(sandbox.work(), wrong, "clone", url, "cold");

    assertEquals(128, cold.exitCode(), cold::describe);
    assertTrue(cold.stderr().contains("authentication failed"), cold::describe);
    assertNoToken("stderr", cold.stderr(), WRONG_TOKEN);
    assertEquals(Set.of("entry"), serversThatAnswered(), "F3: a 401 is final");
    assertFalse(Files.exists(sandbox.work().resolve("cold")), "no half clone is left");

    // Warm: three cached replicas, the first one asked says 401; the others are never tried.
    mustSucceed(sandbox.gitIn(sandbox.work(), Map.of("ENTIRE_TOKEN", TOKEN), "clone", url, "c"));
    CLUSTER.get().clearRequests();

    GitRun warm = sandbox.gitIn(sandbox.work().resolve("c"), wrong, "fetch", "origin");

    assertEquals(128, warm.exitCode(), warm::describe);
    assertTrue(warm.stderr().contains("fatal: authentication failed"), warm::describe);
    assertNoToken("stderr", warm.stderr(), WRONG_TOKEN, TOKEN);
    Set<String> servers = serversThatAnswered();
    assertEquals(1, servers.size(), "F3: no failover after a 401: " + CLUSTER.requests());
    assertFalse(servers.contains("entry"), "E1: no fallback to the entry domain either");
    assertTrue(CLUSTER.requests().stream().allMatch(r -> r.status() == 401), "all were 401s");
  }

  @Test
  void tokenExchangeMintsPullTokensForFetchAndPushTokensForPush_A2() throws Exception {
    String login = "login-token-a2-61f0";
    try (TokenExchangeEndpoint endpoint = TokenExchangeEndpoint.start()) {
      List<String> bearers = Collections.synchronizedList(new ArrayList<>());
      Predicate<String> acceptMinted =
          header -> {
            bearers.add(header.startsWith("Bearer ") ? header.substring(7) : header);
            return endpoint.accepts(header);
          };
      TestCluster cluster = CLUSTER.get();
      Stream.concat(Stream.of(cluster.entry()), cluster.replicas().stream())
          .forEach((TestServer server) -> server.requireAuthorization(acceptMinted));
      sandbox.env("ENTIRE_TOKEN", login).env("ENTIRE_TOKEN_EXCHANGE_URL", endpoint.tokenUrl());

      GitRun clone = mustSucceed(sandbox.git("clone", url, "clone"));
      Path work = sandbox.work().resolve("clone");
      Files.writeString(work.resolve("a2.txt"), "minted\n");
      mustSucceed(sandbox.gitIn(work, Map.of(), "add", "."));
      mustSucceed(sandbox.gitIn(work, Map.of(), "commit", "-m", "a2"));
      GitRun push = mustSucceed(sandbox.gitIn(work, Map.of(), "push", "origin", "HEAD"));

      // The servers check Authorization in the order requests arrive, and the helper sends one
      // request at a time, so the n-th bearer seen belongs to the n-th request that carried one.
      List<RecordedRequest> authorized =
          cluster.requests().stream().filter(RecordedRequest::authorizationPresent).toList();
      assertEquals(authorized.size(), bearers.size(), "one check per request: " + authorized);
      assertEquals(authorized.size(), cluster.requests().size(), "every request had a token");
      boolean sawPushPost = false;
      boolean sawFetchPost = false;
      for (int i = 0; i < authorized.size(); i++) {
        RecordedRequest request = authorized.get(i);
        String bearer = bearers.get(i);
        boolean pushRequest =
            request.path().endsWith("/git-receive-pack")
                || "service=git-receive-pack".equals(request.query());
        String expected = pushRequest ? "push-" : "pull-";
        assertTrue(bearer.startsWith(expected), "A2: " + request + " carried " + bearer);
        assertTrue(request.status() < 400, "minted tokens are accepted: " + request);
        sawPushPost |= request.path().endsWith("/git-receive-pack");
        sawFetchPost |= request.path().endsWith("/git-upload-pack");
      }
      assertTrue(sawPushPost && sawFetchPost, "both services ran: " + authorized);

      List<TokenExchange> exchanges = endpoint.received();
      assertEquals(
          Set.of("repo:pull", "repo:push"),
          exchanges.stream().map(TokenExchange::scope).collect(Collectors.toSet()));
      for (TokenExchange exchange : exchanges) {
        assertTrue(exchange.subjectTokenIs(login), "A2: the login token is exchanged");
        assertEquals("urn:ietf:params:oauth:grant-type:token-exchange", exchange.grantType());
        assertEquals(cluster.entryUrl(REPO), exchange.audience(), "A2: audience");
        assertEquals(200, exchange.status(), "A2: a well-formed exchange");
      }
      assertFalse(bearers.contains(login), "A2: the login token never reaches the data plane");
      List<String> secrets = new ArrayList<>(endpoint.mintedTokens());
      secrets.add(login);
      String[] tokens = secrets.toArray(String[]::new);
      assertNoToken("clone output", clone.stdout() + clone.stderr(), tokens);
      assertNoToken("push output", push.stdout() + push.stderr(), tokens);
      assertNoToken("the cache file", Files.readString(sandbox.cacheFile()), tokens);
    }
  }

  @Test
  void debugLogGoesToStderrAndStdoutCarriesOnlyProtocol_G8_A5() throws Exception {
    Map<String, String> debug = Map.of("ENTIRE_DEBUG", "1", "ENTIRE_TOKEN", TOKEN);
    String remote = CLUSTER.get().entryUrl(REPO);

    GitRun capabilities = sandbox.helperWithInput(debug, "capabilities\n\n", "origin", remote);

    assertEquals(0, capabilities.exitCode(), capabilities::describe);
    assertTrue(capabilities.stdout().endsWith("\n\n"), "a blank line ends the answer (G2)");
    assertEquals(
        Set.of(
            "stateless-connect", "fetch", "push", "option", "check-connectivity", "object-format"),
        Set.of(capabilities.stdout().strip().split("\n")),
        "G8: stdout is exactly the capability lines: " + capabilities.stdout());
    assertTrue(capabilities.stderr().contains("DEBUG"), capabilities::describe);

    // Through git with requests that carry the token: the debug log names them, never the token.
    GitRun clone = sandbox.gitIn(sandbox.work(), debug, "clone", url, "clone");

    assertTrue(clone.ok(), clone::describe);
    assertTrue(clone.stderr().contains("info/refs"), "debug lines describe requests: " + clone);
    assertNoToken("stdout", clone.stdout(), TOKEN);
    assertNoToken("the debug log", clone.stderr(), TOKEN);
    assertNoToken("the cache file", Files.readString(sandbox.cacheFile()), TOKEN);
  }
}
