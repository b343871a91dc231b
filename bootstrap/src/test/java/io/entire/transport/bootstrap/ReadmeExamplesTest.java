package io.entire.transport.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.entire.transport.testkit.RecordedRequest;
import io.entire.transport.testkit.TestCluster;
import io.entire.transport.testkit.TokenExchange;
import io.entire.transport.testkit.TokenExchangeEndpoint;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's three library examples work as written: each one, run in its own JVM by {@link
 * ReadmeExampleMain} with a private HOME, git configuration and replica cache, fetches the
 * repository's info/refs from a testkit cluster that demands its kind of credential. And the README
 * shows exactly the method bodies of {@link ReadmeExamples}, so the two cannot drift apart.
 */
class ReadmeExamplesTest {
  private static final String REPO = "et/acme/widgets";
  private static final String INFO_REFS = "/" + REPO + "/info/refs";

  /** A bound against a hung example, not a speed requirement. */
  private static final Duration EXAMPLE_TIMEOUT = Duration.ofSeconds(90);

  @TempDir Path temp;

  // ---------------------------------------------------------------- the examples, run

  @Test
  void a3_laptopExampleAuthenticatesWithTheDevelopersGitCredentialHelpers() throws Exception {
    String password = "readme-laptop-pw-81c4";
    try (TestCluster cluster =
        TestCluster.builder()
            .replicas(3)
            .repository(REPO)
            .requireBasic("alice", password)
            .start()) {
      // The developer's git setup: `store` knows the password; a second helper only records the
      // actions git passes on, so the approve (A3) is visible without reading any secret.
      Path store = temp.resolve("git-credentials");
      Files.writeString(
          store,
          "http://alice:" + password + "@" + hostAndPort(cluster.entryUrl()) + "\n",
          StandardCharsets.UTF_8);
      Path actions = temp.resolve("helper-actions");
      Path recorder = temp.resolve("record-action");
      Files.writeString(recorder, "#!/bin/sh\necho \"$1\" >> '" + actions + "'\n");
      Files.setPosixFilePermissions(recorder, PosixFilePermissions.fromString("rwx------"));
      Files.writeString(
          gitConfig(),
          "[credential]\n\thelper = store --file=" + store + "\n\thelper = " + recorder + "\n",
          StandardCharsets.UTF_8);

      ExampleRun run = runExample(Map.of(), "laptop", cluster.entryUrl());

      run.assertFetchedInfoRefs();
      assertServedWithCredentials(cluster);
      assertEquals(
          List.of("store"),
          Files.readAllLines(actions),
          "A3: git credential approve once after the cluster accepted the credential");
      run.assertNoSecret(password);
      assertReplicasCachedWithout(password);
    }
  }

  @Test
  void a1_ciExampleSendsTheTokenFromTheJobsEnvironment() throws Exception {
    String token = "readme-ci-token-2e9d";
    try (TestCluster cluster =
        TestCluster.builder().replicas(3).repository(REPO).requireBearer(token).start()) {
      ExampleRun run =
          runExample(
              Map.of("ENTIRE_TOKEN", token, "ENTIRE_CONNECT_TIMEOUT_SECONDS", "5"),
              "ci",
              cluster.entryUrl());

      run.assertFetchedInfoRefs();
      assertServedWithCredentials(cluster);
      assertFalse(run.stderr().contains("warning:"), "the timeout was read without complaint");
      run.assertNoSecret(token);
      assertReplicasCachedWithout(token);
    }
  }

  @Test
  void a2_serviceExampleSendsATokenMintedForTheRepository() throws Exception {
    String loginToken = "readme-login-token-6b0f";
    try (TestCluster cluster =
        TestCluster.builder()
            .replicas(3)
            .repository(REPO)
            // Only what the endpoint minted opens the cluster; the login token would not.
            .tokenEndpoint()
            .start()) {
      TokenExchangeEndpoint endpoint = cluster.tokenEndpoint();
      ExampleRun run =
          runExample(
              Map.of(ReadmeExampleMain.LOGIN_TOKEN_VARIABLE, loginToken),
              "service",
              cluster.entryUrl(),
              endpoint.tokenUrl());

      run.assertFetchedInfoRefs();
      assertServedWithCredentials(cluster);
      assertFalse(endpoint.received().isEmpty(), "A2: the token endpoint was asked");
      for (TokenExchange exchange : endpoint.received()) {
        assertEquals(TokenExchangeEndpoint.GRANT_TYPE, exchange.grantType(), "A2");
        assertTrue(exchange.subjectTokenIs(loginToken), "A2: the login token is traded");
        assertEquals(cluster.entryUrl() + "/" + REPO, exchange.audience(), "A2: audience");
        assertEquals("repo:pull", exchange.scope(), "A2: info/refs for upload-pack pulls");
      }
      run.assertNoSecret(loginToken);
      assertReplicasCachedWithout(loginToken);
    }
  }

  /** The example reached a replica, which served info/refs, and no request was refused. */
  private static void assertServedWithCredentials(TestCluster cluster) {
    List<RecordedRequest> requests = cluster.requests();
    assertTrue(
        requests.stream()
            .anyMatch(
                r ->
                    r.server().startsWith("replica-")
                        && r.path().equals(INFO_REFS)
                        && r.status() == 200),
        "a replica served info/refs: " + requests);
    for (RecordedRequest r : requests) {
      assertTrue(r.authorizationPresent(), "credentials on every request: " + r);
      assertTrue(r.status() != 401, "the credential was accepted at once: " + r);
    }
  }

  /** K1: the examples use the default cache file, here the private XDG_CACHE_HOME (A5). */
  private void assertReplicasCachedWithout(String secret) throws IOException {
    Path cacheFile = temp.resolve("cache/entire/nodes.json");
    assertTrue(Files.isRegularFile(cacheFile), "K1: replicas persisted in " + cacheFile);
    String cache = Files.readString(cacheFile, StandardCharsets.UTF_8);
    assertTrue(cache.contains(REPO), cache);
    assertFalse(cache.contains(secret), "A5: a secret in the cache file");
  }

  // ---------------------------------------------------------------- the README shows them

  /** Each example of the README, after the code it needs from its surroundings. */
  private enum Example {
    LAPTOP("Laptop", "laptop", ""),
    CI("CI", "ci", "Map<String, String> env = System.getenv();"),
    SERVICE("Service", "service", "");

    final String label;
    final String method;
    final String readmeOnly;

    Example(String label, String method, String readmeOnly) {
      this.label = label;
      this.method = method;
      this.readmeOnly = readmeOnly;
    }
  }

  @Test
  void readmeShowsExactlyTheBodiesOfReadmeExamples() throws IOException {
    Path root = repositoryRoot();
    String readme = Files.readString(root.resolve("README.md"), StandardCharsets.UTF_8);
    String source =
        Files.readString(
            root.resolve(
                "bootstrap/src/test/java/io/entire/transport/bootstrap/ReadmeExamples.java"),
            StandardCharsets.UTF_8);
    Map<String, String> shown = readmeExamples(readme);
    List<String> labels = new ArrayList<>();
    for (Example example : Example.values()) {
      labels.add(example.label);
      String expected = normalize(example.readmeOnly + " " + methodBody(source, example.method));
      assertEquals(
          expected,
          normalize(shown.getOrDefault(example.label, "")),
          "README's '" + example.label + "' example differs from ReadmeExamples." + example.method);
    }
    assertEquals(labels, List.copyOf(shown.keySet()), "README examples, in order");
  }

  private static Path repositoryRoot() {
    // Failsafe passes the root; surefire runs in the module directory.
    String root = System.getProperty("entire.repository.root");
    return Path.of(root != null ? root : "..").toAbsolutePath().normalize();
  }

  /** The README's Java block that opens transports, split at its "// Label: …" comment lines. */
  private static Map<String, String> readmeExamples(String readme) {
    Matcher blocks = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL).matcher(readme);
    List<String> candidates = new ArrayList<>();
    while (blocks.find()) {
      if (blocks.group(1).contains("EntireTransports.open(")) {
        candidates.add(blocks.group(1));
      }
    }
    assertEquals(1, candidates.size(), "one README Java block with the library examples");
    Pattern label = Pattern.compile("^// (\\w+): .*$");
    Map<String, String> examples = new LinkedHashMap<>();
    String current = null;
    for (String line : candidates.get(0).split("\n")) {
      Matcher m = label.matcher(line.strip());
      if (m.matches()) {
        current = m.group(1);
        assertFalse(examples.containsKey(current), "two README examples named " + current);
        examples.put(current, "");
      } else if (current != null) {
        examples.put(current, examples.get(current) + line + "\n");
      } else if (!line.isBlank()) {
        fail("README code before the first example's comment: " + line);
      }
    }
    return examples;
  }

  /** The text between the braces of {@code static byte[] name(…) … { … }}. */
  private static String methodBody(String source, String name) {
    Matcher m = Pattern.compile("static byte\\[\\] " + name + "\\(").matcher(source);
    assertTrue(m.find(), "ReadmeExamples." + name + " not found");
    int open = source.indexOf('{', m.end());
    int depth = 0;
    boolean inString = false;
    for (int i = open; i < source.length(); i++) {
      char c = source.charAt(i);
      if (inString) {
        if (c == '\\') {
          i++;
        } else if (c == '"') {
          inString = false;
        }
      } else if (c == '"') {
        inString = true;
      } else if (c == '{') {
        depth++;
      } else if (c == '}' && --depth == 0) {
        return source.substring(open + 1, i);
      }
    }
    throw new AssertionError("unbalanced braces in ReadmeExamples." + name);
  }

  /** Java text without layout: whitespace only where it separates two words. */
  static String normalize(String code) {
    return code.strip().replaceAll("\\s+", " ").replaceAll("(?<=\\W) | (?=\\W)", "");
  }

  // ---------------------------------------------------------------- running an example

  /** What one example JVM did. */
  private record ExampleRun(int exitCode, byte[] stdout, String stderr) {
    void assertFetchedInfoRefs() {
      assertEquals(0, exitCode, "the example failed:\n" + stderr);
      String refs = new String(stdout, StandardCharsets.UTF_8);
      assertTrue(refs.startsWith("001e# service=git-upload-pack\n"), refs);
      assertTrue(refs.contains(" refs/heads/main"), refs);
    }

    void assertNoSecret(String secret) {
      assertFalse(stderr.contains(secret), "A5: a secret on stderr:\n" + stderr);
    }
  }

  private Path gitConfig() throws IOException {
    return Files.createDirectories(temp.resolve("home")).resolve(".gitconfig");
  }

  /**
   * Runs {@link ReadmeExampleMain} in a JVM whose HOME, git configuration, XDG directories and
   * {@code ENTIRE_*}/{@code GIT_*} variables are this test's, never the developer's.
   */
  private ExampleRun runExample(Map<String, String> variables, String... args) throws Exception {
    Path gitConfig = gitConfig();
    if (!Files.exists(gitConfig)) {
      Files.createFile(gitConfig);
    }
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(ReadmeExampleMain.class.getName());
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).directory(temp.toFile());
    Map<String, String> env = builder.environment();
    env.keySet()
        .removeIf(
            k ->
                k.startsWith("GIT_")
                    || k.startsWith("ENTIRE_")
                    || k.startsWith("XDG_")
                    || k.equals("SSH_ASKPASS"));
    env.put("HOME", gitConfig.getParent().toString());
    env.put("XDG_CONFIG_HOME", gitConfig.getParent().resolve(".config").toString());
    env.put("XDG_CACHE_HOME", temp.resolve("cache").toString());
    env.put("GIT_CONFIG_GLOBAL", gitConfig.toString());
    env.put("GIT_CONFIG_NOSYSTEM", "1");
    env.put("GIT_TERMINAL_PROMPT", "0");
    env.putAll(variables);
    Path stdout = temp.resolve(args[0] + ".stdout");
    Path stderr = temp.resolve(args[0] + ".stderr");
    builder.redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
    Process process = builder.start();
    process.getOutputStream().close();
    if (!process.waitFor(EXAMPLE_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly().waitFor();
      fail(
          "the "
              + args[0]
              + " example did not finish within "
              + EXAMPLE_TIMEOUT.toSeconds()
              + " s:\n"
              + Files.readString(stderr, StandardCharsets.UTF_8));
    }
    return new ExampleRun(
        process.exitValue(),
        Files.readAllBytes(stdout),
        Files.readString(stderr, StandardCharsets.UTF_8));
  }

  private static String hostAndPort(String baseUrl) {
    return baseUrl.substring(baseUrl.indexOf("://") + 3);
  }
}
