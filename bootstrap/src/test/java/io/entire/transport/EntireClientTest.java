package io.entire.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.inject.Guice;
import com.google.inject.Injector;
import io.entire.transport.adapters.cache.FileReplicaCache;
import io.entire.transport.application.port.in.GitTransport;
import io.entire.transport.application.port.in.TransportConfig;
import io.entire.transport.bootstrap.EntireTransport;
import io.entire.transport.bootstrap.EntireTransports;
import io.entire.transport.bootstrap.GitCredentialAuthModule;
import io.entire.transport.bootstrap.NoAuthModule;
import io.entire.transport.bootstrap.TokenExchangeAuthModule;
import io.entire.transport.bootstrap.TransportModule;
import io.entire.transport.domain.DeadlineExceededException;
import io.entire.transport.domain.GitService;
import io.entire.transport.domain.NodeUrl;
import io.entire.transport.domain.TransportCancelledException;
import io.entire.transport.testkit.Fault;
import io.entire.transport.testkit.ReplicaServer;
import io.entire.transport.testkit.TestCluster;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link EntireClient} and its sessions against a real testkit cluster (DESIGN §9, L1–L4, L6): real
 * sockets, real {@code git http-backend}.
 */
class EntireClientTest {
  private static final String REPO = "et/org/repo";
  private static final String ADVERTISEMENT_START = "001e# service=git-upload-pack";

  /** Far beyond the 1 s of L6, far below the 60 s read timeout a missed interrupt would cost. */
  private static final long BOUND_SECONDS = 10;

  @TempDir Path dir;
  private TestCluster cluster;
  private EntireClient client;

  @BeforeEach
  void start() {
    cluster = TestCluster.builder().replicas(2).repository(REPO).repository("et/org/other").start();
    client = newClient();
  }

  @AfterEach
  void stop() {
    client.close();
    cluster.close();
  }

  private EntireClient newClient() {
    return EntireClient.builder()
        .authentication(new NoAuthModule())
        .cacheFile(dir.resolve("cache/nodes.json"))
        .build();
  }

  private String url(String repo) {
    return cluster.entryUrl() + "/" + repo;
  }

  private static String discover(GitTransport transport) throws IOException {
    try (InputStream refs = transport.infoRefs(GitService.UPLOAD_PACK)) {
      return new String(refs.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void L2_openingASessionDoesNoIoAndStartsNoThread() throws Exception {
    try (EntireClient fresh = newClient()) {
      cluster.clearRequests();
      for (String form : List.of(url(REPO), "entire::" + url(REPO))) {
        try (EntireSession session = fresh.open(form)) {
          assertNotNull(session);
        }
      }
      assertEquals(List.of(), cluster.requests(), "opening a session sent a request");
      assertFalse(fresh.watchdog().isRunning(), "opening a session started a thread");
      try (EntireSession session = fresh.open(url(REPO))) {
        assertTrue(discover(session).startsWith(ADVERTISEMENT_START));
      }
    }
  }

  /**
   * Issue 9 item 6: connection settings are the client's. A configuration started from the client's
   * {@code configBuilder()} carries them (so a session of a client with other settings needs no
   * deprecated setter), and the session talks with them; a configuration that asks for other
   * settings is still refused.
   */
  @Test
  void L2_aConfigurationFromTheClientsConfigBuilderCarriesItsSettings() throws IOException {
    try (EntireClient custom =
        EntireClient.builder()
            .authentication(new NoAuthModule())
            .cacheFile(dir.resolve("custom/nodes.json"))
            .connectTimeout(Duration.ofSeconds(7))
            .userAgent("custom-agent/1")
            .build()) {
      TransportConfig.Builder config =
          custom
              .configBuilder()
              .entryUrl(cluster.entryUrl())
              .repoPath("/" + REPO)
              .initialNodes(List.of(NodeUrl.of(cluster.replicaUrls().get(0))));
      cluster.clearRequests();
      try (EntireSession session = custom.open(config.build())) {
        assertTrue(discover(session).startsWith(ADVERTISEMENT_START));
      }
      assertFalse(cluster.requests().isEmpty());
      cluster.requests().forEach(r -> assertEquals("custom-agent/1", r.header("User-Agent")));

      TransportConfig plain =
          TransportConfig.builder().entryUrl(cluster.entryUrl()).repoPath("/" + REPO).build();
      IllegalArgumentException refused =
          assertThrows(IllegalArgumentException.class, () -> custom.open(plain));
      assertTrue(refused.getMessage().contains("connectTimeout"), refused.getMessage());
    }
  }

  @Test
  void L2_repositoryUrlFormsAndTheirTrustDomain() {
    RepositoryUrl https = RepositoryUrl.parse("https://EU.example.dev/et/acme/widgets", false);
    assertEquals("https://eu.example.dev", https.entryUrl().toString());
    assertEquals("eu.example.dev", https.clusterHost());
    assertEquals("/et/acme/widgets", https.repoPath());
    assertEquals(
        "https://eu.example.dev:8443",
        RepositoryUrl.parse("entire://eu.example.dev:8443/et/a/b", false).entryUrl().toString());
    assertEquals(
        "/et/a/b", RepositoryUrl.parse("entire::https://eu.example.dev/et/a/b/", false).repoPath());
    assertEquals(
        "http://127.0.0.1:8080",
        RepositoryUrl.parse("http://127.0.0.1:8080/r", false).entryUrl().toString());
    assertEquals(
        "http://git.internal",
        RepositoryUrl.parse("http://git.internal/r", true).entryUrl().toString());
  }

  @Test
  void L2_badRepositoryUrlsAreRefusedNamingTheProblem() {
    IllegalArgumentException http =
        assertThrows(IllegalArgumentException.class, () -> client.open("http://example.com/r"));
    assertTrue(http.getMessage().contains("plain http"), http.getMessage());
    assertTrue(http.getMessage().contains("allowHttp(true)"), http.getMessage());
    IllegalArgumentException scheme =
        assertThrows(IllegalArgumentException.class, () -> client.open("ftp://example.com/r"));
    assertTrue(scheme.getMessage().contains("'ftp'"), scheme.getMessage());
    IllegalArgumentException userinfo =
        assertThrows(
            IllegalArgumentException.class, () -> client.open("https://me:secret@example.com/r"));
    assertFalse(userinfo.getMessage().contains("secret"), userinfo.getMessage());
    assertThrows(IllegalArgumentException.class, () -> client.open("https://example.com"));
  }

  @Test
  void L3_sessionsShareTheReplicaCacheReadOnceAndWrittenBackWithoutLosingOtherEntries()
      throws Exception {
    Path file = dir.resolve("cache/nodes.json");
    FileReplicaCache otherProcess = new FileReplicaCache(file, Clock.systemUTC());
    String clusterKey = "127.0.0.1:" + cluster.entry().port();
    NodeUrl replica1 = NodeUrl.parse(cluster.replica(1).url()).orElseThrow();
    otherProcess.store(clusterKey, "/" + REPO, List.of(replica1));
    try (EntireClient fresh = newClient()) {
      try (EntireSession first = fresh.open(url(REPO))) {
        cluster.clearRequests();
        assertTrue(discover(first).startsWith(ADVERTISEMENT_START));
        assertEquals(List.of(), cluster.entry().requests(), "warm path from the file (K1)");
      }
      // Another process writes after the client read the file: the client keeps its memory ...
      otherProcess.store(clusterKey, "/et/org/other", List.of(replica1));
      try (EntireSession other = fresh.open(url("et/org/other"))) {
        cluster.clearRequests();
        assertTrue(discover(other).startsWith(ADVERTISEMENT_START));
        assertFalse(cluster.entry().requests().isEmpty(), "read once per client (L3)");
      }
    }
    // ... and its write-back merged into the file: both entries are there.
    FileReplicaCache reader = new FileReplicaCache(file, Clock.systemUTC());
    assertFalse(reader.load(clusterKey, "/" + REPO).isEmpty());
    assertFalse(reader.load(clusterKey, "/et/org/other").isEmpty());
  }

  @Test
  void L3_closingASessionClosesItsStreamsButNeverTheClient() throws Exception {
    EntireSession session = client.open(url(REPO));
    InputStream refs = session.infoRefs(GitService.UPLOAD_PACK);
    session.close();
    assertThrows(IOException.class, () -> refs.readAllBytes());
    assertThrows(IllegalStateException.class, () -> session.infoRefs(GitService.UPLOAD_PACK));
    assertFalse(client.isClosed());
    try (EntireSession next = client.open(url(REPO))) {
      assertTrue(discover(next).startsWith(ADVERTISEMENT_START));
    }
  }

  @Test
  void L3_sessionsShareTheTokenCacheOneExchangePerRepositoryAndAction() throws Exception {
    try (TestCluster secured =
            TestCluster.builder().replicas(2).repository(REPO).tokenEndpoint().start();
        EntireClient tokenClient =
            EntireClient.builder()
                .authentication(
                    new TokenExchangeAuthModule(
                        URI.create(secured.tokenEndpoint().tokenUrl()), "login-token"))
                .cacheFile(dir.resolve("tokens/nodes.json"))
                .build()) {
      List<CompletableFuture<String>> calls = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        calls.add(
            CompletableFuture.supplyAsync(
                () -> {
                  try (EntireSession session = tokenClient.open(secured.entryUrl() + "/" + REPO)) {
                    return discover(session);
                  } catch (IOException e) {
                    throw new UncheckedIOException(e);
                  }
                }));
      }
      for (CompletableFuture<String> call : calls) {
        assertTrue(call.get(BOUND_SECONDS, TimeUnit.SECONDS).startsWith(ADVERTISEMENT_START));
      }
      assertEquals(1, secured.tokenEndpoint().exchanges(), "one exchange for five sessions");
    }
  }

  @Test
  void L4_theGuiceModuleAndTheInjectorFreePathAreAClientWithSessions() throws Exception {
    TransportConfig config =
        TransportConfig.builder().entryUrl(cluster.entryUrl()).repoPath("/" + REPO).build();
    Injector injector =
        Guice.createInjector(
            new TransportModule(config, dir.resolve("guice/nodes.json")), new NoAuthModule());
    EntireClient injected = injector.getInstance(EntireClient.class);
    assertSame(injected, injector.getInstance(EntireClient.class), "one client per injector");
    GitTransport first = injector.getInstance(GitTransport.class);
    GitTransport second = injector.getInstance(GitTransport.class);
    assertInstanceOf(EntireSession.class, first);
    assertNotSame(first, second, "a session per injection");
    assertTrue(discover(first).startsWith(ADVERTISEMENT_START));
    assertTrue(discover(second).startsWith(ADVERTISEMENT_START));
    injected.close();
    assertThrows(IllegalStateException.class, () -> first.infoRefs(GitService.UPLOAD_PACK));
    try (EntireTransport transport =
        EntireTransports.openWithoutInjector(
            config, dir.resolve("plain/nodes.json"), new NoAuthModule())) {
      assertTrue(discover(transport).startsWith(ADVERTISEMENT_START));
    }
  }

  private void hangEveryReplica() {
    for (ReplicaServer replica : cluster.replicas()) {
      replica.fault(Fault.hang());
    }
  }

  private void healEveryReplica() {
    for (ReplicaServer replica : cluster.replicas()) {
      replica.fault(Fault.none());
    }
  }

  /** Runs a discovery on another thread; completes with what it threw (null if nothing). */
  private static CompletableFuture<Throwable> discoverInBackground(
      GitTransport transport, AtomicBoolean interruptedAfter, Thread[] runner) {
    CompletableFuture<Throwable> outcome = new CompletableFuture<>();
    Thread thread =
        new Thread(
            () -> {
              try {
                discover(transport);
                outcome.complete(null);
              } catch (Throwable t) {
                interruptedAfter.set(Thread.currentThread().isInterrupted());
                outcome.complete(t);
              }
            },
            "blocked-caller");
    runner[0] = thread;
    thread.start();
    return outcome;
  }

  @Test
  void L6_interruptEndsABlockedCallKeepsTheFlagAndTheSessionStillWorks() throws Exception {
    hangEveryReplica();
    try (EntireSession session = client.open(url(REPO))) {
      AtomicBoolean interruptedAfter = new AtomicBoolean();
      Thread[] runner = new Thread[1];
      CompletableFuture<Throwable> outcome =
          discoverInBackground(session, interruptedAfter, runner);
      awaitAnyReplicaRequest();
      runner[0].interrupt();
      Throwable thrown = outcome.get(BOUND_SECONDS, TimeUnit.SECONDS);
      assertInstanceOf(TransportCancelledException.class, thrown);
      assertEquals("interrupted", thrown.getMessage());
      assertFalse(((TransportCancelledException) thrown).isRetryable());
      assertTrue(interruptedAfter.get(), "L6: the interrupt flag stays set");
      healEveryReplica();
      assertTrue(discover(session).startsWith(ADVERTISEMENT_START), "the next call works");
    }
  }

  private void awaitAnyReplicaRequest() {
    // The entry redirects to one of the replicas, round robin: wait until one holds the request.
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(BOUND_SECONDS);
    while (cluster.replicas().stream().allMatch(r -> r.requests().isEmpty())) {
      if (System.nanoTime() > end) {
        throw new AssertionError("no replica received the request");
      }
      Thread.onSpinWait();
    }
  }

  @Test
  void L6_aDeadlineEndsAHangingCallAndTheNextCallWorks() throws Exception {
    hangEveryReplica();
    try (EntireSession session = client.open(url(REPO))) {
      CompletableFuture<Throwable> outcome =
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  discover(session.withDeadline(Duration.ofMillis(300)));
                  return null;
                } catch (Throwable t) {
                  return t;
                }
              });
      Throwable thrown = outcome.get(BOUND_SECONDS, TimeUnit.SECONDS);
      assertInstanceOf(DeadlineExceededException.class, thrown);
      assertTrue(thrown.getMessage().contains("300 ms"), thrown.getMessage());
      assertTrue(((DeadlineExceededException) thrown).isRetryable(), "L5: a new deadline may do");
      healEveryReplica();
      assertTrue(discover(session).startsWith(ADVERTISEMENT_START), "the next call works");
    }
  }

  @Test
  void L6_aDeadlineEndsACallWaitingForAHangingTokenEndpoint() throws Exception {
    try (TestCluster secured =
            TestCluster.builder().replicas(1).repository(REPO).tokenEndpoint().start();
        EntireClient tokenClient =
            EntireClient.builder()
                .authentication(
                    new TokenExchangeAuthModule(
                        URI.create(secured.tokenEndpoint().tokenUrl()), "login-token"))
                .cacheFile(dir.resolve("tokens/nodes.json"))
                .build();
        EntireSession session = tokenClient.open(secured.entryUrl() + "/" + REPO)) {
      secured.tokenEndpoint().fault(Fault.hang());
      Throwable thrown =
          CompletableFuture.supplyAsync(
                  () -> failureOf(session.withDeadline(Duration.ofMillis(300))))
              .get(BOUND_SECONDS, TimeUnit.SECONDS);
      assertInstanceOf(DeadlineExceededException.class, thrown);
      secured.tokenEndpoint().fault(Fault.none());
      assertTrue(discover(session).startsWith(ADVERTISEMENT_START), "the next call works");
    }
  }

  @Test
  void L6_anInterruptEndsACallWaitingForAHangingGitCredentialHelper() throws Exception {
    Path started = dir.resolve("helper-started");
    Path gitconfig = dir.resolve("gitconfig");
    Files.writeString(
        gitconfig,
        "[credential]\n\thelper = \"!f() { touch '" + started + "'; exec sleep 30; }; f\"\n");
    Map<String, String> environment =
        Map.of(
            "HOME",
            dir.toString(),
            "GIT_CONFIG_GLOBAL",
            gitconfig.toString(),
            "GIT_CONFIG_NOSYSTEM",
            "1",
            "GIT_TERMINAL_PROMPT",
            "0");
    try (TestCluster secured =
            TestCluster.builder().replicas(1).repository(REPO).requireBasic("alice", "pw").start();
        EntireClient laptop =
            EntireClient.builder()
                .authentication(
                    new GitCredentialAuthModule("git", environment, Duration.ofMinutes(5)))
                .cacheFile(dir.resolve("laptop/nodes.json"))
                .build();
        EntireSession session = laptop.open(secured.entryUrl() + "/" + REPO)) {
      AtomicBoolean interruptedAfter = new AtomicBoolean();
      Thread[] runner = new Thread[1];
      CompletableFuture<Throwable> outcome =
          discoverInBackground(session, interruptedAfter, runner);
      awaitFile(started);
      runner[0].interrupt();
      Throwable thrown = outcome.get(BOUND_SECONDS, TimeUnit.SECONDS);
      assertInstanceOf(TransportCancelledException.class, thrown);
      assertTrue(interruptedAfter.get(), "L6: the interrupt flag stays set");
    }
  }

  private static Throwable failureOf(GitTransport transport) {
    try {
      discover(transport);
      return null;
    } catch (Throwable t) {
      return t;
    }
  }

  private static void awaitFile(Path file) {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(BOUND_SECONDS);
    while (!Files.exists(file)) {
      if (System.nanoTime() > end) {
        throw new AssertionError("the credential helper never started");
      }
      Thread.onSpinWait();
    }
  }

  @Test
  void L1_closingTheClientAbortsCallsInFlight() throws Exception {
    hangEveryReplica();
    EntireSession session = client.open(url(REPO));
    AtomicBoolean interruptedAfter = new AtomicBoolean();
    CompletableFuture<Throwable> outcome =
        discoverInBackground(session, interruptedAfter, new Thread[1]);
    awaitAnyReplicaRequest();
    client.close();
    assertInstanceOf(
        TransportCancelledException.class, outcome.get(BOUND_SECONDS, TimeUnit.SECONDS));
    assertFalse(interruptedAfter.get());
    assertThrows(IllegalStateException.class, () -> client.open(url(REPO)));
    assertFalse(client.watchdog().isRunning(), "the watchdog thread outlived the client");
  }
}
