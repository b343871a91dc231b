package io.entire.transport.testkit;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;

/**
 * An embedded data plane on loopback: one {@link EntryServer} and N {@link ReplicaServer}s, all
 * serving the same directory of bare repositories through the machine's {@code git http-backend}
 * (so a push to one replica is seen by all). Start one with {@link #builder()}, or in JUnit 5 with
 * {@link TestClusterExtension}.
 *
 * <pre>{@code
 * try (TestCluster cluster = TestCluster.builder().replicas(3).repository("et/org/repo").start()) {
 *   String url = cluster.replica(0).url() + "/et/org/repo";  // git clone url
 *   cluster.replica(1).fault(Fault.down());
 *   cluster.entry().mode(EntryMode.REDIRECT_WITHOUT_REPLICAS);
 * }
 * }</pre>
 *
 * <p>Base URLs have no path ({@code http://127.0.0.1:<port>}); a repository lives at base + {@code
 * /} + its path. Replica responses carry {@code X-Entire-Replicas} (see {@link #replicasHeader()}).
 *
 * <p>Thread-safe: faults, entry mode and the replicas header may be switched from any thread while
 * requests run. The cluster owns its servers, its temporary git home and (unless given with {@link
 * Builder#repositoriesRoot(Path)}) its repositories root; {@link #close()} releases all of them.
 *
 * @since 0.1
 */
public final class TestCluster implements AutoCloseable {

  /** The response header naming the replicas that host a repository. */
  public static final String REPLICAS_HEADER = "X-Entire-Replicas";

  private final ClusterWorkspace workspace;
  private final ClusterServers servers;
  private final EntryServer entry;
  private final AtomicBoolean closed = new AtomicBoolean();

  TestCluster(ClusterWorkspace workspace, ClusterServers servers) {
    this.workspace = workspace;
    this.servers = servers;
    this.entry = servers.entry;
  }

  /** A builder with the defaults: 3 replicas, no repositories, redirecting entry, no auth. */
  public static Builder builder() {
    return new Builder();
  }

  /** The entry base URL, e.g. {@code http://127.0.0.1:40001}. */
  public String entryUrl() {
    return entry.url();
  }

  /** The entry URL of a repository, e.g. {@code http://127.0.0.1:40001/et/org/repo}. */
  public String entryUrl(String repositoryPath) {
    return entry.url() + "/" + BareRepositories.normalize(repositoryPath);
  }

  /** The base URLs of all replicas in index order, down or not. */
  public List<String> replicaUrls() {
    return servers.replicas.stream().map(ReplicaServer::url).toList();
  }

  /** The entry server. */
  public EntryServer entry() {
    return entry;
  }

  /** Replica {@code i}, from 0. */
  public ReplicaServer replica(int i) {
    return servers.replica(i);
  }

  /** All replicas in index order (unmodifiable). */
  public List<ReplicaServer> replicas() {
    return List.copyOf(servers.replicas);
  }

  /** The directory holding the bare repositories that every server serves. */
  public Path repositoriesRoot() {
    return workspace.root();
  }

  /** The directory of a repository, e.g. {@code repository("et/org/repo")}; it may not exist. */
  public Path repository(String path) {
    return workspace.root().resolve(BareRepositories.normalize(path));
  }

  /** Creates a seeded repository (see {@link Builder#repository(String)}) while running. */
  public Path createRepository(String path) {
    return BareRepositories.create(workspace.git(), workspace.root(), path, true, 0);
  }

  /** Creates an empty bare repository while running. */
  public Path createEmptyRepository(String path) {
    return BareRepositories.create(workspace.git(), workspace.root(), path, false, 0);
  }

  /**
   * The cluster's RFC 8693 token endpoint, started by {@link Builder#tokenEndpoint()}.
   *
   * @throws IllegalStateException when the builder did not ask for one
   * @since 0.2
   */
  public TokenExchangeEndpoint tokenEndpoint() {
    return servers.tokenEndpoint();
  }

  /**
   * The directory a client under test should use as {@code XDG_CACHE_HOME} (e.g. in the environment
   * of a {@code git-remote-entire} run): empty at first, owned by the cluster and deleted on close.
   * {@link TestClusterExtension} switches it before each test (see {@link #freshReplicaCache()}).
   *
   * @since 0.2
   */
  public Path xdgCacheHome() {
    return servers.cacheHome.xdgCacheHome();
  }

  /**
   * The replica cache file (K1) of a client using {@link #xdgCacheHome()}: {@code
   * <xdgCacheHome>/entire/nodes.json}, to hand to a library client directly; it may not exist yet.
   *
   * @since 0.2
   */
  public Path replicaCacheFile() {
    return servers.cacheHome.file();
  }

  /**
   * Switches {@link #xdgCacheHome()} to a new, empty directory (deleting the previous one), so what
   * earlier clients cached cannot leak into the next test, and returns the new {@link
   * #replicaCacheFile()}. Not part of {@link #reset()}: the extension calls it per test.
   *
   * @since 0.2
   */
  public Path freshReplicaCache() {
    return servers.cacheHome.fresh();
  }

  /**
   * The CA, trust and client certificates of a {@link Builder#https()} cluster.
   *
   * @throws IllegalStateException when the cluster serves plain http
   * @since 0.2
   */
  public ClusterTls tls() {
    return servers.tls();
  }

  /**
   * A hosts file mapping the {@link LoopbackNames} to loopback, for a child JVM or the helper:
   * {@link LoopbackNames#jvmOption(Path)} in its {@code JAVA_OPTS}.
   *
   * @since 0.2
   */
  public Path hostsFile() {
    return servers.hostsFile;
  }

  /** The isolated git the cluster runs with; handy for tests that run git themselves. */
  public IsolatedGit git() {
    return workspace.git();
  }

  /**
   * The value replicas currently send as {@code X-Entire-Replicas}: by default the base URLs of
   * every replica that is not {@link Fault#down() down} ({@link Fault#downButAdvertised()} ones
   * included), comma-separated in index order (no header when none is left); or the value set with
   * {@link #replicasHeader(String)}; or {@code null} after {@link #replicasHeaderOff()}.
   */
  public String replicasHeader() {
    return servers.replicasHeader.value();
  }

  /**
   * Makes replicas (and the redirecting or serving entry) send {@code value} verbatim, e.g. a
   * poisoned {@code http://127.0.0.2:4711}.
   */
  public void replicasHeader(String value) {
    servers.replicasHeader.fixed(value);
  }

  /** Stops sending {@code X-Entire-Replicas} from every server of the cluster. */
  public void replicasHeaderOff() {
    servers.replicasHeader.off();
  }

  /** Goes back to the live replica list. */
  public void replicasHeaderDefault() {
    servers.replicasHeader.live();
  }

  /** The cluster-wide log: requests of the entry and all replicas, in arrival order. */
  public RequestLog requestLog() {
    return servers.log;
  }

  /** A snapshot of the cluster-wide log. */
  public List<RecordedRequest> requests() {
    return servers.log.requests();
  }

  /** Clears the cluster-wide log and the log of every server. */
  public void clearRequests() {
    servers.clearRequests();
  }

  /**
   * Waits until the cluster as a whole recorded at least {@code count} requests.
   *
   * @throws AssertionError on timeout, listing what was recorded
   */
  public List<RecordedRequest> awaitRequests(int count, Duration timeout) {
    return servers.log.awaitCount(count, timeout);
  }

  /**
   * Restores the configuration the builder gave: no faults (down servers come back on their ports),
   * the builder's entry mode and authorization, the live replicas header, round robin from replica
   * 0, empty logs, and a {@link TokenExchangeEndpoint#reset() reset} token endpoint. Repositories
   * and the replica cache are left as they are.
   */
  public void reset() {
    servers.reset();
  }

  /** Closes all servers (ending hanging requests), and deletes the temporary directories. */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    servers.close();
    workspace.close();
  }

  @Override
  public String toString() {
    return String.format(
        "TestCluster[entry=%s, replicas=%s, root=%s]", entry, servers.replicas, workspace.root());
  }

  /**
   * Configures and starts a {@link TestCluster}. Not thread-safe; {@link #start()} may be called
   * more than once, each call starting an independent cluster with the configuration at that time
   * (the {@link TestClusterExtension} relies on this for per-test clusters): a started cluster
   * keeps no reference to its builder.
   *
   * @since 0.1
   */
  public static final class Builder {
    private final ClusterSettings settings = new ClusterSettings();

    private Builder() {}

    /** How many replicas to start (default 3, at least 1). */
    public Builder replicas(int count) {
      settings.replicas(count);
      return this;
    }

    /**
     * Serves the repositories in {@code root} (created if missing, not deleted on close; existing
     * bare repositories there are reused). Default: a temporary directory deleted on close.
     */
    public Builder repositoriesRoot(Path root) {
      settings.root = Objects.requireNonNull(root, "root");
      return this;
    }

    /**
     * Creates a bare repository at {@code path} (e.g. {@code et/org/repo}) with a small seeded
     * history: branches {@code main} (3 commits, {@code HEAD}) and {@code feature}, annotated tag
     * {@code v1.0}.
     */
    public Builder repository(String path) {
      settings.repositories.seeded(path, 0);
      return this;
    }

    /**
     * Like {@link #repository(String)} plus a commit on {@code main} adding {@code payload.bin} of
     * {@code payloadBytes} pseudo-random (incompressible, deterministic) bytes, for clones of a
     * chosen size.
     */
    public Builder repository(String path, long payloadBytes) {
      settings.repository(path, payloadBytes);
      return this;
    }

    /** Creates an empty bare repository at {@code path} ({@code HEAD} on main, no refs). */
    public Builder emptyRepository(String path) {
      settings.repositories.empty(path);
      return this;
    }

    /** How the entry answers at start (default {@link EntryMode#REDIRECT_WITH_REPLICAS}). */
    public Builder entryMode(EntryMode mode) {
      settings.entryMode = Objects.requireNonNull(mode, "mode");
      return this;
    }

    /** Every server requires {@code Authorization: Bearer <token>}. */
    public Builder requireBearer(String token) {
      settings.authorize(AuthorizationRule.bearer(token));
      return this;
    }

    /** Every server requires HTTP Basic credentials {@code user:password}. */
    public Builder requireBasic(String user, String password) {
      settings.authorize(AuthorizationRule.basic(user, password));
      return this;
    }

    /**
     * Every server requires an {@code Authorization} header accepted by {@code check} (given the
     * whole header value); missing or rejected answers 401.
     */
    public Builder requireAuthorization(Predicate<String> check) {
      settings.authorize(AuthorizationRule.custom(Objects.requireNonNull(check, "check")));
      return this;
    }

    /**
     * Starts an RFC 8693 {@link TokenExchangeEndpoint} with the cluster ({@link
     * TestCluster#tokenEndpoint()}) and makes every server require {@code Authorization: Bearer}
     * with a token it minted, unexpired, for the repository of the request (the path of the
     * exchange's {@code audience}) and its action ({@code repo:push} for receive-pack, {@code
     * repo:pull} for upload-pack). A later {@code require...} call replaces that rule; the endpoint
     * still starts.
     *
     * @since 0.2
     */
    public Builder tokenEndpoint() {
      settings.tokenEndpoint = true;
      settings.requireExchanged = true;
      settings.authorization = null;
      return this;
    }

    /**
     * Every server (entry, replicas, token endpoint) serves https (TLS 1.2, 1.3) with a certificate
     * from a CA made for this cluster at {@link #start()}: see {@link TestCluster#tls()}.
     *
     * @since 0.2
     */
    public Builder https() {
      settings.https = true;
      return this;
    }

    /**
     * {@link #https()}, and the entry and replicas require a client certificate from the cluster's
     * CA, e.g. {@link ClusterTls#clientCertificate()}; the token endpoint only asks for one.
     *
     * @since 0.2
     */
    public Builder requireClientCertificate() {
      settings.https = true;
      settings.clientCertificates = true;
      return this;
    }

    /**
     * URLs and the replicas header name the servers {@code r0.cluster.test} etc. (see {@link
     * LoopbackNames}, which also says how a JVM resolves them) instead of the bind address.
     *
     * @since 0.2
     */
    public Builder loopbackNames() {
      settings.names = true;
      return this;
    }

    /** The address every server binds and puts into its URL (default {@code 127.0.0.1}). */
    public Builder host(String bindAddress) {
      settings.host = Objects.requireNonNull(bindAddress, "bindAddress");
      return this;
    }

    /**
     * Creates the repositories and starts the servers.
     *
     * @throws IllegalStateException when git or {@code git http-backend} is missing or a repository
     *     cannot be created
     * @throws UncheckedIOException when a server cannot bind or a directory cannot be created
     */
    public TestCluster start() {
      return settings.start();
    }
  }
}
