import io.entire.transport.EntireClient;
import io.entire.transport.EntireSession;
import io.entire.transport.bootstrap.StaticTokenAuthModule;
import io.entire.transport.domain.GitService;
import io.entire.transport.jgit.EntireJGit;
import io.entire.transport.testkit.IsolatedGit;
import io.entire.transport.testkit.TestCluster;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;

/**
 * Issue 11's benchmark: mirroring many small repositories in process with JGit on one {@link
 * EntireClient} ({@link EntireJGit#register}, {@code entire+http://} URLs) against one {@code git}
 * process per repository over git's own http transport, in one run, against one testkit cluster;
 * then one large clone, JGit against git.
 *
 * <p>The cluster has one replica, so both sides are served by the same {@code git http-backend}
 * behind the same server: JGit enters through the cluster's entry URL (one 307 per repository on
 * its first request, then the replica from the client's replica cache), native git talks to the
 * replica URL directly (git does not know the cluster). Both send the same bearer token; git gets
 * it through {@code GIT_CONFIG_*} variables, never on a command line.
 *
 * <p>Phases, each timed as a whole: (a) full sync, a mirror clone of every repository; (b) a no-op
 * sync, a fetch of every mirror with nothing changed; (c) an incremental sync after a new commit
 * was written, with {@code git} on the server side, into some of the cluster's bare repositories.
 * Every mirror is checked against the server after each phase (not timed).
 *
 * <p>Run it with {@code bench/jgit.sh}. Settings come from the environment: BENCH_REPOS (100),
 * BENCH_PARALLEL (8), BENCH_CHANGED (10), BENCH_CLONE_MB (64; 0 skips the large clone), BENCH_POOL
 * (the client's connection pool; default: the client's default of 64).
 *
 * <p>A JGit clone or fetch holds two of the pool's connections at once (a single clone on a pool of
 * 1 waits out the pool's timeout and fails), so a pool smaller than twice BENCH_PARALLEL can stall.
 *
 * <p>Also printed: the server floor of the no-op sync, the same number of requests made as plain
 * {@code infoRefs} GETs through the client. Every request to a replica costs a {@code git
 * http-backend} and a {@code git upload-pack} process on the server, the same for both sides, so no
 * client can sync faster than that floor against this server.
 */
public class JGitBench {
  private static final String TOKEN = "jgit-bench-token";
  private static final String SEED = "et/bench/seed";
  private static final String LARGE = "et/bench/large";
  private static final int WARM_UP = 8;

  /** One timed phase: seconds, failed repositories and requests to the cluster, per side. */
  record Phase(
      String name,
      double inProcess,
      int inProcessFailures,
      int inProcessRequests,
      double nativeGit,
      int nativeFailures,
      int nativeRequests) {}

  interface Job {
    void run(String repo) throws Exception;
  }

  public static void main(String[] args) throws Exception {
    int repos = intEnv("BENCH_REPOS", 100);
    int parallel = intEnv("BENCH_PARALLEL", 8);
    int changed = Math.min(repos, intEnv("BENCH_CHANGED", 10));
    int cloneMb = intEnv("BENCH_CLONE_MB", 64);
    // The client's default pool (64) unless BENCH_POOL says otherwise.
    int pool = intEnv("BENCH_POOL", 0);
    Path work = Files.createTempDirectory("entire-jgit-bench");
    TestCluster.Builder builder =
        TestCluster.builder()
            .replicas(1)
            .repositoriesRoot(work.resolve("repos"))
            .repository(SEED)
            .requireBearer(TOKEN);
    if (cloneMb > 0) {
      builder.repository(LARGE, cloneMb * 1024L * 1024L);
    }
    try (TestCluster cluster = builder.start();
        IsolatedGit server = IsolatedGit.withHome(work.resolve("server-home"));
        IsolatedGit client =
            IsolatedGit.withHome(work.resolve("client-home"))
                // git's http transport sends the bearer; environment, not argv (ps shows argv).
                .withEnv("GIT_CONFIG_COUNT", "1")
                .withEnv("GIT_CONFIG_KEY_0", "http.extraHeader")
                .withEnv("GIT_CONFIG_VALUE_0", "Authorization: Bearer " + TOKEN);
        EntireClient entire = client(work, pool);
        EntireJGit.Registration registration = EntireJGit.register(entire)) {
      List<String> all = copies(cluster, WARM_UP + repos);
      List<String> warm = all.subList(0, WARM_UP);
      List<String> paths = all.subList(WARM_UP, all.size());
      String replica = cluster.replica(0).url();
      System.out.printf(
          "== %d small repositories (3 commits on main, a feature branch, a tag) on a 1-replica"
              + " testkit cluster, %d in parallel; in process: JGit %s on one EntireClient"
              + " (entire+http:// entry URL); native: %s processes on the replica URL%n",
          repos, parallel, jgitVersion(), gitVersion(client));

      Path jgitDir = work.resolve("jgit");
      Path gitDir = work.resolve("git");
      Job jgitClone =
          repo ->
              Git.cloneRepository()
                  .setURI(cluster.entryUrl(repo).replaceFirst("^http://", "entire+http://"))
                  .setMirror(true)
                  .setDirectory(mirror(jgitDir, repo))
                  .call()
                  .close();
      Job jgitFetch =
          repo -> {
            try (Git git = Git.open(mirror(jgitDir, repo))) {
              git.fetch().call();
            }
          };
      Job gitClone =
          repo ->
              git(
                  client,
                  null,
                  "clone",
                  "--mirror",
                  "-q",
                  replica + "/" + repo,
                  mirror(gitDir, repo).toString());
      Job gitFetch = repo -> git(client, mirror(gitDir, repo).toPath(), "fetch", "-q");

      // Warm up both sides (class loading and JIT; git's and the server's files in the page cache).
      run(warm, parallel, jgitClone);
      run(warm, parallel, jgitFetch);
      run(warm, parallel, gitClone);
      run(warm, parallel, gitFetch);

      List<Phase> phases = new ArrayList<>();
      phases.add(phase(cluster, "full sync (mirror clone)", paths, parallel, jgitClone, gitClone));
      verify(cluster, paths, jgitDir, gitDir);
      phases.add(phase(cluster, "no-op sync (fetch)", paths, parallel, jgitFetch, gitFetch));
      verify(cluster, paths, jgitDir, gitDir);
      double floor = serverFloor(cluster, entire, paths, parallel, phases.get(1));
      List<String> touched = new ArrayList<>();
      for (int i = 0; i < changed; i++) {
        touched.add(paths.get(i * paths.size() / changed));
      }
      for (String repo : touched) {
        commitOnServer(server, cluster.repository(repo), work.resolve("index-" + repo.hashCode()));
      }
      phases.add(
          phase(
              cluster,
              "incremental sync (" + changed + " changed)",
              paths,
              parallel,
              jgitFetch,
              gitFetch));
      verify(cluster, paths, jgitDir, gitDir);
      print(phases);
      System.out.printf(
          "server floor of the no-op sync: %.2f s for the same number of requests without any git"
              + " work on the client (EntireClient infoRefs GETs); floor/native %.2f%n",
          floor, floor / phases.get(1).nativeGit());
      if (cloneMb > 0) {
        largeClone(cluster, server, client, cloneMb, work);
      }
    } finally {
      delete(work);
    }
  }

  private static EntireClient client(Path work, int pool) {
    EntireClient.Builder builder =
        EntireClient.builder()
            .authentication(new StaticTokenAuthModule(TOKEN))
            .cacheFile(work.resolve("client-cache/nodes.json"));
    if (pool > 0) {
      builder.maxConnections(pool);
    }
    return builder.build();
  }

  /** Runs one phase on both sides, in process first. */
  private static Phase phase(
      TestCluster cluster,
      String name,
      List<String> paths,
      int parallel,
      Job inProcess,
      Job nativeGit)
      throws Exception {
    cluster.clearRequests();
    long start = System.nanoTime();
    int jgitFailures = run(paths, parallel, inProcess);
    double jgitSeconds = (System.nanoTime() - start) / 1e9;
    int jgitRequests = cluster.requestLog().size();
    cluster.clearRequests();
    start = System.nanoTime();
    int gitFailures = run(paths, parallel, nativeGit);
    double gitSeconds = (System.nanoTime() - start) / 1e9;
    int gitRequests = cluster.requestLog().size();
    return new Phase(
        name, jgitSeconds, jgitFailures, jgitRequests, gitSeconds, gitFailures, gitRequests);
  }

  private static void largeClone(
      TestCluster cluster, IsolatedGit server, IsolatedGit client, int cloneMb, Path work)
      throws Exception {
    // Pack once so both sides are served the same way (no per-clone compression of loose data).
    requireOk(server.run(cluster.repository(LARGE), "repack", "-adq"), "repack");
    long start = System.nanoTime();
    git(
        client,
        null,
        "clone",
        "-q",
        cluster.replica(0).url() + "/" + LARGE,
        work.resolve("large-git").toString());
    double gitSeconds = (System.nanoTime() - start) / 1e9;
    start = System.nanoTime();
    Git.cloneRepository()
        .setURI(cluster.entryUrl(LARGE).replaceFirst("^http://", "entire+http://"))
        .setDirectory(work.resolve("large-jgit").toFile())
        .call()
        .close();
    double jgitSeconds = (System.nanoTime() - start) / 1e9;
    ObjectId expected = serverRef(cluster.repository(LARGE), "refs/heads/main");
    ObjectId got = serverRef(work.resolve("large-jgit/.git"), "refs/remotes/origin/main");
    if (!expected.equals(got)) {
      throw new IllegalStateException("the JGit clone of " + LARGE + " is not the server's main");
    }
    System.out.printf(
        "clone %d MiB, checkout included     JGit %7.2f s   git %7.2f s   JGit/git %.2f%n",
        cloneMb, jgitSeconds, gitSeconds, jgitSeconds / gitSeconds);
  }

  /**
   * The testkit's share of a no-op sync: as many requests per repository as the no-op sync sent
   * (each one a {@code git http-backend} and {@code git upload-pack} process on the server), made
   * as plain {@code infoRefs} GETs through the client, so nothing runs on the client side but the
   * HTTP exchange. No client, in process or not, can sync faster than this against this server.
   */
  private static double serverFloor(
      TestCluster cluster, EntireClient client, List<String> paths, int parallel, Phase noOp)
      throws Exception {
    int perRepository = Math.max(1, noOp.nativeRequests() / paths.size());
    long start = System.nanoTime();
    int failures =
        run(
            paths,
            parallel,
            repo -> {
              try (EntireSession session = client.open(cluster.entryUrl(repo))) {
                for (int i = 0; i < perRepository; i++) {
                  try (InputStream refs = session.infoRefs(GitService.UPLOAD_PACK)) {
                    refs.readAllBytes();
                  }
                }
              }
            });
    if (failures > 0) {
      throw new IllegalStateException(failures + " repositories failed the server-floor run");
    }
    return (System.nanoTime() - start) / 1e9;
  }

  /** Runs one job per repository on {@code parallel} threads; returns how many failed. */
  private static int run(List<String> paths, int parallel, Job job) throws Exception {
    ExecutorService executor = Executors.newFixedThreadPool(parallel);
    AtomicInteger failures = new AtomicInteger();
    List<Future<?>> futures = new ArrayList<>();
    for (String path : paths) {
      futures.add(
          executor.submit(
              () -> {
                try {
                  job.run(path);
                } catch (Exception e) {
                  if (failures.getAndIncrement() == 0) {
                    System.err.println("first failure (" + path + "): " + e);
                  }
                }
                return null;
              }));
    }
    for (Future<?> future : futures) {
      future.get();
    }
    executor.shutdown();
    executor.awaitTermination(1, TimeUnit.MINUTES);
    return failures.get();
  }

  /** Checks that every mirror's main is the server's (not timed). */
  private static void verify(TestCluster cluster, List<String> paths, Path jgitDir, Path gitDir)
      throws IOException {
    int wrong = 0;
    for (String repo : paths) {
      ObjectId expected = serverRef(cluster.repository(repo), "refs/heads/main");
      for (Path side : List.of(jgitDir, gitDir)) {
        if (!expected.equals(serverRef(mirror(side, repo).toPath(), "refs/heads/main"))) {
          wrong++;
        }
      }
    }
    if (wrong > 0) {
      System.err.println("!! " + wrong + " mirrors differ from the server's main");
    }
  }

  /**
   * A new commit on the bare repository's main adding one file, written with git's plumbing on the
   * server side (a private index file; the repository has no work tree).
   */
  private static void commitOnServer(IsolatedGit server, Path bare, Path index) throws IOException {
    IsolatedGit git = server.withEnv("GIT_INDEX_FILE", index.toString());
    Path content =
        Files.writeString(
            index.resolveSibling(index.getFileName() + ".txt"),
            "changed at " + System.nanoTime() + "\n",
            StandardCharsets.UTF_8);
    String blob = requireOk(git.run(bare, "hash-object", "-w", content.toString()), "hash-object");
    requireOk(git.run(bare, "read-tree", "main"), "read-tree");
    requireOk(
        git.run(bare, "update-index", "--add", "--cacheinfo", "100644," + blob + ",changed.txt"),
        "update-index");
    String tree = requireOk(git.run(bare, "write-tree"), "write-tree");
    String commit =
        requireOk(git.run(bare, "commit-tree", tree, "-p", "main", "-m", "bench change"), "commit");
    requireOk(git.run(bare, "update-ref", "refs/heads/main", commit), "update-ref");
  }

  private static String requireOk(IsolatedGit.Result result, String what) {
    if (result.exitCode() != 0) {
      throw new IllegalStateException("server-side git " + what + " failed: " + result.stderr());
    }
    return result.stdout().trim();
  }

  /** Runs native git as one process, its output discarded; throws when it fails. */
  private static void git(IsolatedGit client, Path workDir, String... args) throws Exception {
    ProcessBuilder builder = client.processBuilder(workDir, List.of(args));
    builder.redirectOutput(ProcessBuilder.Redirect.DISCARD);
    builder.redirectError(ProcessBuilder.Redirect.PIPE);
    Process process = builder.start();
    process.getOutputStream().close();
    String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    if (process.waitFor() != 0) {
      throw new IOException("git " + String.join(" ", args) + " failed: " + err.strip());
    }
  }

  private static File mirror(Path side, String repo) {
    return side.resolve(repo + ".git").toFile();
  }

  private static ObjectId serverRef(Path gitDir, String ref) throws IOException {
    try (Repository repository = new FileRepositoryBuilder().setGitDir(gitDir.toFile()).build()) {
      Ref found = repository.exactRef(ref);
      return found == null ? null : found.getObjectId();
    }
  }

  /** {@code count} copies of the seeded repository, made by copying its directory (fast). */
  private static List<String> copies(TestCluster cluster, int count) throws IOException {
    Path seed = cluster.repository(SEED);
    List<String> paths = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String path = "et/bench/r" + i;
      Path copy = cluster.repository(path);
      try (Stream<Path> files = Files.walk(seed)) {
        for (Path file : (Iterable<Path>) files::iterator) {
          Path target = copy.resolve(seed.relativize(file).toString());
          if (Files.isDirectory(file)) {
            Files.createDirectories(target);
          } else {
            Files.copy(file, target);
          }
        }
      }
      paths.add(path);
    }
    return paths;
  }

  private static void print(List<Phase> phases) {
    System.out.printf(
        "%-32s %15s %11s %18s %10s %10s%n",
        "", "in process (s)", "native (s)", "in-process/native", "failures", "requests");
    for (Phase p : phases) {
      System.out.printf(
          "%-32s %15.2f %11.2f %18.2f %10s %10s%n",
          p.name(),
          p.inProcess(),
          p.nativeGit(),
          p.inProcess() / p.nativeGit(),
          p.inProcessFailures() + "/" + p.nativeFailures(),
          p.inProcessRequests() + "/" + p.nativeRequests());
    }
  }

  private static String jgitVersion() {
    String version = Git.class.getPackage().getImplementationVersion();
    return version == null ? "" : version;
  }

  private static String gitVersion(IsolatedGit git) {
    return git.run(null, "--version").stdout().trim();
  }

  private static void delete(Path dir) throws IOException {
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Collections.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }

  private static int intEnv(String name, int fallback) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? fallback : Integer.parseInt(value.strip());
  }
}
