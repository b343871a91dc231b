package io.entire.transport.adapters.auth;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.entire.transport.application.port.in.Cancellation;
import io.entire.transport.application.port.out.Credential;
import io.entire.transport.application.port.out.CredentialRequest;
import io.entire.transport.domain.CredentialException;
import io.entire.transport.domain.HttpUrl;
import io.entire.transport.domain.RepoAction;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A3 against the real {@code git credential}: helpers are configured through {@code
 * GIT_CONFIG_COUNT}/{@code _KEY_n}/{@code _VALUE_n}, with global and system config switched off.
 * The scripted helper answers {@code get} and logs every call and its input; a {@code store} helper
 * shows what {@code approve}/{@code reject} do.
 */
class GitCredentialHelperCredentialsTest {
  private static final String PASSWORD = "pw-secret-81c2";
  private static final String AUDIENCE = "https://eu.example.dev:8443/et/org/repo";

  @TempDir Path dir;
  private Path helperLog;
  private Path store;

  @BeforeEach
  void setUp() {
    helperLog = dir.resolve("helper.log");
    store = dir.resolve("store");
  }

  private Map<String, String> isolatedGit(String... helpers) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("HOME", dir.toString());
    env.put("XDG_CONFIG_HOME", dir.resolve("xdg").toString());
    env.put("GIT_CONFIG_NOSYSTEM", "1");
    env.put("GIT_CONFIG_GLOBAL", "/dev/null");
    // Tests must never hang on a prompt; the adapter itself leaves these as inherited.
    env.put("GIT_TERMINAL_PROMPT", "0");
    env.put("GIT_ASKPASS", "");
    env.put("SSH_ASKPASS", "");
    env.put("GIT_CONFIG_COUNT", String.valueOf(helpers.length));
    for (int i = 0; i < helpers.length; i++) {
      env.put("GIT_CONFIG_KEY_" + i, "credential.helper");
      env.put("GIT_CONFIG_VALUE_" + i, helpers[i]);
    }
    return env;
  }

  /** A helper that logs its action and input, and answers get with u / PASSWORD. */
  private String scriptedHelper() throws IOException {
    Path script = dir.resolve("helper.sh");
    Files.writeString(
        script,
        "#!/bin/sh\n"
            + "echo \"action=$1\" >> '"
            + helperLog
            + "'\n"
            + "cat >> '"
            + helperLog
            + "'\n"
            + "if [ \"$1\" = get ]; then echo username=u; echo password="
            + PASSWORD
            + "; fi\n");
    script.toFile().setExecutable(true);
    return "!" + script;
  }

  private String storeHelper() {
    return "store --file=" + store;
  }

  private GitCredentialHelperCredentials credentials(Map<String, String> env) {
    return new GitCredentialHelperCredentials("git", env, Duration.ofSeconds(20));
  }

  private static CredentialRequest request(String audience) {
    return new CredentialRequest(
        "GET",
        URI.create("https://node1.eu.example.dev/et/org/repo/info/refs?service=git-upload-pack"),
        RepoAction.PULL,
        audience);
  }

  private String helperCalls() throws IOException {
    return Files.exists(helperLog) ? Files.readString(helperLog) : "";
  }

  private static String basic(String user, String password) {
    return "Basic "
        + Base64.getEncoder()
            .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void a3_fillsForTheEntryUrlAndSendsBasicAuth() throws Exception {
    GitCredentialHelperCredentials credentials = credentials(isolatedGit(scriptedHelper()));

    Credential credential = credentials.credentialFor(request(AUDIENCE));

    assertEquals(basic("u", PASSWORD), credential.headers().first("Authorization").orElseThrow());
    String calls = helperCalls();
    assertTrue(calls.startsWith("action=get\n"), calls);
    assertTrue(calls.contains("protocol=https\n"), calls);
    assertTrue(calls.contains("host=eu.example.dev:8443\n"), "entry host, not the node: " + calls);
  }

  @Test
  void a3_passesThePathWhenGitIsToldToUseIt() throws Exception {
    Map<String, String> env = isolatedGit(scriptedHelper());
    env.put("GIT_CONFIG_COUNT", "2");
    env.put("GIT_CONFIG_KEY_1", "credential.useHttpPath");
    env.put("GIT_CONFIG_VALUE_1", "true");
    credentials(env).credentialFor(request(AUDIENCE));
    assertTrue(helperCalls().contains("path=et/org/repo\n"), helperCalls());
  }

  @Test
  void a3_usesTheRequestUrlWhenThereIsNoEntryUrl() throws Exception {
    credentials(isolatedGit(scriptedHelper())).credentialFor(request("/et/org/repo"));
    assertTrue(helperCalls().contains("host=node1.eu.example.dev\n"), helperCalls());
  }

  @Test
  void a3_describesTheTypedAudienceUrlWithoutReadingTheAudienceText() throws Exception {
    CredentialRequest request =
        new CredentialRequest(
            "GET",
            URI.create("https://node1.eu.example.dev/et/org/repo/info/refs"),
            RepoAction.PULL,
            "wire form, not parsed by this adapter",
            Optional.of(HttpUrl.of(AUDIENCE)),
            new Cancellation());
    credentials(isolatedGit(scriptedHelper())).credentialFor(request);
    assertTrue(helperCalls().contains("protocol=https\n"), helperCalls());
    assertTrue(helperCalls().contains("host=eu.example.dev:8443\n"), helperCalls());
  }

  @Test
  void a3_fillsOnceAndReusesTheCredential() throws Exception {
    GitCredentialHelperCredentials credentials = credentials(isolatedGit(scriptedHelper()));
    Credential first = credentials.credentialFor(request(AUDIENCE));
    assertSame(first, credentials.credentialFor(request(AUDIENCE)));
    assertEquals(1, count(helperCalls(), "action=get"));
  }

  @Test
  void a3_approveAfterSuccessStoresTheCredentialOnce() throws Exception {
    GitCredentialHelperCredentials credentials =
        credentials(isolatedGit(storeHelper(), scriptedHelper()));
    Credential credential = credentials.credentialFor(request(AUDIENCE));

    credentials.accepted(credential);
    credentials.accepted(credential);

    assertEquals(
        List.of("https://u:" + PASSWORD + "@eu.example.dev%3a8443"), Files.readAllLines(store));
    assertEquals(1, count(helperCalls(), "action=store"));
  }

  @Test
  void a3_rejectAfter401ErasesTheCredentialAndTheNextRequestFillsAgain() throws Exception {
    GitCredentialHelperCredentials credentials =
        credentials(isolatedGit(storeHelper(), scriptedHelper()));
    Credential first = credentials.credentialFor(request(AUDIENCE));
    credentials.accepted(first);
    assertEquals(1, Files.readAllLines(store).size());

    credentials.rejected(first);

    assertEquals(List.of(), Files.readAllLines(store));
    assertEquals(1, count(helperCalls(), "action=erase"));
    Credential second = credentials.credentialFor(request(AUDIENCE));
    assertNotSame(first, second);
    assertEquals(2, count(helperCalls(), "action=get"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "https://eu.example.dev/et/org/repo%0Ahost=evil.example",
        "https://eu.example.dev/et/org/repo%0D",
        "https://eu.example.dev/et/org/repo%00"
      })
  void a3_refusesFieldsWithCrLfOrNulBeforeRunningGit(String audience) throws Exception {
    GitCredentialHelperCredentials credentials = credentials(isolatedGit(scriptedHelper()));
    CredentialException e =
        assertThrows(CredentialException.class, () -> credentials.credentialFor(request(audience)));
    assertTrue(e.getMessage().contains("path contains a CR, LF or NUL"), e.getMessage());
    assertEquals("", helperCalls(), "git must not have run");
  }

  @Test
  void a3_refusesAHelperAnswerWithControlCharactersInTheApproveInput() throws Exception {
    Path script = dir.resolve("cr.sh");
    Files.writeString(
        script,
        "#!/bin/sh\n[ \"$1\" = get ] && printf 'username=u\\npassword=a\\rb\\r\\n'\nexit 0\n");
    script.toFile().setExecutable(true);
    Map<String, String> env = isolatedGit("!" + script);
    // git refuses the CR itself unless told otherwise; then the adapter must still refuse it.
    env.put("GIT_CONFIG_COUNT", "2");
    env.put("GIT_CONFIG_KEY_1", "credential.protectProtocol");
    env.put("GIT_CONFIG_VALUE_1", "false");
    GitCredentialHelperCredentials credentials = credentials(env);
    CredentialException e =
        assertThrows(CredentialException.class, () -> credentials.credentialFor(request(AUDIENCE)));
    assertTrue(e.getMessage().contains("password contains a CR, LF or NUL"), e.getMessage());
  }

  @Test
  void a3_noCredentialAvailableIsAClearError() {
    GitCredentialHelperCredentials credentials = credentials(isolatedGit());
    CredentialException e =
        assertThrows(CredentialException.class, () -> credentials.credentialFor(request(AUDIENCE)));
    assertTrue(
        e.getMessage().startsWith("git credential fill for https://eu.example.dev:8443 failed"),
        e.getMessage());
  }

  @Test
  void a3_L5_aHangingHelperIsBoundedByTheTimeoutAndRetryable() throws Exception {
    Path script = dir.resolve("hang.sh");
    Files.writeString(
        script, "#!/bin/sh\necho $$ > '" + dir.resolve("hang.pid") + "'\nexec sleep 30\n");
    script.toFile().setExecutable(true);
    GitCredentialHelperCredentials credentials =
        new GitCredentialHelperCredentials(
            "git", isolatedGit("!" + script), Duration.ofMillis(500));
    long start = System.nanoTime();
    CredentialException e =
        assertThrows(CredentialException.class, () -> credentials.credentialFor(request(AUDIENCE)));
    assertTrue(e.getMessage().contains("did not finish within"), e.getMessage());
    assertTrue(e.isRetryable(), "L5: a helper that hung may answer next time");
    assertTrue(System.nanoTime() - start < Duration.ofSeconds(10).toNanos());
    long helperPid = Long.parseLong(Files.readString(dir.resolve("hang.pid")).trim());
    ProcessHandle.of(helperPid)
        .ifPresent(p -> p.onExit().orTimeout(5, TimeUnit.SECONDS).join()); // killed, not orphaned
  }

  @Test
  void a3_missingGitIsAClearError() {
    GitCredentialHelperCredentials credentials =
        new GitCredentialHelperCredentials(
            dir.resolve("no-such-git").toString(), Map.of(), Duration.ofSeconds(5));
    CredentialException e =
        assertThrows(CredentialException.class, () -> credentials.credentialFor(request(AUDIENCE)));
    assertTrue(e.getMessage().startsWith("cannot run git credential fill"), e.getMessage());
  }

  @Test
  void a3_constructorValidatesArguments() {
    assertThrows(
        IllegalArgumentException.class,
        () -> new GitCredentialHelperCredentials(" ", Map.of(), Duration.ofSeconds(1)));
    assertThrows(
        IllegalArgumentException.class,
        () -> new GitCredentialHelperCredentials("git", Map.of(), Duration.ZERO));
    assertThrows(
        IllegalArgumentException.class,
        () -> new GitCredentialHelperCredentials("git", Map.of("A=B", "x"), Duration.ofSeconds(1)));
  }

  @Test
  void a5_passwordNeverInLogsMessagesOrToString() throws Exception {
    GitCredentialHelperCredentials credentials =
        credentials(isolatedGit(storeHelper(), scriptedHelper()));
    String seen;
    try (LogCapture log = new LogCapture()) {
      Credential credential = credentials.credentialFor(request(AUDIENCE));
      credentials.accepted(credential);
      credentials.rejected(credential);
      seen = log.text() + credential + credentials;
      assertTrue(log.text().contains("git credential fill answered"), "debug logging is on");
    }
    String encoded =
        Base64.getEncoder().encodeToString(("u:" + PASSWORD).getBytes(StandardCharsets.UTF_8));
    assertAll(
        () -> assertFalse(seen.contains(PASSWORD), seen),
        () -> assertFalse(seen.contains(encoded), seen));
  }

  private static int count(String text, String line) {
    return (int) text.lines().filter(line::equals).count();
  }

  // DESIGN §3: a cancelled call returns within 1 s, also while git waits for a credential helper
  // that hangs (or prompts); the helper process goes too.
  @Test
  void cancellingAFillStuckInAHangingHelperReturnsWithinASecondAndKillsIt() throws Exception {
    Path pidFile = dir.resolve("helper.pid");
    Path script = dir.resolve("hanging-helper.sh");
    Files.writeString(
        script,
        "#!/bin/sh\necho $$ > '"
            + pidFile
            + ".tmp'\nmv '"
            + pidFile
            + ".tmp' '"
            + pidFile
            + "'\nexec sleep 600\n");
    script.toFile().setExecutable(true);
    GitCredentialHelperCredentials credentials = credentials(isolatedGit("!" + script));
    Cancellation cancellation = new Cancellation();
    CredentialRequest request =
        new CredentialRequest(
            "GET",
            URI.create("https://node1.eu.example.dev/et/org/repo/info/refs"),
            RepoAction.PULL,
            AUDIENCE,
            cancellation);
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      Future<Credential> call = pool.submit(() -> credentials.credentialFor(request));
      long helperPid = awaitPid(pidFile);

      long start = System.nanoTime();
      cancellation.cancel();
      ExecutionException e =
          assertThrows(ExecutionException.class, () -> call.get(10, TimeUnit.SECONDS));
      long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

      assertTrue(e.getCause() instanceof CredentialException, String.valueOf(e.getCause()));
      assertEquals(
          "git credential fill for https://eu.example.dev:8443 cancelled",
          e.getCause().getMessage());
      assertTrue(tookMillis < 1000, "returned " + tookMillis + " ms after cancel()");
      ProcessHandle helper = ProcessHandle.of(helperPid).orElse(null);
      if (helper != null) {
        helper.onExit().get(5, TimeUnit.SECONDS); // killed, not left sleeping
      }
    } finally {
      pool.shutdownNow();
    }
  }

  /** Bounded wait for the helper script to say it runs. */
  private static long awaitPid(Path pidFile) throws IOException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!Files.exists(pidFile)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the credential helper did not start");
      }
      Thread.onSpinWait();
    }
    return Long.parseLong(Files.readString(pidFile).trim());
  }
}
