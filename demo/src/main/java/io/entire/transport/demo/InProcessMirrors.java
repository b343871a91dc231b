package io.entire.transport.demo;

import io.entire.transport.EntireClient;
import io.entire.transport.bootstrap.NoAuthModule;
import io.entire.transport.jgit.EntireJGit;
import io.entire.transport.micrometer.MicrometerEventListener;
import io.entire.transport.testkit.TestCluster;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;

/**
 * The demo's in-process step: mirrors many repositories of the cluster with JGit on one {@link
 * EntireClient} and a pool of {@value #THREADS} threads (no {@code git} process), while a replica
 * fails, then prints the failovers the client's events reported and the meters of the Micrometer
 * module, and checks that every mirror has exactly the cluster's refs.
 *
 * <p>Not thread-safe: one run at a time, on the demo's thread (it swaps JGit's JVM-wide {@code
 * SystemReader} for the run).
 */
final class InProcessMirrors {
  static final int THREADS = 8;

  /** A bound against a hung mirror, not a speed requirement (the step takes a second or two). */
  private static final Duration MIRROR_TIMEOUT = Duration.ofSeconds(120);

  private final PrintStream out;
  private final TestCluster cluster;

  InProcessMirrors(PrintStream out, TestCluster cluster) {
    this.out = out;
    this.cluster = cluster;
  }

  /**
   * Mirrors {@code repositories} (cluster paths) into {@code sandbox/mirrors}, with the client's
   * replica cache in {@code sandbox/jgit-cache}, and prints the step's report.
   *
   * @throws DemoFailure when a mirror fails or its refs differ from the cluster's
   */
  @SuppressWarnings("try") // the sandbox and the registration are only kept open in the block
  void run(List<String> repositories, Path sandbox)
      throws DemoFailure, IOException, InterruptedException {
    Path mirrors = Files.createDirectories(sandbox.resolve("mirrors"));
    Path cacheFile = sandbox.resolve("jgit-cache").resolve("nodes.json");
    MeterRegistry registry = new SimpleMeterRegistry();
    FailoverLog failovers = new FailoverLog();
    long started = System.nanoTime();
    try (SandboxedJGitConfig config =
            SandboxedJGitConfig.install(Files.createDirectories(sandbox.resolve("jgit-home")));
        EntireClient client =
            EntireClient.builder()
                .authentication(new NoAuthModule())
                .cacheFile(cacheFile)
                .eventListener(new MicrometerEventListener(registry))
                .eventListener(failovers)
                .maxConnections(THREADS)
                .build();
        EntireJGit.Registration entire = EntireJGit.register(client)) {
      mirrorAll(repositories, mirrors);
    }
    Duration elapsed = Duration.ofNanos(System.nanoTime() - started);

    List<String> differing = new ArrayList<>();
    for (String repository : repositories) {
      if (!refs(cluster.repository(repository)).equals(refs(mirrorOf(mirrors, repository)))) {
        differing.add(repository);
      }
    }
    report(repositories.size() - differing.size(), repositories.size(), elapsed);
    reportFailovers(failovers);
    out.println("   metrics registered by MicrometerEventListener:");
    MeterReport.lines(registry, "entire.transport.").forEach(line -> out.println("      " + line));
    if (!differing.isEmpty()) {
      throw new DemoFailure("mirrors whose refs differ from the cluster's: " + differing);
    }
  }

  private void mirrorAll(List<String> repositories, Path mirrors)
      throws DemoFailure, InterruptedException {
    ExecutorService threads = Executors.newFixedThreadPool(THREADS);
    try {
      Map<String, Future<Path>> pending = new TreeMap<>();
      for (String repository : repositories) {
        // entire+http: the testkit serves plain http on loopback, which the client allows.
        String url = "entire+" + cluster.entryUrl(repository);
        Path mirror = mirrorOf(mirrors, repository);
        pending.put(repository, threads.submit(() -> mirror(url, mirror)));
      }
      for (Map.Entry<String, Future<Path>> mirror : pending.entrySet()) {
        try {
          mirror.getValue().get(MIRROR_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (ExecutionException e) {
          throw new DemoFailure("mirror of " + mirror.getKey() + " failed: " + e.getCause());
        } catch (TimeoutException e) {
          throw new DemoFailure(
              "mirror of " + mirror.getKey() + " did not finish within " + MIRROR_TIMEOUT);
        }
      }
    } finally {
      threads.shutdownNow();
    }
  }

  private static Path mirror(String url, Path mirror) throws GitAPIException {
    Git.cloneRepository()
        .setURI(url)
        .setMirror(true) // bare, and origin fetches +refs/*:refs/*
        .setDirectory(mirror.toFile())
        .call()
        .close();
    return mirror;
  }

  private static Path mirrorOf(Path mirrors, String repository) {
    return mirrors.resolve(repository + ".git");
  }

  /** Every ref of a bare repository that is not symbolic, by name, with the object it names. */
  private static Map<String, String> refs(Path bareRepository) throws IOException {
    try (Repository repository =
        new FileRepositoryBuilder().setGitDir(bareRepository.toFile()).setMustExist(true).build()) {
      Map<String, String> refs = new TreeMap<>();
      for (Ref ref : repository.getRefDatabase().getRefs()) {
        if (!ref.isSymbolic() && ref.getObjectId() != null) {
          refs.put(ref.getName(), ref.getObjectId().name());
        }
      }
      return refs;
    }
  }

  private void report(int equal, int total, Duration elapsed) {
    out.println(
        "   mirrored: "
            + equal
            + " of "
            + total
            + " repositories, refs equal to the cluster's (JGit, one EntireClient, "
            + THREADS
            + " threads, no git process)");
    out.println(
        String.format(Locale.ROOT, "   elapsed:  %.2f s", elapsed.toNanos() / 1_000_000_000.0));
  }

  private void reportFailovers(FailoverLog failovers) {
    out.println("   failovers reported by the client: " + failovers.total());
    List<String> replicas = cluster.replicaUrls();
    failovers
        .byNode()
        .forEach(
            (node, failures) -> {
              int index = replicas.indexOf(node);
              String name = index < 0 ? node : node + " (replica-" + index + ")";
              out.println(
                  "      "
                      + name
                      + " failed "
                      + failures.count()
                      + " x, "
                      + failures.kind()
                      + ": "
                      + failures.firstReason());
            });
  }
}
