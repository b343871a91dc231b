package io.entire.transport.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/demo}, run exactly as a user runs it (after {@code package}, so it must not build): it
 * exits 0 after a clone with a replica down, a push, a fetch that fails over (F2) from a replica
 * answering 503, 30 repositories mirrored in process with JGit while a replica answers 503 (with
 * the client's failovers and the Micrometer module's meters), and a summary of who served what. It
 * runs with a private HOME and XDG directories and no inherited {@code GIT_*}/{@code ENTIRE_*}
 * variables, so it never sees or touches the developer's git configuration or replica cache.
 */
class DemoIT {
  private static final Path PROJECT_ROOT =
      Path.of(System.getProperty("entire.repository.root", "..")).toAbsolutePath().normalize();

  /** A bound against a hung demo, not a speed requirement (it takes seconds once built). */
  private static final Duration DEMO_TIMEOUT = Duration.ofSeconds(120);

  private static final Pattern PUSHED = Pattern.compile("(?m)^ {3}pushed ([0-9a-f]{40})$");
  private static final Pattern FETCHED =
      Pattern.compile("(?m)^ {3}fetched ([0-9a-f]{40}) \\(the pushed commit\\)$");
  private static final Pattern FAILOVERS_SEEN =
      Pattern.compile("(?m)^ {3}failovers seen by the helper: (\\d+)$");
  private static final Pattern MIRRORED =
      Pattern.compile("(?m)^ {3}mirrored: (\\d+) of (\\d+) repositories, refs equal");
  private static final Pattern FAILOVERS_REPORTED =
      Pattern.compile("(?m)^ {3}failovers reported by the client: (\\d+)$");
  private static final Pattern REPLICA_2_FAILED =
      Pattern.compile(
          "(?m)^ {6}http://127\\.0\\.0\\.1:\\d+ \\(replica-2\\) failed \\d+ x, SERVER_ERROR: .*503");
  private static final Pattern METER =
      Pattern.compile("(?m)^ {6}entire\\.transport\\.[a-z_.]+\\{.*\\} {2}count=(\\d+)");

  @TempDir static Path temp;

  /** What the one run of bin/demo printed; every test reads its own part (it takes seconds). */
  private static String out;

  @BeforeAll
  static void runTheDemoOnce() throws Exception {
    requireBuilt();
    out = runBinDemo();
  }

  @Test
  void binDemoClonesPushesAndFetchesThroughFailoversAndExitsZero() {

    String clone = section(out, "== 1. clone with replica-1 down");
    assertTrue(clone.contains("   cloned: "), "the clone step shows the cloned commit:\n" + out);

    String push = section(out, "== 2. commit and push");
    Matcher pushed = PUSHED.matcher(push);
    assertTrue(pushed.find(), "the push step shows the pushed commit:\n" + out);

    // F2: replica-0 and replica-2 answer 503 in step 3; the demo fetches until the helper started
    // at one of them and failed over to replica-1.
    String fetch = section(out, "== 3. fetch from the second clone");
    assertTrue(
        Pattern.compile(
                "(?m)^ {3}failover: fetch #\\d+: http://127\\.0\\.0\\.1:\\d+ failed \\(.*503")
            .matcher(fetch)
            .find(),
        "F2: the fetch shows a failover from a replica answering 503:\n" + out);
    Matcher fetched = FETCHED.matcher(fetch);
    assertTrue(fetched.find(), "the fetch step shows the fetched commit:\n" + out);
    assertEquals(pushed.group(1), fetched.group(1), "the fetch got what was pushed");

    String summary = section(out, "== summary: requests served");
    // The clone took the cold path: the entry redirected to the replicas.
    assertTrue(summary.contains("GET info/refs -> 307"), "the entry's 307:\n" + out);
    assertTrue(summary.contains("POST git-receive-pack -> 200"), "the push:\n" + out);
    assertTrue(summary.contains(" -> 503"), "the replicas that answered 503:\n" + out);
    Matcher seen = FAILOVERS_SEEN.matcher(summary);
    assertTrue(seen.find(), "the summary counts failovers:\n" + out);
    assertTrue(Integer.parseInt(seen.group(1)) >= 1, out);
    assertTrue(
        out.strip()
            .endsWith(
                "OK: clone, push, fetch and 30 in-process mirrors succeeded through failovers."),
        out);
  }

  @Test
  void binDemoMirrorsThirtyRepositoriesInProcessThroughFailoversAndPrintsTheMeters() {
    String mirrors = section(out, "== 4. mirror 30 repositories in process");
    Matcher mirrored = MIRRORED.matcher(mirrors);
    assertTrue(mirrored.find(), "the step counts the mirrors:\n" + out);
    assertEquals("30", mirrored.group(1), "every mirror has the cluster's refs:\n" + out);
    assertEquals("30", mirrored.group(2), out);
    assertTrue(mirrors.contains("   elapsed:  "), "the step shows its elapsed time:\n" + out);
    // F2 and O1: replica-2 answers 503; with 30 sessions starting at random replicas, some start
    // there (all miss with probability (2/3)^30 < 1e-5) and the client reports the failover.
    Matcher reported = FAILOVERS_REPORTED.matcher(mirrors);
    assertTrue(reported.find(), "the step counts the client's failovers:\n" + out);
    assertTrue(Integer.parseInt(reported.group(1)) >= 1, "at least one failover:\n" + out);
    assertTrue(REPLICA_2_FAILED.matcher(mirrors).find(), "the failing node, by name:\n" + out);
    // O2: the Micrometer module's meters, with their counts.
    Matcher meter = METER.matcher(mirrors);
    assertTrue(meter.find(), "at least one meter is printed:\n" + out);
    assertTrue(
        Pattern.compile("(?m)^ {6}entire\\.transport\\.failover\\{node=.*reason=status_5xx\\}")
            .matcher(mirrors)
            .find(),
        "the failover counter of the Micrometer module:\n" + out);
  }

  /** The helper jar behind bin/git-remote-entire carries none of the demo or its modules. */
  @Test
  void theHelperJarHoldsNeitherTheDemoNorTheOptionalModules() throws IOException {
    Path helper = onlyFile(PROJECT_ROOT.resolve("bootstrap/target"), "*-helper.jar");
    List<String> leaked = new ArrayList<>();
    try (JarFile jar = new JarFile(helper.toFile())) {
      jar.stream()
          .map(JarEntry::getName)
          .filter(
              name ->
                  name.startsWith("io/entire/transport/demo/")
                      || name.startsWith("io/entire/transport/bootstrap/demo/")
                      || name.startsWith("io/entire/transport/testkit/")
                      || name.startsWith("io/entire/transport/jgit/")
                      || name.startsWith("io/entire/transport/micrometer/")
                      || name.startsWith("org/eclipse/jgit/")
                      || name.startsWith("io/micrometer/"))
          .forEach(leaked::add);
    }
    assertEquals(List.of(), leaked, "classes in " + helper);
  }

  /** The jars bin/demo runs; without them it would start a Maven build of its own. */
  private static void requireBuilt() throws IOException {
    assertTrue(
        hasFile(PROJECT_ROOT.resolve("demo/target"), "entire-transport-demo-*.jar"),
        "the demo jar is built (failsafe runs after package)");
    assertTrue(
        hasFile(PROJECT_ROOT.resolve("demo/target/lib"), "entire-transport-jgit-*.jar"),
        "the demo's classpath is copied to demo/target/lib");
    assertTrue(
        hasFile(
            PROJECT_ROOT.resolve("bootstrap/target"), "entire-transport-bootstrap-*-helper.jar"),
        "the helper jar is built (failsafe runs after package)");
    assertTrue(
        hasFile(PROJECT_ROOT.resolve("testkit/target"), "entire-transport-testkit-*.jar"),
        "the testkit jar is built");
  }

  private static Path onlyFile(Path directory, String glob) throws IOException {
    try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, glob)) {
      List<Path> found = new ArrayList<>();
      files.forEach(found::add);
      assertEquals(1, found.size(), "one " + glob + " in " + directory + ": " + found);
      return found.get(0);
    }
  }

  private static boolean hasFile(Path directory, String glob) throws IOException {
    if (!Files.isDirectory(directory)) {
      return false;
    }
    try (DirectoryStream<Path> files = Files.newDirectoryStream(directory, glob)) {
      return files.iterator().hasNext();
    }
  }

  /** Runs {@code bash bin/demo} from the repository root; returns its stdout. */
  private static String runBinDemo() throws Exception {
    // bin/demo must not build here: an mvn that fails loudly comes first on its PATH.
    Path guard = Files.createDirectories(temp.resolve("guard-bin"));
    Path mvn = guard.resolve("mvn");
    Files.writeString(mvn, "#!/bin/sh\necho 'DemoIT: bin/demo tried to build' >&2\nexit 97\n");
    Files.setPosixFilePermissions(mvn, PosixFilePermissions.fromString("rwx------"));

    ProcessBuilder builder =
        new ProcessBuilder("bash", "bin/demo").directory(PROJECT_ROOT.toFile());
    Map<String, String> env = builder.environment();
    env.keySet()
        .removeIf(k -> k.startsWith("GIT_") || k.startsWith("ENTIRE_") || k.startsWith("XDG_"));
    env.put("PATH", guard + ":" + System.getenv("PATH"));
    env.put("HOME", Files.createDirectories(temp.resolve("home")).toString());
    env.put("XDG_CACHE_HOME", temp.resolve("cache").toString());
    env.put("XDG_CONFIG_HOME", temp.resolve("config").toString());
    Path stdout = temp.resolve("demo.stdout");
    Path stderr = temp.resolve("demo.stderr");
    builder.redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
    Process process = builder.start();
    process.getOutputStream().close();
    if (!process.waitFor(DEMO_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
      // The demo's JVM, its cluster and any git still running go too.
      List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
      tree.forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly().waitFor();
      fail(
          "bin/demo did not finish within "
              + DEMO_TIMEOUT.toSeconds()
              + " s:\n"
              + output(stdout, stderr));
    }
    String out = Files.readString(stdout, StandardCharsets.UTF_8);
    String err = Files.readString(stderr, StandardCharsets.UTF_8);
    assertFalse(err.contains("tried to build"), "bin/demo tried to build:\n" + err);
    assertEquals(0, process.exitValue(), "bin/demo failed:\n" + output(stdout, stderr));
    return out;
  }

  private static String output(Path stdout, Path stderr) throws IOException {
    return Files.readString(stdout, StandardCharsets.UTF_8)
        + "\n--- stderr ---\n"
        + Files.readString(stderr, StandardCharsets.UTF_8);
  }

  /** The lines from the heading that starts with {@code heading} up to the next heading. */
  private static String section(String out, String heading) {
    int start = out.indexOf("\n" + heading);
    assertTrue(start >= 0, "the demo shows '" + heading + "':\n" + out);
    int end = out.indexOf("\n== ", start + 1);
    return end < 0 ? out.substring(start) : out.substring(start, end);
  }
}
