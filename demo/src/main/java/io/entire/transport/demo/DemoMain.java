package io.entire.transport.demo;

import io.entire.transport.testkit.Fault;
import io.entire.transport.testkit.RecordedRequest;
import io.entire.transport.testkit.TestCluster;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code bin/demo}: starts an entry and three replicas serving a generated repository, then runs
 * real git through {@code git-remote-entire}: a clone with one replica down, a commit and push, a
 * fetch while another replica answers 503; then mirrors {@value #MIRRORS} repositories in process
 * with JGit on one client while a replica answers 503 ({@link InProcessMirrors}), and ends with a
 * summary of who served what and which failovers happened. Exits 0 when every step did what it
 * should.
 */
public final class DemoMain {
  private static final String REPO = "et/demo/sample";
  private static final int MIRRORS = 30;
  private static final Pattern NODE_FAILED = Pattern.compile("node (\\S+) failed: (.*)");

  private final PrintStream out;
  private final List<String> failovers = new ArrayList<>();

  private DemoMain(PrintStream out) {
    this.out = out;
  }

  /**
   * Runs the demo.
   *
   * @param args the repository root (where {@code bin/git-remote-entire} lives)
   */
  public static void main(String[] args) throws Exception {
    Path root = Path.of(args.length > 0 ? args[0] : ".").toAbsolutePath().normalize();
    int status = new DemoMain(System.out).run(root);
    System.exit(status);
  }

  private int run(Path root) throws Exception {
    Path launcher = root.resolve("bin/git-remote-entire");
    Path sandbox = Files.createTempDirectory("entire-demo-");
    List<String> mirrored = new ArrayList<>();
    TestCluster.Builder builder = TestCluster.builder().replicas(3).repository(REPO);
    for (int i = 1; i <= MIRRORS; i++) {
      mirrored.add(String.format("et/mirror/repo-%02d", i));
      builder.repository(mirrored.get(i - 1));
    }
    try (TestCluster cluster = builder.start()) {
      DemoShell shell = new DemoShell(sandbox, launcher);
      String url = "entire::" + cluster.entryUrl() + "/" + REPO;
      // Advertise every replica, also the one that is down, so the client has to fail over.
      cluster.replicasHeader(String.join(",", cluster.replicaUrls()));
      out.println("== entire-transport demo");
      out.println("   entry     " + cluster.entryUrl());
      for (int i = 0; i < cluster.replicas().size(); i++) {
        out.println("   replica-" + i + " " + cluster.replicaUrls().get(i));
      }
      out.println("   remote    " + url);

      step("1. clone with replica-1 down (cold path: entry 307 + X-Entire-Replicas)");
      cluster.replica(1).fault(Fault.down());
      DemoShell.Result clone = shell.git(shell.work(), "clone", url, "sample");
      check(clone, "clone");
      Path sample = shell.work().resolve("sample");
      out.println("   cloned: " + firstLine(shell.git(sample, "log", "--oneline", "-1").stdout()));
      out.println("   replica cache: " + shell.cacheFile());
      check(shell.git(shell.work(), "clone", "-q", url, "other"), "second clone");
      out.println("   (also cloned a second working copy, 'other', for step 3)");

      step("2. commit and push (warm path: cached replicas, replica-1 still down)");
      Files.writeString(sample.resolve("DEMO.md"), "pushed through git-remote-entire\n");
      check(shell.git(sample, "add", "DEMO.md"), "add");
      check(shell.git(sample, "commit", "-q", "-m", "Demo commit"), "commit");
      DemoShell.Result push = shell.git(sample, "push", "origin", "HEAD");
      check(push, "push");
      String pushed = shell.git(sample, "rev-parse", "HEAD").stdout().trim();
      out.println("   pushed " + pushed);

      step("3. fetch from the second clone while replica-0 and replica-2 answer 503");
      cluster.replica(1).fault(Fault.none());
      cluster.replica(0).fault(Fault.status(503));
      cluster.replica(2).fault(Fault.status(503));
      Path other = shell.work().resolve("other");
      // The helper starts at a random replica (F1), a failing one with probability 2/3; fetch
      // again (at most 12 times, so all miss with probability (1/3)^12 < 1e-5) until one of them
      // started at a failing replica, so the failover is visible.
      int before = failovers.size();
      for (int attempt = 1; attempt <= 12 && failovers.size() == before; attempt++) {
        check(shell.git(other, "fetch", "origin"), "fetch #" + attempt);
      }
      String branch = shell.git(sample, "rev-parse", "--abbrev-ref", "HEAD").stdout().trim();
      String fetched = shell.git(other, "rev-parse", "origin/" + branch).stdout().trim();
      if (!fetched.equals(pushed)) {
        out.println("FAILED: fetched " + fetched + " but pushed " + pushed);
        return 1;
      }
      out.println("   fetched " + fetched + " (the pushed commit)");

      step(
          "4. mirror "
              + MIRRORS
              + " repositories in process (JGit on one EntireClient) while replica-2 answers 503");
      cluster.replica(0).fault(Fault.none());
      cluster.replica(2).fault(Fault.status(503));
      new InProcessMirrors(out, cluster).run(mirrored, sandbox);

      summary(cluster);
      out.println();
      out.println(
          "OK: clone, push, fetch and "
              + MIRRORS
              + " in-process mirrors succeeded through failovers.");
      return 0;
    } catch (DemoFailure e) {
      out.println("FAILED: " + e.getMessage());
      return 1;
    } finally {
      deleteTree(sandbox);
    }
  }

  private void step(String title) {
    out.println();
    out.println("== " + title);
  }

  private void check(DemoShell.Result result, String what) throws DemoFailure {
    Matcher m = NODE_FAILED.matcher(result.stderr());
    while (m.find()) {
      String failover = what + ": " + m.group(1) + " failed (" + m.group(2).trim() + ")";
      failovers.add(failover);
      out.println("   failover: " + failover);
    }
    if (!result.ok()) {
      throw new DemoFailure(what + " failed (exit " + result.exitCode() + "):\n" + result.stderr());
    }
  }

  private void summary(TestCluster cluster) {
    step("summary: requests served");
    Map<String, Map<String, Integer>> byServer = new TreeMap<>();
    for (RecordedRequest r : cluster.requests()) {
      String kind = r.method() + " " + kindOf(r.path()) + " -> " + r.status();
      byServer.computeIfAbsent(r.server(), s -> new TreeMap<>()).merge(kind, 1, Integer::sum);
    }
    byServer.forEach(
        (server, kinds) -> {
          out.println("   " + server);
          kinds.forEach((kind, n) -> out.println(String.format("      %3d x %s", n, kind)));
        });
    out.println("   failovers seen by the helper: " + failovers.size());
    failovers.forEach(f -> out.println("      " + f));
  }

  private static String kindOf(String path) {
    if (path.endsWith("/info/refs")) {
      return "info/refs";
    }
    int slash = path.lastIndexOf('/');
    return slash < 0 ? path : path.substring(slash + 1);
  }

  private static String firstLine(String s) {
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (var paths = Files.walk(dir)) {
      for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
