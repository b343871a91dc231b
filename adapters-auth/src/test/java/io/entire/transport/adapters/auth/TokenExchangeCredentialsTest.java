package io.entire.transport.adapters.auth;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.entire.transport.adapters.auth.TokenEndpoint.Reply;
import io.entire.transport.application.port.in.Cancellation;
import io.entire.transport.application.port.out.Credential;
import io.entire.transport.application.port.out.CredentialRequest;
import io.entire.transport.domain.CredentialException;
import io.entire.transport.domain.RepoAction;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TokenExchangeCredentialsTest {
  private static final String LOGIN = "login-secret-3f9a";
  private static final String AUDIENCE = "https://eu.example.dev/et/org/repo";

  private final MutableClock clock = new MutableClock(Instant.parse("2030-01-01T00:00:00Z"));
  private final List<AutoCloseable> closeables = new ArrayList<>();

  @AfterEach
  void closeAll() throws Exception {
    for (AutoCloseable c : closeables) {
      c.close();
    }
  }

  private <T extends AutoCloseable> T closing(T c) {
    closeables.add(c);
    return c;
  }

  private TokenExchangeCredentials credentials(TokenEndpoint endpoint) {
    return closing(
        new TokenExchangeCredentials(
            endpoint.url(), LOGIN, clock, Duration.ofSeconds(2), Duration.ofSeconds(5)));
  }

  private static CredentialRequest request(RepoAction action, String audience) {
    return new CredentialRequest(
        "GET", URI.create("https://node1.eu.example.dev/et/org/repo/info/refs"), action, audience);
  }

  private static CredentialRequest pull() {
    return request(RepoAction.PULL, AUDIENCE);
  }

  private static String authorization(Credential c) {
    return c.headers().first("Authorization").orElseThrow();
  }

  @Test
  void a2_postsExactlyTheRfc8693FormAndSendsTheMintedTokenAsBearer() throws Exception {
    TokenEndpoint endpoint = closing(TokenEndpoint.minting(300));
    TokenExchangeCredentials credentials = credentials(endpoint);

    Credential credential = credentials.credentialFor(pull());

    assertEquals("Bearer minted-1", authorization(credential));
    TokenEndpoint.Received received = endpoint.received().get(0);
    assertEquals("POST", received.method());
    assertEquals("/oauth2/token", received.path());
    assertTrue(
        received.contentType().startsWith("application/x-www-form-urlencoded"),
        received.contentType());
    assertEquals(
        Map.of(
            "grant_type", "urn:ietf:params:oauth:grant-type:token-exchange",
            "subject_token", LOGIN,
            "subject_token_type", "urn:ietf:params:oauth:token-type:access_token",
            "requested_token_type", "urn:ietf:params:oauth:token-type:access_token",
            "audience", AUDIENCE,
            "scope", "repo:pull"),
        received.form());
  }

  @Test
  void a2_pushRequestsRepoPushScope() throws Exception {
    TokenEndpoint endpoint = closing(TokenEndpoint.minting(300));
    credentials(endpoint).credentialFor(request(RepoAction.PUSH, AUDIENCE));
    assertEquals("repo:push", endpoint.received().get(0).form().get("scope"));
  }

  @Test
  void a2_cachesOneTokenPerAudienceAndAction() throws Exception {
    TokenEndpoint endpoint = closing(TokenEndpoint.minting(300));
    TokenExchangeCredentials credentials = credentials(endpoint);

    Credential first = credentials.credentialFor(pull());
    assertSame(first, credentials.credentialFor(pull()));
    assertEquals(1, endpoint.exchanges());

    Credential push = credentials.credentialFor(request(RepoAction.PUSH, AUDIENCE));
    Credential other = credentials.credentialFor(request(RepoAction.PULL, AUDIENCE + "-other"));
    assertEquals(3, endpoint.exchanges());
    assertEquals("Bearer minted-2", authorization(push));
    assertEquals("Bearer minted-3", authorization(other));
    assertSame(push, credentials.credentialFor(request(RepoAction.PUSH, AUDIENCE)));
    assertEquals(3, endpoint.exchanges());
  }

  @Test
  void a2_refreshesSixtySecondsBeforeExpiryForLongLivedTokens() throws Exception {
    TokenEndpoint endpoint = closing(TokenEndpoint.minting(300));
    TokenExchangeCredentials credentials = credentials(endpoint);
    credentials.credentialFor(pull());

    clock.advance(Duration.ofSeconds(239));
    assertEquals("Bearer minted-1", authorization(credentials.credentialFor(pull())));
    clock.advance(Duration.ofSeconds(1)); // 300 s ttl - 60 s margin
    assertEquals("Bearer minted-2", authorization(credentials.credentialFor(pull())));
    assertEquals(2, endpoint.exchanges());
  }

  @Test
  void a2_refreshesAtHalfTheLifetimeForShortLivedTokens() throws Exception {
    TokenEndpoint endpoint = closing(TokenEndpoint.minting(40));
    TokenExchangeCredentials credentials = credentials(endpoint);
    credentials.credentialFor(pull());

    clock.advance(Duration.ofMillis(19_999));
    assertEquals("Bearer minted-1", authorization(credentials.credentialFor(pull())));
    clock.advance(Duration.ofMillis(1)); // min(60 s, 40 s / 2) = 20 s margin
    assertEquals("Bearer minted-2", authorization(credentials.credentialFor(pull())));
  }

  @Test
  void a2_concurrentCallersForOneKeyCauseOneExchange() throws Exception {
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    TokenEndpoint endpoint =
        closing(
            new TokenEndpoint(
                (n, form) -> {
                  entered.countDown();
                  assertTrue(release.await(10, TimeUnit.SECONDS));
                  return Reply.token("minted-" + n, 300);
                }));
    TokenExchangeCredentials credentials = credentials(endpoint);
    int callers = 8;
    ExecutorService pool = Executors.newFixedThreadPool(callers);
    List<Thread> threads = new ArrayList<>();
    try {
      List<Future<Credential>> results = new ArrayList<>();
      for (int i = 0; i < callers; i++) {
        results.add(
            pool.submit(
                () -> {
                  synchronized (threads) {
                    threads.add(Thread.currentThread());
                  }
                  return credentials.credentialFor(pull());
                }));
      }
      assertTrue(entered.await(10, TimeUnit.SECONDS), "the exchange started");
      awaitAllWaiting(threads, callers);
      release.countDown();
      Credential first = results.get(0).get(10, TimeUnit.SECONDS);
      for (Future<Credential> result : results) {
        assertSame(first, result.get(10, TimeUnit.SECONDS));
      }
      assertEquals(1, endpoint.exchanges());
    } finally {
      release.countDown();
      pool.shutdownNow();
    }
  }

  /** Bounded wait until every caller is blocked (in the exchange or waiting for it). */
  private static void awaitAllWaiting(List<Thread> threads, int callers) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline) {
      synchronized (threads) {
        if (threads.size() == callers
            && threads.stream()
                .allMatch(
                    t ->
                        t.getState() == Thread.State.WAITING
                            || t.getState() == Thread.State.TIMED_WAITING
                            || t.getState() == Thread.State.RUNNABLE && inSocketRead(t))) {
          return;
        }
      }
      Thread.onSpinWait();
    }
    throw new AssertionError("callers did not all block on the exchange");
  }

  private static boolean inSocketRead(Thread t) {
    for (StackTraceElement e : t.getStackTrace()) {
      if (e.getMethodName().contains("read") && e.getClassName().contains("Socket")) {
        return true;
      }
    }
    return false;
  }

  @Test
  void a2_rejectedTokenIsMintedAgain() throws Exception {
    TokenEndpoint endpoint = closing(TokenEndpoint.minting(300));
    TokenExchangeCredentials credentials = credentials(endpoint);
    Credential first = credentials.credentialFor(pull());

    credentials.rejected(first);
    Credential second = credentials.credentialFor(pull());

    assertNotSame(first, second);
    assertEquals("Bearer minted-2", authorization(second));
    // A late rejection of the old token must not throw away the fresh one.
    credentials.rejected(first);
    assertSame(second, credentials.credentialFor(pull()));
    assertEquals(2, endpoint.exchanges());
  }

  @Test
  void a2_rejectingAnotherAdaptersCredentialIsIgnored() throws Exception {
    TokenEndpoint endpoint = closing(TokenEndpoint.minting(300));
    TokenExchangeCredentials credentials = credentials(endpoint);
    Credential token = credentials.credentialFor(pull());
    credentials.rejected(Credential.header("Authorization", "Bearer x"));
    credentials.rejected(Credential.NONE);
    assertSame(token, credentials.credentialFor(pull()));
  }

  @Test
  void a2_oauthErrorBecomesCredentialExceptionWithStatusAndSanitizedDescription() throws Exception {
    TokenEndpoint endpoint =
        closing(
            new TokenEndpoint(
                (n, form) ->
                    Reply.json(
                        400,
                        "{\"error\":\"invalid_grant\",\"error_description\":\"subject token "
                            + form.get("subject_token")
                            + " has expired\\nsecond line\"}")));
    CredentialException e =
        assertThrows(CredentialException.class, () -> credentials(endpoint).credentialFor(pull()));

    assertAll(
        () -> assertTrue(e.getMessage().contains("HTTP 400"), e.getMessage()),
        () -> assertTrue(e.getMessage().contains("invalid_grant"), e.getMessage()),
        () -> assertTrue(e.getMessage().contains("has expired"), e.getMessage()),
        () -> assertTrue(e.getMessage().contains(endpoint.url().toString()), e.getMessage()),
        () -> assertFalse(e.getMessage().contains(LOGIN), "A5: " + e.getMessage()),
        () -> assertFalse(e.getMessage().contains("\n"), e.getMessage()));
  }

  @Test
  void a2_nonOAuthErrorBodyIsNeverShown() throws Exception {
    TokenEndpoint endpoint =
        closing(
            new TokenEndpoint(
                (n, form) ->
                    new Reply(
                        502,
                        "text/html",
                        "<html>echo " + form.get("subject_token") + "</html>",
                        Map.of())));
    CredentialException e =
        assertThrows(CredentialException.class, () -> credentials(endpoint).credentialFor(pull()));
    assertTrue(e.getMessage().endsWith("failed: HTTP 502"), e.getMessage());
    assertFalse(e.getMessage().contains(LOGIN));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "not json at all {",
        "[\"access_token\"]",
        "{\"expires_in\":300,\"token_type\":\"Bearer\"}",
        "{\"access_token\":\"\",\"expires_in\":300}",
        "{\"access_token\":\"abc def\",\"expires_in\":300}",
        "{\"access_token\":\"minted-x\",\"expires_in\":0}",
        "{\"access_token\":\"minted-x\",\"expires_in\":-5}",
        "{\"access_token\":\"minted-x\",\"expires_in\":\"soon\"}",
        "{\"access_token\":\"minted-x\"}",
        "{\"access_token\":\"minted-x\",\"expires_in\":300,\"token_type\":\"mac\"}"
      })
  void a2_malformedTokenResponsesAreClearCredentialErrors(String body) throws Exception {
    TokenEndpoint endpoint = closing(new TokenEndpoint((n, form) -> Reply.json(200, body)));
    CredentialException e =
        assertThrows(CredentialException.class, () -> credentials(endpoint).credentialFor(pull()));
    assertTrue(e.getMessage().startsWith("token exchange at " + endpoint.url()), e.getMessage());
    assertTrue(
        e.getMessage()
            .matches(
                ".*(malformed JSON|no JSON object|no access_token|whitespace or control"
                    + "|expires_in|token_type).*"),
        e.getMessage());
    assertFalse(e.getMessage().contains("minted-x"), "A5: " + e.getMessage());
  }

  @Test
  void a2_stringExpiresInIsAccepted() throws Exception {
    TokenEndpoint endpoint =
        closing(
            new TokenEndpoint(
                (n, form) -> Reply.json(200, "{\"access_token\":\"t1\",\"expires_in\":\"120\"}")));
    assertEquals("Bearer t1", authorization(credentials(endpoint).credentialFor(pull())));
  }

  @Test
  void a2_aFailedExchangeIsNotCachedAndTheNextCallTriesAgain() throws Exception {
    TokenEndpoint endpoint =
        closing(
            new TokenEndpoint(
                (n, form) ->
                    n == 1
                        ? Reply.json(503, "{\"error\":\"temporarily_unavailable\"}")
                        : Reply.token("minted-" + n, 300)));
    TokenExchangeCredentials credentials = credentials(endpoint);
    assertThrows(CredentialException.class, () -> credentials.credentialFor(pull()));
    assertEquals("Bearer minted-2", authorization(credentials.credentialFor(pull())));
  }

  @Test
  void a2_redirectsOfTheTokenEndpointAreNotFollowed() throws Exception {
    TokenEndpoint endpoint =
        closing(
            new TokenEndpoint(
                (n, form) -> new Reply(307, "text/plain", "", Map.of("Location", "/elsewhere"))));
    CredentialException e =
        assertThrows(CredentialException.class, () -> credentials(endpoint).credentialFor(pull()));
    assertTrue(e.getMessage().contains("HTTP 307"), e.getMessage());
    assertEquals(1, endpoint.exchanges());
  }

  @Test
  void a2_unreachableEndpointIsACredentialErrorNamingTheUrl() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    URI url = URI.create("http://127.0.0.1:" + port + "/token");
    TokenExchangeCredentials credentials =
        closing(
            new TokenExchangeCredentials(
                url, LOGIN, clock, Duration.ofSeconds(2), Duration.ofSeconds(2)));
    CredentialException e =
        assertThrows(CredentialException.class, () -> credentials.credentialFor(pull()));
    assertTrue(e.getMessage().startsWith("token exchange at " + url + " failed"), e.getMessage());
  }

  @Test
  void L5_aTokenEndpointThatRefusesIsNotRetryable() throws Exception {
    TokenEndpoint endpoint =
        closing(new TokenEndpoint((n, form) -> Reply.json(400, "{\"error\":\"invalid_grant\"}")));
    CredentialException e =
        assertThrows(CredentialException.class, () -> credentials(endpoint).credentialFor(pull()));
    assertFalse(e.isRetryable(), e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(ints = {429, 500, 503})
  void L5_aTokenEndpointThatIsOverloadedOrFailingIsRetryable(int status) throws Exception {
    TokenEndpoint endpoint =
        closing(new TokenEndpoint((n, form) -> Reply.json(status, "{\"error\":\"busy\"}")));
    CredentialException e =
        assertThrows(CredentialException.class, () -> credentials(endpoint).credentialFor(pull()));
    assertTrue(e.isRetryable(), e.getMessage());
  }

  @Test
  void L5_aMalformedTokenIsNotRetryable() throws Exception {
    TokenEndpoint endpoint =
        closing(new TokenEndpoint((n, form) -> Reply.json(200, "{\"expires_in\":300}")));
    CredentialException e =
        assertThrows(CredentialException.class, () -> credentials(endpoint).credentialFor(pull()));
    assertFalse(e.isRetryable(), e.getMessage());
  }

  @Test
  void L5_anUnreachableTokenEndpointIsRetryable() throws Exception {
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    TokenExchangeCredentials credentials =
        closing(
            new TokenExchangeCredentials(
                URI.create("http://127.0.0.1:" + port + "/token"),
                LOGIN,
                clock,
                Duration.ofSeconds(2),
                Duration.ofSeconds(2)));
    CredentialException e =
        assertThrows(CredentialException.class, () -> credentials.credentialFor(pull()));
    assertTrue(e.isRetryable(), e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "http://auth.example.dev/token",
        "http://10.0.0.1/token",
        "http://localhost.example.dev/token",
        "http://127.0.0.1.nip.io/token",
        "ftp://127.0.0.1/token"
      })
  void a2_exchangeUrlMustBeHttpsUnlessLoopback(String url) {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new TokenExchangeCredentials(URI.create(url), LOGIN, clock));
    assertTrue(e.getMessage().contains("https"), e.getMessage());
    assertFalse(e.getMessage().contains(LOGIN));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "https://auth.example.dev/token",
        "http://127.0.0.1:8080/token",
        "http://127.9.8.7/token",
        "http://[::1]:9000/token",
        "http://localhost:9000/token",
        "http://LOCALHOST/token"
      })
  void a2_httpsOrLoopbackExchangeUrlsAreAccepted(String url) {
    closing(new TokenExchangeCredentials(URI.create(url), LOGIN, clock));
  }

  @Test
  void a2_constructorRejectsBadArgumentsClearly() {
    URI url = URI.create("https://auth.example.dev/token");
    assertTrue(
        assertThrows(
                IllegalArgumentException.class,
                () -> new TokenExchangeCredentials(url, "  ", clock))
            .getMessage()
            .contains("login token"));
    assertThrows(
        IllegalArgumentException.class,
        () ->
            new TokenExchangeCredentials(
                URI.create("https://user:pw@auth.example.dev/token"), LOGIN, clock));
    assertThrows(
        IllegalArgumentException.class,
        () ->
            new TokenExchangeCredentials(url, LOGIN, clock, Duration.ZERO, Duration.ofSeconds(1)));
    assertThrows(NullPointerException.class, () -> new TokenExchangeCredentials(url, LOGIN, null));
  }

  @Test
  void a5_tokensNeverInLogsMessagesOrToString() throws Exception {
    TokenEndpoint endpoint =
        closing(
            new TokenEndpoint(
                (n, form) ->
                    n == 1
                        ? Reply.token("minted-secret-77", 300)
                        : Reply.json(
                            401,
                            "{\"error\":\"invalid_token\",\"error_description\":\""
                                + form.get("subject_token")
                                + "\"}")));
    TokenExchangeCredentials credentials = credentials(endpoint);
    String seen;
    try (LogCapture log = new LogCapture()) {
      Credential credential = credentials.credentialFor(pull());
      credentials.rejected(credential);
      CredentialException e =
          assertThrows(CredentialException.class, () -> credentials.credentialFor(pull()));
      seen = log.text() + "\n" + e.getMessage() + "\n" + e + "\n" + credentials + "\n" + credential;
      assertTrue(log.text().contains("minted token for " + AUDIENCE), "debug logging is on");
    }
    assertFalse(seen.contains(LOGIN), seen);
    assertFalse(seen.contains("minted-secret-77"), seen);
  }

  @Test
  void a2_closedAdapterFailsClearly() throws Exception {
    TokenEndpoint endpoint = closing(TokenEndpoint.minting(300));
    TokenExchangeCredentials credentials = credentials(endpoint);
    credentials.close();
    credentials.close();
    CredentialException e =
        assertThrows(CredentialException.class, () -> credentials.credentialFor(pull()));
    assertTrue(e.getMessage().contains("closed"), e.getMessage());
    assertEquals(0, endpoint.exchanges(), "a closed adapter never dials the endpoint");
  }

  @Test
  void a2_closingAfterAnExchangeReleasesTheClientAndRefusesMore() throws Exception {
    TokenEndpoint endpoint = closing(TokenEndpoint.minting(300));
    TokenExchangeCredentials credentials = credentials(endpoint);
    credentials.credentialFor(pull());
    credentials.close();
    CredentialException e =
        assertThrows(
            CredentialException.class,
            () -> credentials.credentialFor(request(RepoAction.PUSH, AUDIENCE)));
    assertTrue(e.getMessage().contains("closed"), e.getMessage());
    assertEquals(1, endpoint.exchanges());
  }

  private static CredentialRequest pull(Cancellation cancellation) {
    return new CredentialRequest(
        "GET",
        URI.create("https://node1.eu.example.dev/et/org/repo/info/refs"),
        RepoAction.PULL,
        AUDIENCE,
        cancellation);
  }

  /** An endpoint whose first exchange hangs until {@code release}; later ones mint at once. */
  private TokenEndpoint hangingFirst(CountDownLatch entered, CountDownLatch release)
      throws IOException {
    return closing(
        new TokenEndpoint(
            (n, form) -> {
              if (n == 1) {
                entered.countDown();
                release.await(30, TimeUnit.SECONDS);
              }
              return Reply.token("minted-" + n, 300);
            }));
  }

  /** Asks for a credential on the pool and returns once that caller waits for the exchange. */
  private static Future<Credential> waiting(
      ExecutorService pool, TokenExchangeCredentials credentials, CredentialRequest request) {
    List<Thread> caller = new ArrayList<>();
    Future<Credential> result =
        pool.submit(
            () -> {
              synchronized (caller) {
                caller.add(Thread.currentThread());
              }
              return credentials.credentialFor(request);
            });
    awaitAllWaiting(caller, 1);
    return result;
  }

  private static long millisSince(long startNanos) {
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
  }

  // DESIGN §3: a cancelled call returns within 1 s, also when the token endpoint hangs (the
  // adapter's response timeout here is 5 s, so only the cancel can end it in time).
  @Test
  void cancellingAnExchangeStuckOnAHangingEndpointReturnsWithinASecond() throws Exception {
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    TokenEndpoint endpoint = hangingFirst(entered, release);
    TokenExchangeCredentials credentials = credentials(endpoint);
    Cancellation cancellation = new Cancellation();
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      Future<Credential> call = pool.submit(() -> credentials.credentialFor(pull(cancellation)));
      assertTrue(entered.await(10, TimeUnit.SECONDS), "the exchange reached the endpoint");

      long start = System.nanoTime();
      cancellation.cancel();
      ExecutionException e =
          assertThrows(ExecutionException.class, () -> call.get(10, TimeUnit.SECONDS));
      long tookMillis = millisSince(start);

      assertInstanceOf(CredentialException.class, e.getCause());
      assertTrue(e.getCause().getMessage().contains("cancelled"), e.getCause().getMessage());
      assertFalse(e.getCause().getMessage().contains(LOGIN));
      assertTrue(tookMillis < 1000, "returned " + tookMillis + " ms after cancel()");
    } finally {
      release.countDown();
      pool.shutdownNow();
    }
    // Nothing was cached from the aborted exchange: the next caller mints a token.
    assertEquals("Bearer minted-2", authorization(credentials.credentialFor(pull())));
  }

  @Test
  void aCancelledWaiterStopsWaitingWhileTheSharedExchangeGoesOn() throws Exception {
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    TokenEndpoint endpoint = hangingFirst(entered, release);
    TokenExchangeCredentials credentials = credentials(endpoint);
    Cancellation waiterCancellation = new Cancellation();
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      Future<Credential> minter = pool.submit(() -> credentials.credentialFor(pull()));
      assertTrue(entered.await(10, TimeUnit.SECONDS), "the exchange reached the endpoint");
      Future<Credential> waiter = waiting(pool, credentials, pull(waiterCancellation));

      long start = System.nanoTime();
      waiterCancellation.cancel();
      ExecutionException e =
          assertThrows(ExecutionException.class, () -> waiter.get(10, TimeUnit.SECONDS));
      long tookMillis = millisSince(start);
      assertTrue(e.getCause().getMessage().contains("cancelled"), e.getCause().getMessage());
      assertTrue(tookMillis < 1000, "returned " + tookMillis + " ms after cancel()");

      release.countDown();
      assertEquals("Bearer minted-1", authorization(minter.get(10, TimeUnit.SECONDS)));
      assertEquals(1, endpoint.exchanges(), "the waiter's cancel did not disturb the exchange");
    } finally {
      release.countDown();
      pool.shutdownNow();
    }
  }

  @Test
  void whenTheMintingCallerIsCancelledItsWaitersMintTheirOwnToken() throws Exception {
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    TokenEndpoint endpoint = hangingFirst(entered, release);
    TokenExchangeCredentials credentials = credentials(endpoint);
    Cancellation minterCancellation = new Cancellation();
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      Future<Credential> minter =
          pool.submit(() -> credentials.credentialFor(pull(minterCancellation)));
      assertTrue(entered.await(10, TimeUnit.SECONDS), "the exchange reached the endpoint");
      Future<Credential> waiter = waiting(pool, credentials, pull());

      minterCancellation.cancel();

      ExecutionException e =
          assertThrows(ExecutionException.class, () -> minter.get(10, TimeUnit.SECONDS));
      assertTrue(e.getCause().getMessage().contains("cancelled"), e.getCause().getMessage());
      assertEquals(
          "Bearer minted-2",
          authorization(waiter.get(10, TimeUnit.SECONDS)),
          "the waiter was not cancelled: it exchanged again instead of failing");
      assertEquals(2, endpoint.exchanges());
    } finally {
      release.countDown();
      pool.shutdownNow();
    }
  }
}
