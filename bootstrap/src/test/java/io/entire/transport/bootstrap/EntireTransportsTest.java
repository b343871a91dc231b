package io.entire.transport.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.inject.AbstractModule;
import io.entire.transport.application.port.in.GitTransport;
import io.entire.transport.application.port.in.TransportConfig;
import io.entire.transport.bootstrap.EnvironmentAuthModule.Mode;
import io.entire.transport.domain.AuthenticationFailedException;
import io.entire.transport.domain.GitService;
import io.entire.transport.domain.TransportException;
import io.entire.transport.testkit.EntryMode;
import io.entire.transport.testkit.TestCluster;
import io.entire.transport.testkit.TokenExchangeEndpoint;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Each environment-selected authentication builds a transport that completes a real discovery
 * request against a local data plane (testkit: entry + replicas serving git http-backend), both
 * through a Guice injector and through {@link EntireTransports#openWithoutInjector}.
 */
class EntireTransportsTest {
  /** The two ways to build the same transport. */
  enum Wiring {
    INJECTOR {
      @Override
      EntireTransport open(TransportConfig config, Path cacheFile, AuthModule auth) {
        return EntireTransports.open(new TransportModule(config, cacheFile), auth);
      }
    },
    WITHOUT_INJECTOR {
      @Override
      EntireTransport open(TransportConfig config, Path cacheFile, AuthModule auth) {
        return EntireTransports.openWithoutInjector(config, cacheFile, auth);
      }
    };

    abstract EntireTransport open(TransportConfig config, Path cacheFile, AuthModule auth);
  }

  private static final String REPO = "et/org/repo";
  private static final String ADVERTISEMENT_START = "001e# service=git-upload-pack";

  @TempDir Path dir;

  private TransportConfig config(TestCluster cluster) {
    return TransportConfig.builder().entryUrl(cluster.entryUrl()).repoPath("/" + REPO).build();
  }

  private EntireTransport open(Wiring wiring, TestCluster cluster, Map<String, String> env) {
    EnvironmentAuthModule auth = new EnvironmentAuthModule(env);
    return wiring.open(config(cluster), dir.resolve("cache/nodes.json"), auth);
  }

  private static String discover(GitTransport transport) throws IOException {
    try (InputStream refs = transport.infoRefs(GitService.UPLOAD_PACK)) {
      return new String(refs.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @ParameterizedTest
  @EnumSource(Wiring.class)
  void a4_noneModeTalksToAnOpenCluster(Wiring wiring) throws Exception {
    try (TestCluster cluster = TestCluster.builder().replicas(2).repository(REPO).start();
        EntireTransport transport = open(wiring, cluster, Map.of())) {
      assertTrue(discover(transport).startsWith(ADVERTISEMENT_START));
      assertTrue(cluster.requests().stream().noneMatch(r -> r.authorizationPresent()));
    }
  }

  @ParameterizedTest
  @EnumSource(Wiring.class)
  void a1_staticModeSendsTheBearerTokenTheClusterRequires(Wiring wiring) throws Exception {
    try (TestCluster cluster =
            TestCluster.builder().replicas(2).repository(REPO).requireBearer("ci-token").start();
        EntireTransport transport = open(wiring, cluster, Map.of("ENTIRE_TOKEN", "ci-token"))) {
      assertTrue(discover(transport).startsWith(ADVERTISEMENT_START));
    }
  }

  @ParameterizedTest
  @EnumSource(Wiring.class)
  void a2_exchangeModeMintsATokenForTheRepositoryAndUsesIt(Wiring wiring) throws Exception {
    try (TestCluster cluster =
            TestCluster.builder().replicas(2).repository(REPO).tokenEndpoint().start();
        EntireTransport transport =
            open(
                wiring,
                cluster,
                Map.of(
                    "ENTIRE_TOKEN",
                    "login-token",
                    "ENTIRE_TOKEN_EXCHANGE_URL",
                    cluster.tokenEndpoint().tokenUrl()))) {
      // the cluster accepts only tokens its endpoint minted for this repository and action
      assertTrue(discover(transport).startsWith(ADVERTISEMENT_START));
      TokenExchangeEndpoint endpoint = cluster.tokenEndpoint();
      assertEquals(1, endpoint.exchanges(), "one exchange for one (audience, action)");
      assertEquals(1, endpoint.exchanges(cluster.entryUrl() + "/" + REPO, "repo:pull"));
      assertTrue(endpoint.received().get(0).subjectTokenIs("login-token"));
    }
  }

  @ParameterizedTest
  @EnumSource(Wiring.class)
  void a3_gitCredentialModeSendsTheHelpersCredentialAsBasicAuth(Wiring wiring) throws Exception {
    Path helper = dir.resolve("helper.sh");
    Files.writeString(
        helper,
        "#!/bin/sh\n[ \"$1\" = get ] && { echo username=dev; echo password=laptop-pw; }\nexit 0\n");
    helper.toFile().setExecutable(true);
    Map<String, String> env = new HashMap<>();
    env.put("ENTIRE_AUTH", "git-credential");
    env.put("HOME", dir.toString());
    env.put("GIT_CONFIG_NOSYSTEM", "1");
    env.put("GIT_CONFIG_GLOBAL", "/dev/null");
    env.put("GIT_TERMINAL_PROMPT", "0");
    env.put("GIT_ASKPASS", "");
    env.put("GIT_CONFIG_COUNT", "1");
    env.put("GIT_CONFIG_KEY_0", "credential.helper");
    env.put("GIT_CONFIG_VALUE_0", "!" + helper);
    try (TestCluster cluster =
            TestCluster.builder()
                .replicas(2)
                .repository(REPO)
                .requireBasic("dev", "laptop-pw")
                .start();
        EntireTransport transport = open(wiring, cluster, env)) {
      assertEquals(Mode.GIT_CREDENTIAL, new EnvironmentAuthModule(env).mode());
      assertTrue(discover(transport).startsWith(ADVERTISEMENT_START));
    }
  }

  @ParameterizedTest
  @EnumSource(Wiring.class)
  void K6_D3_aFailedCachedNodeIsDemotedInTheRepositorysCacheEntry(Wiring wiring) throws Exception {
    try (TestCluster cluster = TestCluster.builder().replicas(1).repository(REPO).start()) {
      Path cacheFile = dir.resolve("cache/nodes.json");
      Files.createDirectories(cacheFile.getParent());
      URI entry = URI.create(cluster.entryUrl());
      String cacheKey = entry.getHost() + ":" + entry.getPort(); // K1
      String deadNode = deadNode();
      Files.writeString(
          cacheFile,
          "{\""
              + cacheKey
              + "\": {\"/"
              + REPO
              + "\": {\"nodes\": [\""
              + deadNode
              + "\"], \"expiresAt\": \"2099-01-01T00:00:00Z\"}}}");
      // Nothing may store the entry again afterwards: no replicas header anywhere.
      cluster.replicasHeaderOff();
      cluster.entry().mode(EntryMode.REDIRECT_WITHOUT_REPLICAS);

      try (EntireTransport transport =
          wiring.open(config(cluster), cacheFile, new NoAuthModule())) {
        assertTrue(discover(transport).startsWith(ADVERTISEMENT_START));
      }

      // K6 as changed by the node-health rules (§12): the entry stays, the node is demoted.
      String cache = Files.readString(cacheFile, StandardCharsets.UTF_8);
      assertTrue(cache.contains(REPO), "K6: the entry stays: " + cache);
      assertTrue(cache.contains(deadNode + "\" : {\n"), "D3: a record of the node: " + cache);
      assertTrue(cache.contains("\"failures\" : 1"), "D3: one failure: " + cache);
    }
  }

  /** A loopback node that refuses connections: its port was bound, then released. */
  private static String deadNode() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return "http://127.0.0.1:" + socket.getLocalPort();
    }
  }

  @ParameterizedTest
  @EnumSource(Wiring.class)
  void e1_wrongStaticTokenIsAnAuthenticationError(Wiring wiring) throws Exception {
    try (TestCluster cluster =
            TestCluster.builder().replicas(1).repository(REPO).requireBearer("right").start();
        EntireTransport transport =
            open(wiring, cluster, Map.of("ENTIRE_TOKEN", "wrong-token-42"))) {
      TransportException e = assertThrows(TransportException.class, () -> discover(transport));
      assertInstanceOf(AuthenticationFailedException.class, e, e.toString());
      assertFalse(e.getMessage().contains("wrong-token-42"));
    }
  }

  @Test
  void createReturnsACloseableTransport() throws Exception {
    try (TestCluster cluster = TestCluster.builder().replicas(1).repository(REPO).start()) {
      GitTransport transport = EntireTransports.create(config(cluster), new NoAuthModule());
      try {
        assertInstanceOf(EntireTransport.class, transport);
      } finally {
        ((EntireTransport) transport).close();
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Wiring.class)
  void closedTransportRefusesCallsAndClosingTwiceIsHarmless(Wiring wiring) throws Exception {
    try (TestCluster cluster = TestCluster.builder().replicas(1).repository(REPO).start()) {
      EntireTransport transport = open(wiring, cluster, Map.of());
      assertTrue(discover(transport).startsWith(ADVERTISEMENT_START));
      transport.close();
      transport.close();
      assertTrue(transport.isClosed());
      IllegalStateException e =
          assertThrows(IllegalStateException.class, () -> discover(transport));
      assertEquals("this transport is closed", e.getMessage());
    }
  }

  @Test
  void argumentsAreValidatedWithClearMessages() {
    TransportConfig config =
        TransportConfig.builder().entryUrl("https://eu.example.dev").repoPath("/et/o/r").build();
    assertEquals(
        "config",
        assertThrows(
                NullPointerException.class, () -> EntireTransports.create(null, new NoAuthModule()))
            .getMessage());
    assertEquals(
        "authModule",
        assertThrows(NullPointerException.class, () -> EntireTransports.create(config, null))
            .getMessage());
    Path cacheFile = dir.resolve("nodes.json");
    NoAuthModule none = new NoAuthModule();
    assertEquals(
        "config",
        assertThrows(
                NullPointerException.class,
                () -> EntireTransports.openWithoutInjector(null, cacheFile, none))
            .getMessage());
    assertEquals(
        "cacheFile",
        assertThrows(
                NullPointerException.class,
                () -> EntireTransports.openWithoutInjector(config, null, none))
            .getMessage());
    assertEquals(
        "authModule",
        assertThrows(
                NullPointerException.class,
                () -> EntireTransports.openWithoutInjector(config, cacheFile, null))
            .getMessage());
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                EntireTransports.open(
                    new TransportModule(config, dir.resolve("nodes.json")),
                    new AbstractModule() {
                      @Override
                      public String toString() {
                        return "EmptyModule";
                      }
                    }));
    assertEquals(
        "authModule EmptyModule binds no CredentialPort (use NoAuthModule for no authentication)",
        e.getMessage());
  }
}
