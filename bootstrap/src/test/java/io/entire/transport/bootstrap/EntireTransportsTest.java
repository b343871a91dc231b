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
import io.entire.transport.testkit.TestCluster;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each environment-selected authentication builds a transport that completes a real discovery
 * request against a local data plane (testkit: entry + replicas serving git http-backend).
 */
class EntireTransportsTest {
  private static final String REPO = "et/org/repo";
  private static final String ADVERTISEMENT_START = "001e# service=git-upload-pack";

  @TempDir Path dir;

  private TransportConfig config(TestCluster cluster) {
    return TransportConfig.builder().entryUrl(cluster.entryUrl()).repoPath("/" + REPO).build();
  }

  private EntireTransport open(TestCluster cluster, Map<String, String> env) {
    EnvironmentAuthModule auth = new EnvironmentAuthModule(env);
    return EntireTransports.open(
        new TransportModule(config(cluster), dir.resolve("cache/nodes.json")), auth);
  }

  private static String discover(GitTransport transport) throws IOException {
    try (InputStream refs = transport.infoRefs(GitService.UPLOAD_PACK)) {
      return new String(refs.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void a4_noneModeTalksToAnOpenCluster() throws Exception {
    try (TestCluster cluster = TestCluster.builder().replicas(2).repository(REPO).start();
        EntireTransport transport = open(cluster, Map.of())) {
      assertTrue(discover(transport).startsWith(ADVERTISEMENT_START));
      assertTrue(cluster.requests().stream().noneMatch(r -> r.authorizationPresent()));
    }
  }

  @Test
  void a1_staticModeSendsTheBearerTokenTheClusterRequires() throws Exception {
    try (TestCluster cluster =
            TestCluster.builder().replicas(2).repository(REPO).requireBearer("ci-token").start();
        EntireTransport transport = open(cluster, Map.of("ENTIRE_TOKEN", "ci-token"))) {
      assertTrue(discover(transport).startsWith(ADVERTISEMENT_START));
    }
  }

  @Test
  void a2_exchangeModeMintsATokenForTheRepositoryAndUsesIt() throws Exception {
    try (TokenEndpointStub endpoint = new TokenEndpointStub();
        TestCluster cluster =
            TestCluster.builder()
                .replicas(2)
                .repository(REPO)
                .requireAuthorization(v -> v.equals("Bearer minted-1"))
                .start();
        EntireTransport transport =
            open(
                cluster,
                Map.of(
                    "ENTIRE_TOKEN", "login-token", "ENTIRE_TOKEN_EXCHANGE_URL", endpoint.url()))) {
      assertTrue(discover(transport).startsWith(ADVERTISEMENT_START));
      assertEquals(1, endpoint.forms().size(), "one exchange for one (audience, action)");
      assertEquals(cluster.entryUrl() + "/" + REPO, endpoint.forms().get(0).get("audience"));
      assertEquals("repo:pull", endpoint.forms().get(0).get("scope"));
      assertEquals("login-token", endpoint.forms().get(0).get("subject_token"));
    }
  }

  @Test
  void a3_gitCredentialModeSendsTheHelpersCredentialAsBasicAuth() throws Exception {
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
        EntireTransport transport = open(cluster, env)) {
      assertEquals(Mode.GIT_CREDENTIAL, new EnvironmentAuthModule(env).mode());
      assertTrue(discover(transport).startsWith(ADVERTISEMENT_START));
    }
  }

  @Test
  void e1_wrongStaticTokenIsAnAuthenticationError() throws Exception {
    try (TestCluster cluster =
            TestCluster.builder().replicas(1).repository(REPO).requireBearer("right").start();
        EntireTransport transport = open(cluster, Map.of("ENTIRE_TOKEN", "wrong-token-42"))) {
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

  @Test
  void closedTransportRefusesCallsAndClosingTwiceIsHarmless() throws Exception {
    try (TestCluster cluster = TestCluster.builder().replicas(1).repository(REPO).start()) {
      EntireTransport transport = open(cluster, Map.of());
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
