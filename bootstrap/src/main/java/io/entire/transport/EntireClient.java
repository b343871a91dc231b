package io.entire.transport;

import io.entire.transport.adapters.http.ApacheHttpExchange;
import io.entire.transport.adapters.http.HttpSettings;
import io.entire.transport.application.port.in.Cancellation;
import io.entire.transport.application.port.in.LowSpeedLimit;
import io.entire.transport.application.port.in.TransportConfig;
import io.entire.transport.application.port.out.CredentialPort;
import io.entire.transport.application.port.out.TransportEventListener;
import io.entire.transport.application.service.ClientParts;
import io.entire.transport.domain.FailoverPolicy;
import io.entire.transport.domain.UserAgent;
import java.io.Closeable;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client of a replicated git data plane (DESIGN §9, L1): built once, shared by every thread,
 * and the maker of cheap per-repository {@linkplain EntireSession sessions}.
 *
 * <pre>{@code
 * try (EntireClient client = EntireClient.builder()
 *         .authentication(new StaticTokenAuthModule(token))
 *         .build();
 *     EntireSession repo = client.open("https://eu.example.dev/et/acme/widgets");
 *     InputStream refs = repo.infoRefs(GitService.UPLOAD_PACK)) {
 *   ...
 * }
 * }</pre>
 *
 * <p>A client owns the one HTTP connection pool, the TLS settings, the credential adapter (and so
 * its token cache), the replica cache (read from its file once, written back under the file's lock)
 * and the event listeners; every session of the client shares them (L3).
 *
 * <p><b>Thread-safety</b>: thread-safe. A session is used by one thread at a time.
 *
 * <p><b>Who closes what</b>: the creator closes the client, once no session is in use. {@link
 * #close()} aborts calls still in flight (they fail with {@link
 * io.entire.transport.domain.TransportCancelledException}), releases every socket, thread and file
 * it opened and closes the credential adapter it made; sessions opened on it become unusable.
 *
 * @since 0.2
 */
public final class EntireClient implements Closeable {
  private static final Logger log = LoggerFactory.getLogger(EntireClient.class);

  private final Authentication authentication;
  private final ConnectionSettings connection;
  private final ApacheHttpExchange http;
  private final CredentialPort credentials;
  private final ClientParts parts;
  private final CallWatchdog watchdog = new CallWatchdog();
  private final Cancellation closing = new Cancellation();
  private final AtomicBoolean closed = new AtomicBoolean();

  private EntireClient(Builder builder) {
    this.authentication = builder.authentication;
    this.connection = builder.connection();
    this.http = new ApacheHttpExchange(connection.http());
    this.credentials =
        ClientWiring.credentials(authentication, connection, http, ClientWiring.CLOCK);
    this.parts =
        ClientWiring.parts(
            connection,
            http,
            credentials,
            builder.cacheFile,
            builder.listeners,
            builder.hedgeDelay);
  }

  /**
   * Returns a builder with the defaults: no authentication chosen yet (required), the replica cache
   * file of K1, connect timeout 2 s, read timeout 60 s, no low-speed limit, https only (plain http
   * to loopback hosts), TLS verified, User-Agent {@code entire-transport}, a pool of 64
   * connections.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Opens a session for one repository (L2). Does no network I/O and creates no thread, socket or
   * file descriptor: the first call of the session does.
   *
   * @param repositoryUrl {@code https://host[:port]/path}, {@code entire://host[:port]/path}
   *     (https), {@code entire::https://host[:port]/path}, or {@code http://host[:port]/path} for a
   *     loopback host (any host with {@link Builder#allowHttp(boolean)}); the trust domain (R3) is
   *     the URL's host
   * @return the session; close it when done (it never closes the client)
   * @throws IllegalArgumentException when the URL is not acceptable, naming what is wrong
   * @throws IllegalStateException when the client is closed
   */
  public EntireSession open(String repositoryUrl) {
    RepositoryUrl url = RepositoryUrl.parse(repositoryUrl, connection.allowHttp());
    return open(url.applyTo(configBuilder()).build());
  }

  /**
   * Opens a session described by a full configuration, for what a URL cannot say: replicas known up
   * front, another trust-domain root, a node-failed listener, the session's cancellation handle.
   * Does no network I/O.
   *
   * @param config the repository; its connection settings (timeouts, TLS, allow-http, User-Agent,
   *     low-speed limit) must be this client's: start from {@link #configBuilder()}
   * @return the session; close it when done (it never closes the client)
   * @throws IllegalArgumentException when a connection setting of {@code config} differs from the
   *     client's, naming it
   * @throws IllegalStateException when the client is closed
   */
  public EntireSession open(TransportConfig config) {
    Objects.requireNonNull(config, "config");
    requireOpen();
    connection.requireSameAs(config);
    return new EntireSession(config, this);
  }

  /**
   * A configuration builder with this client's connection settings, for {@link
   * #open(TransportConfig)}.
   *
   * @return a new builder (not thread-safe)
   * @since 0.2
   */
  public TransportConfig.Builder configBuilder() {
    return connection.configBuilder();
  }

  /** The parts every session shares (L3). */
  ClientParts parts() {
    return parts;
  }

  /** Watches the calls of every session for interrupts and deadlines (L6). */
  CallWatchdog watchdog() {
    return watchdog;
  }

  /** Cancelled when the client closes: every call in flight links to it. */
  Cancellation closing() {
    return closing;
  }

  /** Throws when the client is closed. */
  void requireOpen() {
    if (closed.get()) {
      throw new IllegalStateException("this EntireClient is closed");
    }
  }

  /** Returns whether {@link #close()} was called. */
  public boolean isClosed() {
    return closed.get();
  }

  /**
   * Aborts every call in flight, then releases the connection pool, the watchdog thread and the
   * credential adapter the client made. Idempotent; never throws.
   */
  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    closing.cancel();
    watchdog.close();
    http.close();
    ClientWiring.closeQuietly(credentials);
  }

  @Override
  public String toString() {
    return "EntireClient[" + authentication + (closed.get() ? ", closed]" : "]");
  }

  /**
   * Builds an {@link EntireClient}; every setter validates its value at once and names what is
   * wrong. Not thread-safe; {@link #build()} may be called more than once, each time making a new
   * client.
   *
   * @since 0.2
   */
  public static final class Builder {
    private Authentication authentication;
    private Path cacheFile;
    private final List<TransportEventListener> listeners = new ArrayList<>();
    private Duration connectTimeout = TransportConfig.DEFAULT_CONNECT_TIMEOUT;
    private Duration readTimeout = TransportConfig.DEFAULT_READ_TIMEOUT;
    private LowSpeedLimit lowSpeedLimit = LowSpeedLimit.OFF;
    private String userAgent = TransportConfig.DEFAULT_USER_AGENT;
    private boolean allowHttp;
    private boolean skipTlsVerify;
    private int maxConnections = HttpSettings.DEFAULT_MAX_CONNECTIONS;
    private NetworkSettings network = NetworkSettings.DEFAULT;
    private Duration hedgeDelay = FailoverPolicy.DEFAULT_HEDGE_DELAY;

    private Builder() {}

    /**
     * How the client authenticates (required): one of the auth modules of {@code
     * io.entire.transport.bootstrap}, or {@link Authentication#using} a credential port.
     *
     * @param authentication the authentication
     * @return this builder
     */
    public Builder authentication(Authentication authentication) {
      this.authentication = Objects.requireNonNull(authentication, "authentication");
      return this;
    }

    /**
     * Where replicas are remembered across processes (default K1: {@code
     * $XDG_CACHE_HOME/entire/nodes.json}, else {@code ~/.cache/entire/nodes.json}).
     *
     * @param cacheFile the replica cache file
     * @return this builder
     */
    public Builder cacheFile(Path cacheFile) {
      this.cacheFile = Objects.requireNonNull(cacheFile, "cacheFile");
      return this;
    }

    /**
     * Adds a listener told about calls, attempts, failovers and cache use (O1); repeatable, called
     * in the order added.
     *
     * @param listener a thread-safe listener
     * @return this builder
     */
    public Builder eventListener(TransportEventListener listener) {
      listeners.add(Objects.requireNonNull(listener, "listener"));
      return this;
    }

    /**
     * How long to wait for a TCP connection and its TLS handshake (default 2 s).
     *
     * @param timeout at least 1 ms
     * @return this builder
     */
    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = HttpSettings.requireTimeout(timeout, "connectTimeout");
      return this;
    }

    /**
     * How long a response may stall before its connection counts as failed (default 60 s).
     *
     * @param timeout at least 1 ms
     * @return this builder
     */
    public Builder readTimeout(Duration timeout) {
      this.readTimeout = HttpSettings.requireTimeout(timeout, "readTimeout");
      return this;
    }

    /**
     * Hedged discovery (D2): how long an {@code info/refs} GET may go without response headers
     * before the next replica is asked too (default 1 s; {@link Duration#ZERO}: never; POSTs
     * never).
     *
     * @param delay zero or more
     * @return this builder
     * @since 0.2
     */
    public Builder hedgeDelay(Duration delay) {
      this.hedgeDelay = ClientParts.requireHedgeDelay(delay);
      return this;
    }

    /**
     * git's low-speed rule for response bodies (default {@link LowSpeedLimit#OFF}).
     *
     * @param limit the limit
     * @return this builder
     */
    public Builder lowSpeedLimit(LowSpeedLimit limit) {
      this.lowSpeedLimit = Objects.requireNonNull(limit, "lowSpeedLimit");
      return this;
    }

    /**
     * The User-Agent header (default {@code entire-transport}).
     *
     * @param userAgent printable, not blank
     * @return this builder
     */
    public Builder userAgent(String userAgent) {
      this.userAgent = UserAgent.require(userAgent);
      return this;
    }

    /**
     * Allows plain http to hosts that are not loopback (default false: credentials would travel in
     * clear text).
     *
     * @param allow whether to allow it
     * @return this builder
     */
    public Builder allowHttp(boolean allow) {
      this.allowHttp = allow;
      return this;
    }

    /**
     * Accepts any TLS certificate (testing only; default false).
     *
     * @param skip whether to skip verification
     * @return this builder
     */
    public Builder skipTlsVerify(boolean skip) {
      this.skipTlsVerify = skip;
      return this;
    }

    /**
     * The size of the client's one connection pool (default 64): at most this many connections in
     * all and to one node; a call waits for a free connection up to the read timeout.
     *
     * @param maxConnections at least 1
     * @return this builder
     */
    public Builder maxConnections(int maxConnections) {
      if (maxConnections < 1) {
        throw new IllegalArgumentException("maxConnections must be at least 1: " + maxConnections);
      }
      this.maxConnections = maxConnections;
      return this;
    }

    /**
     * How the client reaches clusters through a company network: proxy, trusted certificates,
     * client certificate, extra headers (default {@link NetworkSettings#DEFAULT}).
     *
     * @param network the settings
     * @return this builder
     * @since 0.2
     */
    public Builder network(NetworkSettings network) {
      this.network = Objects.requireNonNull(network, "network");
      return this;
    }

    /**
     * Takes the connection settings of a transport configuration: timeouts, low-speed limit,
     * User-Agent, allow-http and TLS verification, so that {@link
     * EntireClient#open(TransportConfig)} accepts it.
     *
     * @param config the configuration
     * @return this builder
     */
    public Builder settingsOf(TransportConfig config) {
      ConnectionSettings settings =
          ConnectionSettings.of(Objects.requireNonNull(config, "config"), maxConnections);
      this.connectTimeout = settings.connectTimeout();
      this.readTimeout = settings.readTimeout();
      this.lowSpeedLimit = settings.lowSpeedLimit();
      this.userAgent = settings.userAgent();
      this.allowHttp = settings.allowHttp();
      this.skipTlsVerify = settings.skipTlsVerify();
      return this;
    }

    /**
     * Builds the client: makes its connection pool and its credential adapter. Opens no socket and
     * reads no file.
     *
     * @return the client; the caller closes it
     * @throws IllegalStateException when no authentication was chosen
     * @throws IllegalArgumentException when the authentication cannot make its adapter
     */
    public EntireClient build() {
      if (authentication == null) {
        throw new IllegalStateException(
            "choose an authentication, e.g. .authentication(new NoAuthModule())");
      }
      return new EntireClient(this);
    }

    private ConnectionSettings connection() {
      return new ConnectionSettings(
          connectTimeout,
          readTimeout,
          lowSpeedLimit,
          userAgent,
          allowHttp,
          skipTlsVerify,
          maxConnections,
          network);
    }
  }
}
