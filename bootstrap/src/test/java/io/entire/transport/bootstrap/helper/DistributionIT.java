package io.entire.transport.bootstrap.helper;

import static io.entire.transport.bootstrap.helper.GitRun.mustSucceed;
import static java.nio.charset.StandardCharsets.UTF_8;
import static java.nio.file.StandardWatchEventKinds.ENTRY_CREATE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_DELETE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_MODIFY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.entire.transport.testkit.TestCluster;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The installable helper (DESIGN §7, issue 14): the built {@code -helper-dist.tar.gz} unpacked into
 * a temporary directory outside the checkout, its {@code bin} on PATH (directly or through a
 * symlink), driven by real git against a testkit cluster, as the README's "Install" section says.
 * The first run makes the startup archive in {@code $XDG_CACHE_HOME/entire/startup/} (finished in
 * the background after the command); later runs use it.
 */
class DistributionIT {
  private static final String REPO = "et/org/repo";

  @TempDir Path temp;
  private TestCluster cluster;
  private Path home;
  private String url;

  @BeforeEach
  void install() throws IOException, InterruptedException {
    cluster = TestCluster.builder().replicas(2).repository(REPO).start();
    url = "entire::" + cluster.entryUrl() + "/" + REPO;
    Path opt = Files.createDirectories(temp.resolve("opt"));
    // The README's step: tar -xzf entire-transport-bootstrap-<version>-helper-dist.tar.gz
    Process tar =
        new ProcessBuilder("tar", "-xzf", distribution("tar.gz").toString(), "-C", opt.toString())
            .inheritIO()
            .start();
    assertEquals(0, tar.waitFor(), "tar -xzf");
    try (Stream<Path> unpacked = Files.list(opt)) {
      home = unpacked.findFirst().orElseThrow();
    }
    assertFalse(home.startsWith(HelperSandbox.PROJECT_ROOT), "installed outside the checkout");
  }

  @AfterEach
  void stop() {
    cluster.close();
  }

  @Test
  @DisplayName("the distribution: entire-transport-<version>/bin/git-remote-entire and lib/")
  void theArchivesHoldTheLauncherAndTheJar() throws IOException {
    String version = home.getFileName().toString().substring("entire-transport-".length());
    Path launcher = home.resolve("bin/git-remote-entire");
    Path jar = home.resolve("lib/entire-transport-bootstrap-" + version + "-helper.jar");

    assertTrue(Files.isExecutable(launcher), "bin/git-remote-entire is executable");
    assertTrue(Files.isRegularFile(jar), jar + " is in lib/");
    assertTrue(
        Files.readString(Path.of(jar + ".sha256")).matches("[0-9a-f]{64}\\s*"),
        "the jar's digest is beside it");
    assertEquals(
        Files.readString(HelperSandbox.PROJECT_ROOT.resolve("bin/git-remote-entire")),
        Files.readString(launcher),
        "the checkout's launcher is the distribution's");
    try (ZipFile zip = new ZipFile(distribution("zip").toFile())) {
      TreeSet<String> names = new TreeSet<>();
      zip.stream().filter(e -> !e.isDirectory()).forEach(e -> names.add(e.getName()));
      String base = home.getFileName() + "/";
      assertTrue(names.contains(base + "bin/git-remote-entire"), names::toString);
      assertTrue(names.contains(base + "lib/" + jar.getFileName()), names::toString);
      assertTrue(names.contains(base + "lib/" + jar.getFileName() + ".sha256"), names::toString);
    }
  }

  @Test
  @DisplayName(
      "a lean start: the helper jar carries no Guice or Guava, and ls-remote loads none of them"
          + " and initialises no BigDecimal")
  void theHelperJarCarriesAndLoadsNoGuiceOrGuava() throws IOException, InterruptedException {
    HelperSandbox sandbox = user();
    List<String> guiceOrGuava = new ArrayList<>();
    try (DirectoryStream<Path> jars =
            Files.newDirectoryStream(home.resolve("lib"), "*-helper.jar");
        ZipFile jar = new ZipFile(jars.iterator().next().toFile())) {
      jar.stream()
          .map(ZipEntry::getName)
          .filter(
              n ->
                  n.startsWith("com/google/inject/")
                      || n.startsWith("com/google/common/")
                      || n.matches("io/entire/transport/bootstrap/[A-Za-z]*Module\\.class")
                      || n.startsWith("io/entire/transport/bootstrap/EntireTransports"))
          .forEach(guiceOrGuava::add);
    }
    mustSucceed(sandbox.git("ls-remote", url)); // the first run, making the archive
    awaitArchive(userStartup());
    List<String> loaded = classesLoadedByLsRemote(sandbox);

    assertEquals(List.of(), guiceOrGuava, "not in the helper jar");
    assertTrue(loaded.size() > 100, "the log lists the loaded classes: " + firstLines(loaded));
    assertEquals(
        List.of(),
        loaded.stream()
            .filter(l -> l.contains(" com.google.inject.") || l.contains(" com.google.common."))
            .toList(),
        "not loaded");
    // JDK 25's BigDecimal initialiser computes 5^65536, ~12 ms of a start (Jackson's parser and
    // Duration.dividedBy both reached it).
    assertEquals(
        List.of(),
        loaded.stream().filter(l -> l.contains("Initializing 'java/math/BigDecimal'")).toList(),
        "not initialised");
  }

  @Test
  @DisplayName(
      "installed, on PATH through a symlink: clone (first run makes the archive), push,"
          + " fetch and ls-remote (later runs use it)")
  void installedHelperClonesPushesAndFetchesThroughASymlinkOnPath()
      throws IOException, InterruptedException {
    HelperSandbox sandbox = user();
    Path startup = userStartup();

    mustSucceed(sandbox.git("clone", url, "clone"));
    Map<String, FileTime> archives = awaitArchive(startup);
    Path clone = sandbox.work().resolve("clone");
    Files.writeString(clone.resolve("installed.txt"), "pushed by the installed helper\n");
    mustSucceed(sandbox.gitIn(clone, Map.of(), "add", "."));
    mustSucceed(sandbox.gitIn(clone, Map.of(), "commit", "-m", "from the distribution"));
    mustSucceed(sandbox.gitIn(clone, Map.of(), "push", "origin", "HEAD"));
    String pushed = mustSucceed(sandbox.gitIn(clone, Map.of(), "rev-parse", "HEAD")).stdout();
    mustSucceed(sandbox.gitIn(clone, Map.of(), "fetch", "origin"));
    List<String> loaded = classesLoadedByLsRemote(sandbox);

    assertEquals(2, archives.size(), "one archive and its key: " + archives);
    assertTrue(
        archives.keySet().stream().anyMatch(n -> n.endsWith(".aot") || n.endsWith(".jsa")),
        "an archive: " + archives);
    assertEquals(
        pushed.trim(),
        cluster.git().runChecked(cluster.repository(REPO), "rev-parse", "main").stdout().trim(),
        "the push arrived");
    assertEquals(archives, archives(startup), "later runs made no other archive");
    assertTrue(
        loaded.stream()
            .anyMatch(l -> l.contains(GitRemoteEntireMain.class.getName() + " source: shared")),
        "the helper's classes came from the startup archive: " + firstLines(loaded));
    // All of the jar's, lambdas included (one the archive cannot link is spun at run time, ~1 ms
    // each). A JDK class the training never met may come from the JDK's modules (and CDS never
    // archives JFR's event classes).
    assertEquals(
        List.of(),
        loaded.stream()
            .filter(l -> l.contains(" source: ") && !l.contains(" source: shared objects file"))
            .filter(l -> !l.matches(".* (java|javax|jdk|sun|com\\.sun)\\.\\S* source: .*"))
            .toList(),
        "loaded from elsewhere than the archive");
  }

  @Test
  @DisplayName("bin on PATH directly, JDK 17: the first run makes a CDS archive, later runs use it")
  void binOnPathRunsOnJdk17WithACdsArchive() throws IOException, InterruptedException {
    Path jdk17 = HelperSandbox.jdk17Home().orElse(null);
    Assumptions.assumeTrue(jdk17 != null, "no JDK 17 installed");
    HelperSandbox sandbox = user();
    sandbox.env("PATH", home.resolve("bin") + ":" + System.getenv("PATH"));
    sandbox.env("ENTIRE_JAVA_HOME", jdk17.toString());

    mustSucceed(sandbox.git("clone", url, "clone"));
    Map<String, FileTime> archives = awaitArchive(userStartup());
    mustSucceed(sandbox.gitIn(sandbox.work().resolve("clone"), Map.of(), "fetch", "origin"));
    List<String> loaded = classesLoadedByLsRemote(sandbox);

    assertTrue(archives.keySet().stream().anyMatch(n -> n.endsWith(".jsa")), archives::toString);
    assertTrue(
        loaded.stream()
            .anyMatch(l -> l.contains(GitRemoteEntireMain.class.getName() + " source: shared")),
        "the helper's classes came from the CDS archive: " + firstLines(loaded));
  }

  @Test
  @DisplayName(
      "G8: the run that makes the archive prints only the protocol on stdout, nothing else")
  void theTrainingRunPrintsOnlyTheProtocol_G8() throws IOException, InterruptedException {
    String remote = cluster.entryUrl() + "/" + REPO;
    List<Map<String, String>> jdks = new ArrayList<>(List.of(Map.of()));
    HelperSandbox.jdk17Home()
        .ifPresent(jdk -> jdks.add(Map.of("ENTIRE_JAVA_HOME", jdk.toString())));
    for (Map<String, String> jdk : jdks) {
      Path user = temp.resolve("user-" + jdks.indexOf(jdk));
      HelperSandbox sandbox = new HelperSandbox(user, launcher());

      GitRun first = sandbox.helperWithInput(jdk, "capabilities\n\n", "origin", remote);
      Map<String, FileTime> archives = awaitArchive(user.resolve("cache/entire/startup"));
      GitRun second = sandbox.helperWithInput(jdk, "capabilities\n\n", "origin", remote);

      assertEquals(0, first.exitCode(), first::describe);
      assertEquals(2, archives.size(), jdk + ": the first run made the archive: " + archives);
      assertEquals(second.stdout(), first.stdout(), jdk + ": the protocol lines, nothing else");
      assertTrue(first.stdout().endsWith("\n\n"), first::describe);
      assertEquals("", first.stderr(), jdk + ": nothing on git's stderr either");
      assertEquals("", second.stderr(), jdk + "");
    }
  }

  @Test
  @DisplayName("G10: on the run that makes the archive, a signal to the launcher reaches the JVM")
  void g10_aSignalReachesTheJvmOnTheTrainingRun() throws Exception {
    Process launcherProcess = launcherAfterCapabilities();
    List<ProcessHandle> jvms = jvmsUnder(launcherProcess);

    // SIGTERM to the launcher, as git's kill would send; the handle's destroy() leaves stdin open
    // (Process.destroy() also closes it, and the helper would end on that end of file).
    launcherProcess.toHandle().destroy();

    assertEquals(1, jvms.size(), "the launcher runs the JVM as its child on this run: " + jvms);
    assertTimeoutPreemptively(
        Duration.ofSeconds(60), () -> jvms.get(0).onExit().get(), "the JVM ended too");
    assertEquals(143, launcherProcess.waitFor(), "128 + SIGTERM, as the JVM reports it (G10)");
    assertEquals(Map.of(), archives(userStartup()), "no archive kept");
  }

  @Test
  @DisplayName(
      "the first run ends with the command: the archive is made after git has its answer; a"
          + " failing first run keeps none")
  void theFirstRunEndsWithTheCommandNotWithTheArchive() throws Exception {
    HelperSandbox sandbox = user();
    Path startup = userStartup();

    GitRun first = mustSucceed(sandbox.git("ls-remote", url));
    FileTime answered = FileTime.from(java.time.Instant.now());
    Map<String, FileTime> archives = awaitArchive(startup);

    assertTrue(first.stdout().contains("\trefs/heads/main"), first::describe);
    assertEquals(2, archives.size(), "the archive and its key: " + archives);
    // The key is written once the archive is dumped and checked: after git had its answer.
    archives.forEach(
        (name, written) ->
            assertTrue(written.compareTo(answered) > 0, name + " written " + written));

    // A first run whose command fails reports the helper's status and keeps no archive.
    Path other = temp.resolve("other");
    HelperSandbox failing = new HelperSandbox(other, launcher());
    GitRun missing = failing.git("ls-remote", "entire::" + cluster.entryUrl() + "/et/org/none");
    assertEquals(128, missing.exitCode(), missing::describe);
    assertTrue(missing.stderr().startsWith("fatal: "), missing::describe);
    assertEquals(Map.of(), archives(other.resolve("cache/entire/startup")), "no archive kept");
  }

  @Test
  @DisplayName(
      "an https remote has an archive of its own, with TLS's classes; an http command neither"
          + " maps nor replaces it")
  void anHttpsRemoteHasAnArchiveOfItsOwn() throws IOException, InterruptedException {
    try (TestCluster https = TestCluster.builder().https().repository(REPO).start()) {
      HelperSandbox sandbox = user();
      sandbox.env("GIT_SSL_CAINFO", https.tls().caCertificateFile().toString());
      Path startup = userStartup();
      String httpsUrl = "entire::" + https.entryUrl() + "/" + REPO;
      Path log = temp.resolve("class-load.log");

      mustSucceed(sandbox.git("ls-remote", httpsUrl)); // the first https run
      Map<String, FileTime> tls = awaitArchive(startup);
      mustSucceed(
          sandbox.gitIn(
              sandbox.work(),
              Map.of("JAVA_OPTS", "-Xlog:class+load=info:file=" + log),
              "ls-remote",
              httpsUrl));
      mustSucceed(sandbox.git("ls-remote", url)); // the first http run
      Map<String, FileTime> both = awaitArchive(startup, tls.keySet().toArray(String[]::new));

      assertEquals(2, tls.size(), "an archive and its key: " + tls);
      assertTrue(
          tls.keySet().stream().allMatch(n -> n.endsWith("-tls.jsa") || n.endsWith("-tls.key")),
          "named for https: " + tls);
      assertTrue(
          Files.readAllLines(log).stream()
              .anyMatch(
                  l -> l.contains(" sun.security.ssl.SSLSocketImpl source: shared objects file")),
          "the later https run has TLS's classes from the archive");
      assertEquals(4, both.size(), "the http run made its own: " + both);
      tls.forEach((name, written) -> assertEquals(written, both.get(name), name + " untouched"));
    }
  }

  @Test
  @DisplayName(
      "without an archive the launcher names the build's class list for the helper to preload;"
          + " with one it does not")
  void withoutAnArchiveTheHelperPreloadsTheBuildsClassList()
      throws IOException, InterruptedException {
    HelperSandbox sandbox = user();
    Path list = home.resolve("lib/helper-classes.txt");
    Map<String, String> showProperties = Map.of("JAVA_OPTS", "-XshowSettings:properties -version");
    Map<String, String> off = new TreeMap<>(showProperties);
    off.put("ENTIRE_STARTUP_ARCHIVE", "off");

    GitRun withoutArchive = sandbox.helperWithInput(off, null, "--version");
    mustSucceed(sandbox.git("ls-remote", url)); // the first run, making the archive
    awaitArchive(userStartup());
    GitRun withArchive = sandbox.helperWithInput(showProperties, null, "--version");

    assertTrue(
        Files.readAllLines(list).contains(GitRemoteEntireMain.class.getName().replace('.', '/')),
        "the build listed the classes a start loads");
    assertTrue(
        withoutArchive.stderr().contains(StartupClassList.PROPERTY + " = " + list),
        withoutArchive::describe);
    assertFalse(withArchive.stderr().contains(StartupClassList.PROPERTY), withArchive::describe);
  }

  @Test
  @DisplayName(
      "a first run sweeps what a killed first run left over an hour ago, and nothing younger")
  void aFirstRunSweepsStaleTemporaryFiles() throws IOException, InterruptedException {
    HelperSandbox sandbox = user();
    Path startup = Files.createDirectories(userStartup());
    Path stale = Files.writeString(startup.resolve("helper-0123-jdk1-x.tmp.1.2.classlist"), "x");
    Files.setLastModifiedTime(stale, FileTime.from(java.time.Instant.now().minusSeconds(7200)));
    Path young = Files.writeString(startup.resolve("helper-0123-jdk1-x.tmp.3.4.classlist"), "x");
    Path other = Files.writeString(startup.resolve("notes.tmp.1"), "not ours");
    Files.setLastModifiedTime(other, FileTime.from(java.time.Instant.now().minusSeconds(7200)));

    mustSucceed(sandbox.git("ls-remote", url));
    awaitArchive(startup, young.getFileName().toString(), other.getFileName().toString());

    assertFalse(Files.exists(stale), "an hour old: swept");
    assertTrue(Files.exists(young), "younger: perhaps a first run still at work");
    assertTrue(Files.exists(other), "not a file of ours");
  }

  @Test
  @DisplayName("ENTIRE_STARTUP_ARCHIVE=off: no archive is made or used")
  void startupArchiveOffMakesNone() throws IOException {
    HelperSandbox sandbox = user();
    sandbox.env("ENTIRE_STARTUP_ARCHIVE", "off");

    mustSucceed(sandbox.git("ls-remote", url));
    mustSucceed(sandbox.git("ls-remote", url));

    assertEquals(Map.of(), archives(userStartup()));
  }

  @Test
  @DisplayName("racing first runs: all succeed and leave one archive, no temporary files")
  void racingFirstRunsLeaveOneArchive() throws IOException, InterruptedException {
    HelperSandbox sandbox = user();
    List<HelperSandbox.RunningCommand> racing = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      racing.add(sandbox.startGit(sandbox.work(), "ls-remote", url));
    }
    for (HelperSandbox.RunningCommand run : racing) {
      GitRun done = run.await(Duration.ofSeconds(180));
      assertTrue(done != null && done.ok(), () -> done == null ? "hung" : done.describe());
      assertTrue(done.stdout().contains("\trefs/heads/main"), done::describe);
    }

    Map<String, FileTime> archives = awaitArchive(userStartup());
    assertEquals(2, archives.size(), "one archive and its key, no temporary files: " + archives);
  }

  @Test
  @DisplayName("an archive that is not one, or one keyed for another jar or JDK, is ignored")
  void aCorruptOrForeignArchiveIsIgnored() throws IOException, InterruptedException {
    HelperSandbox sandbox = user();
    Path startup = userStartup();
    mustSucceed(sandbox.git("ls-remote", url));
    awaitArchive(startup);
    Path archive = null;
    Path key = null;
    for (String name : archives(startup).keySet()) {
      if (name.endsWith(".key")) {
        key = startup.resolve(name);
      } else {
        archive = startup.resolve(name);
      }
    }
    archive.toFile().setWritable(true); // the JVM writes CDS archives read-only
    Files.writeString(archive, "not an archive\n");

    GitRun corrupt = sandbox.git("ls-remote", url);
    Files.writeString(key, "helper=0000 jar=/elsewhere java=/another/jdk build=1\n");
    List<String> foreign = classesLoadedByLsRemote(sandbox);

    mustSucceed(corrupt);
    assertEquals("", corrupt.stderr(), "ignored quietly");
    assertTrue(corrupt.stdout().contains("\trefs/heads/main"), corrupt::describe);
    assertTrue(
        foreign.stream()
            .anyMatch(l -> l.contains(GitRemoteEntireMain.class.getName() + " source: file:")),
        "a foreign archive is not used: " + firstLines(foreign));
    assertEquals("not an archive\n", Files.readString(archive), "and not replaced (no thrashing)");
  }

  private Path launcher() {
    return home.resolve("bin/git-remote-entire");
  }

  /**
   * The installed launcher started as git starts it, in a fresh user's home (so its run makes the
   * archive), once the helper has answered {@code capabilities}: the JVM is up and waits for git's
   * next command on stdin (a blank line or the end of stdin would end the session).
   */
  private Process launcherAfterCapabilities() throws IOException {
    HelperSandbox sandbox = user();
    ProcessBuilder builder =
        new ProcessBuilder(launcher().toString(), "origin", cluster.entryUrl() + "/" + REPO)
            .directory(sandbox.work().toFile())
            .redirectError(ProcessBuilder.Redirect.DISCARD);
    builder.environment().put("HOME", temp.resolve("user/home").toString());
    builder.environment().put("XDG_CACHE_HOME", temp.resolve("user/cache").toString());
    Process launcherProcess = builder.start();
    launcherProcess.getOutputStream().write("capabilities\n".getBytes(UTF_8));
    launcherProcess.getOutputStream().flush();
    BufferedReader stdout =
        new BufferedReader(new InputStreamReader(launcherProcess.getInputStream(), UTF_8));
    String line;
    do {
      line = stdout.readLine();
    } while (line != null && !line.isEmpty());
    assertEquals("", line, "the helper answered capabilities");
    return launcherProcess;
  }

  private static List<ProcessHandle> jvmsUnder(Process launcherProcess) {
    return launcherProcess
        .descendants()
        .filter(p -> p.info().command().orElse("").endsWith("java"))
        .toList();
  }

  /**
   * The classes the JVM loaded and initialised for one {@code git ls-remote}, as {@code
   * -Xlog:class+load,class+init} says.
   */
  private List<String> classesLoadedByLsRemote(HelperSandbox sandbox) throws IOException {
    Path log = temp.resolve("class-load-" + System.nanoTime() + ".log");
    mustSucceed(
        sandbox.gitIn(
            sandbox.work(),
            Map.of("JAVA_OPTS", "-Xlog:class+load=info,class+init=info:file=" + log),
            "ls-remote",
            url));
    return Files.readAllLines(log);
  }

  /** The test's user: the installed launcher on PATH through a symlink, a home and a cache. */
  private HelperSandbox user() {
    return new HelperSandbox(temp.resolve("user"), launcher());
  }

  /** Where the test user's first runs make their startup archives. */
  private Path userStartup() {
    return temp.resolve("user/cache/entire/startup");
  }

  private static String firstLines(List<String> lines) {
    return String.join("\n", lines.subList(0, Math.min(lines.size(), 5))) + "\n…";
  }

  /**
   * The startup directory's files once a first run's background step has finished (the launcher
   * exits when the command is done and finishes the archive detached): no temporary file left, and
   * an archive's key or the marker of a JDK that made none; files a test put there itself ({@code
   * othersFiles}) do not count. Waits at most two minutes, woken by the directory's changes.
   */
  private static Map<String, FileTime> awaitArchive(Path startup, String... othersFiles)
      throws IOException, InterruptedException {
    List<String> others = List.of(othersFiles);
    long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
    try (WatchService watcher = startup.getFileSystem().newWatchService()) {
      startup.register(watcher, ENTRY_CREATE, ENTRY_DELETE, ENTRY_MODIFY);
      while (true) {
        // Names only: a file may be renamed between listing and reading its time.
        List<String> files = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(startup)) {
          entries.forEach(entry -> files.add(entry.getFileName().toString()));
        }
        files.removeAll(others);
        boolean busy = files.stream().anyMatch(n -> n.contains(".tmp."));
        boolean made = files.stream().anyMatch(n -> n.endsWith(".key") || n.endsWith(".none"));
        if (made && !busy) {
          return archives(startup);
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new AssertionError("the first run's archive is not done after 2 minutes: " + files);
        }
        WatchKey changed = watcher.poll(left, TimeUnit.NANOSECONDS);
        if (changed != null) {
          changed.pollEvents();
          changed.reset();
        }
      }
    }
  }

  /** The startup directory's files and their modification times. */
  private static Map<String, FileTime> archives(Path startup) throws IOException {
    Map<String, FileTime> files = new TreeMap<>();
    if (!Files.isDirectory(startup)) {
      return files;
    }
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(startup)) {
      for (Path entry : entries) {
        files.put(entry.getFileName().toString(), Files.getLastModifiedTime(entry));
      }
    }
    return files;
  }

  private static Path distribution(String extension) throws IOException {
    Path target = HelperSandbox.PROJECT_ROOT.resolve("bootstrap/target");
    try (DirectoryStream<Path> found =
        Files.newDirectoryStream(target, "entire-transport-bootstrap-*-helper-dist." + extension)) {
      for (Path path : found) {
        return path;
      }
    }
    throw new AssertionError("no distribution in " + target + "; run mvn package first");
  }
}
