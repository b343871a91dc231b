import io.entire.transport.EntireClient;
import io.entire.transport.EntireSession;
import io.entire.transport.application.port.in.TransportConfig;
import io.entire.transport.bootstrap.EntireTransport;
import io.entire.transport.bootstrap.EntireTransports;
import io.entire.transport.bootstrap.TokenExchangeAuthModule;
import io.entire.transport.bootstrap.TransportModule;
import io.entire.transport.domain.GitService;
import io.entire.transport.testkit.TestCluster;
import io.entire.transport.testkit.TestServer;
import io.entire.transport.testkit.TokenExchangeEndpoint;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * Issue 10's benchmark: many repositories on one testkit cluster, several threads, one {@code
 * infoRefs} each, through one shared {@link EntireClient} and through one {@link
 * EntireTransports#open} per repository, in the same run; then the cost of an idle session.
 *
 * <p>Run it with {@code bench/client.sh} (it builds the jars when they are missing). Settings come
 * from the environment: BENCH_REPOS (1000), BENCH_THREADS (8), BENCH_POOL (8), BENCH_SESSIONS
 * (100000).
 */
public class ClientBench {
  private static final String LOGIN_TOKEN = "bench-login-token";

  record Result(
      String name,
      double seconds,
      int peakSockets,
      long heapBytes,
      int exchanges,
      int failures) {}

  public static void main(String[] args) throws Exception {
    int repos = intEnv("BENCH_REPOS", 1000);
    int threads = intEnv("BENCH_THREADS", 8);
    int pool = intEnv("BENCH_POOL", 8);
    int sessions = intEnv("BENCH_SESSIONS", 100_000);
    Path work = Files.createTempDirectory("entire-client-bench");
    try (TokenExchangeEndpoint tokens = TokenExchangeEndpoint.start()) {
      tokens.requireSubjectToken(LOGIN_TOKEN);
      try (TestCluster cluster =
          TestCluster.builder()
              .replicas(3)
              .repositoriesRoot(work.resolve("repos"))
              .repository("et/bench/r0")
              .requireAuthorization(tokens::accepts)
              .start()) {
        List<String> paths = copies(cluster, repos);
        System.out.printf(
            "== %d repositories on a 3-replica testkit cluster, %d threads, one infoRefs each,"
                + " token exchange (RFC 8693); shared client pool %d%n",
            repos, threads, pool);
        Set<Integer> ports = ports(cluster);
        // Warm up both paths (class loading, JIT) on a few repositories first.
        List<String> warmUp = paths.subList(0, Math.min(20, paths.size()));
        shared(cluster, tokens, warmUp, threads, pool, work.resolve("w1"), ports);
        separate(cluster, tokens, warmUp, threads, work.resolve("w2"), ports);
        Result separate = separate(cluster, tokens, paths, threads, work.resolve("c2"), ports);
        Result shared = shared(cluster, tokens, paths, threads, pool, work.resolve("c1"), ports);
        print(shared, separate);
        idleSessions(cluster, tokens, sessions, work.resolve("c3"));
      }
    } finally {
      try (Stream<Path> files = Files.walk(work)) {
        files.sorted(Collections.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  private static List<String> copies(TestCluster cluster, int repos) throws IOException {
    Path seed = cluster.repository("et/bench/r0");
    List<String> paths = new ArrayList<>();
    paths.add("/et/bench/r0");
    for (int i = 1; i < repos; i++) {
      Path copy = cluster.repository("et/bench/r" + i);
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
      paths.add("/et/bench/r" + i);
    }
    return paths;
  }

  private static Result shared(
      TestCluster cluster,
      TokenExchangeEndpoint tokens,
      List<String> paths,
      int threads,
      int pool,
      Path cacheDir,
      Set<Integer> ports)
      throws Exception {
    long heapBefore = heapAfterGc();
    int exchangesBefore = tokens.exchanges();
    EntireClient client =
        EntireClient.builder()
            .authentication(
                new TokenExchangeAuthModule(URI.create(tokens.tokenUrl()), LOGIN_TOKEN))
            .cacheFile(cacheDir.resolve("nodes.json"))
            .maxConnections(pool)
            .build();
    List<EntireSession> open = Collections.synchronizedList(new ArrayList<>());
    SocketSampler sockets = new SocketSampler(ports);
    long start = System.nanoTime();
    int failures =
        run(
            paths,
            threads,
            path -> {
              EntireSession session = client.open(cluster.entryUrl() + path);
              open.add(session);
              return session.infoRefs(GitService.UPLOAD_PACK);
            });
    double seconds = (System.nanoTime() - start) / 1e9;
    int peak = sockets.stop();
    long heap = heapAfterGc() - heapBefore; // sessions still open, as a mirror keeps them
    int exchanges = tokens.exchanges() - exchangesBefore;
    open.forEach(EntireSession::close);
    client.close();
    return new Result("one EntireClient", seconds, peak, heap, exchanges, failures);
  }

  private static Result separate(
      TestCluster cluster,
      TokenExchangeEndpoint tokens,
      List<String> paths,
      int threads,
      Path cacheDir,
      Set<Integer> ports)
      throws Exception {
    long heapBefore = heapAfterGc();
    int exchangesBefore = tokens.exchanges();
    List<EntireTransport> open = Collections.synchronizedList(new ArrayList<>());
    SocketSampler sockets = new SocketSampler(ports);
    long start = System.nanoTime();
    int failures =
        run(
            paths,
            threads,
            path -> {
              TransportConfig config =
                  TransportConfig.builder().entryUrl(cluster.entryUrl()).repoPath(path).build();
              EntireTransport transport =
                  EntireTransports.open(
                      new TransportModule(config, cacheDir.resolve("nodes.json")),
                      new TokenExchangeAuthModule(URI.create(tokens.tokenUrl()), LOGIN_TOKEN));
              open.add(transport);
              return transport.infoRefs(GitService.UPLOAD_PACK);
            });
    double seconds = (System.nanoTime() - start) / 1e9;
    int peak = sockets.stop();
    long heap = heapAfterGc() - heapBefore;
    int exchanges = tokens.exchanges() - exchangesBefore;
    open.forEach(EntireTransport::close);
    return new Result(
        paths.size() + " EntireTransports.open", seconds, peak, heap, exchanges, failures);
  }

  interface Call {
    InputStream run(String path) throws IOException;
  }

  /** Runs one call per path on {@code threads} threads; returns how many failed. */
  private static int run(List<String> paths, int threads, Call call) throws Exception {
    ExecutorService executor = Executors.newFixedThreadPool(threads);
    AtomicInteger failures = new AtomicInteger();
    List<Future<?>> futures = new ArrayList<>();
    for (String path : paths) {
      futures.add(
          executor.submit(
              () -> {
                try (InputStream refs = call.run(path)) {
                  refs.readAllBytes();
                } catch (IOException | RuntimeException e) {
                  if (failures.getAndIncrement() == 0) {
                    System.err.println("first failure: " + e);
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

  private static void idleSessions(
      TestCluster cluster, TokenExchangeEndpoint tokens, int count, Path cacheDir)
      throws Exception {
    try (EntireClient client =
        EntireClient.builder()
            .authentication(
                new TokenExchangeAuthModule(URI.create(tokens.tokenUrl()), LOGIN_TOKEN))
            .cacheFile(cacheDir.resolve("nodes.json"))
            .build()) {
      String url = cluster.entryUrl() + "/et/bench/r0";
      for (int i = 0; i < 20_000; i++) {
        client.open(url).close(); // warm-up
      }
      EntireSession[] open = new EntireSession[count];
      long heapBefore = heapAfterGc();
      long start = System.nanoTime();
      for (int i = 0; i < count; i++) {
        open[i] = client.open(url);
      }
      double micros = (System.nanoTime() - start) / 1e3 / count;
      long bytes = (heapAfterGc() - heapBefore) / count;
      System.out.printf(
          "== idle sessions: %d opened, %.2f µs per open on average (target ≤ 20 µs),"
              + " %d bytes of heap each (target ≤ 2048)%n",
          count, micros, bytes);
      for (EntireSession session : open) {
        session.close();
      }
    }
  }

  private static void print(Result shared, Result separate) {
    System.out.printf(
        "%-28s %10s %14s %16s %16s %9s%n",
        "", "wall (s)", "peak sockets", "heap after GC", "token exchanges", "failures");
    for (Result r : List.of(shared, separate)) {
      System.out.printf(
          "%-28s %10.2f %14d %13.1f MiB %16d %9d%n",
          r.name(), r.seconds(), r.peakSockets(), r.heapBytes() / 1048576.0, r.exchanges(),
          r.failures());
    }
    System.out.printf(
        "ratio: the shared client is %.1fx faster, %.1fx fewer peak sockets, %.1fx less heap%n",
        separate.seconds() / shared.seconds(),
        separate.peakSockets() / (double) Math.max(1, shared.peakSockets()),
        separate.heapBytes() / (double) Math.max(1, shared.heapBytes()));
  }

  private static long heapAfterGc() throws InterruptedException {
    for (int i = 0; i < 3; i++) {
      System.gc();
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  private static Set<Integer> ports(TestCluster cluster) {
    Set<Integer> ports = new HashSet<>();
    ports.add(cluster.entry().port());
    for (TestServer replica : cluster.replicas()) {
      ports.add(replica.port());
    }
    return ports;
  }

  private static int intEnv(String name, int fallback) {
    String value = System.getenv(name);
    return value == null || value.isBlank() ? fallback : Integer.parseInt(value.strip());
  }

  /**
   * Samples, every 5 ms, how many client sockets this process holds open to the cluster's ports:
   * the TCP connections of /proc/net/tcp* whose remote port is a cluster port (the servers' own
   * sockets have it as their local port) in state ESTABLISHED or CLOSE_WAIT, counted only when one
   * of this process's file descriptors still refers to them. Reading the table is not atomic, so a
   * connection closed while it is read would otherwise be counted next to its successor.
   */
  static final class SocketSampler {
    private final Set<Integer> ports;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicInteger peak = new AtomicInteger();
    private final Thread thread;

    SocketSampler(Set<Integer> ports) {
      this.ports = ports;
      this.thread = new Thread(this::loop, "socket-sampler");
      thread.setDaemon(true);
      thread.start();
    }

    private void loop() {
      while (running.get()) {
        peak.accumulateAndGet(count(), Math::max);
        try {
          Thread.sleep(5); // a sampling interval, not synchronisation
        } catch (InterruptedException e) {
          return;
        }
      }
    }

    int stop() throws InterruptedException {
      peak.accumulateAndGet(count(), Math::max);
      running.set(false);
      thread.join();
      return peak.get();
    }

    private int count() {
      Set<String> clientSockets = new HashSet<>();
      for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
        try {
          for (String line : Files.readAllLines(Path.of(table))) {
            String[] f = line.trim().split("\\s+");
            if (f.length < 4 || f[0].equals("sl")) {
              continue;
            }
            String remote = f[2];
            int port = Integer.parseInt(remote.substring(remote.indexOf(':') + 1), 16);
            if (ports.contains(port) && (f[3].equals("01") || f[3].equals("08"))) {
              clientSockets.add("socket:[" + f[9] + "]");
            }
          }
        } catch (IOException | RuntimeException e) {
          // A table that is missing (no IPv6) or changes under us counts as empty.
        }
      }
      int n = 0;
      try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
        for (Path fd : (Iterable<Path>) fds::iterator) {
          try {
            if (clientSockets.contains(Files.readSymbolicLink(fd).toString())) {
              n++;
            }
          } catch (IOException e) {
            // Closed while listed: no longer open.
          }
        }
      } catch (IOException e) {
        return 0;
      }
      return n;
    }
  }
}
