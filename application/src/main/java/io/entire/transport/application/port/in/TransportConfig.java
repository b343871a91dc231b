package io.entire.transport.application.port.in;

import io.entire.transport.domain.HttpUrl;
import io.entire.transport.domain.NodeUrl;
import io.entire.transport.domain.UserAgent;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The configuration of one transport: which cluster and repository, and how to talk to it. Build it
 * with {@link #builder()}, which validates every value and names what is wrong.
 *
 * <p>Connection settings ({@code skipTlsVerify}, {@code userAgent}, {@code connectTimeout}, {@code
 * readTimeout}, {@code lowSpeedLimit}) are deprecated here since 0.2: they belong to the client
 * that owns the connection pool ({@code EntireClient.Builder}), and the transport itself never
 * reads them. They stay, still validated, for the one-repository path, whose client {@code
 * EntireTransports.open} builds from this configuration ({@code EntireClient.Builder.settingsOf}).
 * {@code allowHttp} is not one of them: it is also the trust rule this record checks (plain http
 * only to loopback hosts unless allowed).
 *
 * <p>Immutable and thread-safe.
 *
 * @param entryUrl the cluster's entry domain, {@code scheme://host[:port]}, or null when only
 *     {@code initialNodes} are used
 * @param clusterHost the trust-domain root (R3), or null to trust every host (R4); defaults to the
 *     entry URL's host
 * @param repoPath the repository path, e.g. {@code /et/org/repo}: starts with {@code /}, no
 *     trailing slash, no query
 * @param initialNodes replicas known up front (filtered to the trust domain before use, R5)
 * @param skipTlsVerify accept any TLS certificate (testing only); deprecated, a client setting
 * @param allowHttp allow plain http to hosts that are not loopback; without it a plain-http entry
 *     URL or initial node on another host is refused, since credentials would travel in clear text
 * @param userAgent the User-Agent header; deprecated, a client setting
 * @param connectTimeout how long to wait for a TCP/TLS connection; deprecated, a client setting
 * @param readTimeout how long without a byte before the connection counts as failed; deprecated, a
 *     client setting
 * @param lowSpeedLimit git's low-speed rule for response bodies ({@link LowSpeedLimit#OFF} by
 *     default); deprecated, a client setting
 * @param nodeFailedListener told when a node fails (e.g. to invalidate the replica cache, K6)
 * @param cancellation aborts in-flight calls when cancelled
 * @since 0.1
 */
public record TransportConfig(
    URI entryUrl,
    String clusterHost,
    String repoPath,
    List<NodeUrl> initialNodes,
    @Deprecated(since = "0.2") boolean skipTlsVerify,
    boolean allowHttp,
    @Deprecated(since = "0.2") String userAgent,
    @Deprecated(since = "0.2") Duration connectTimeout,
    @Deprecated(since = "0.2") Duration readTimeout,
    @Deprecated(since = "0.2") LowSpeedLimit lowSpeedLimit,
    NodeFailedListener nodeFailedListener,
    Cancellation cancellation) {

  /** Default connect timeout (2 s). */
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(2);

  /** Default idle read timeout (60 s). */
  public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(60);

  /** Default User-Agent. */
  public static final String DEFAULT_USER_AGENT = "entire-transport";

  /** Validates the configuration; prefer {@link #builder()}. */
  public TransportConfig {
    if (entryUrl != null) {
      LocationRules.checkEntryUrl(entryUrl);
    }
    LocationRules.checkRepoPath(repoPath);
    initialNodes = List.copyOf(Objects.requireNonNull(initialNodes, "initialNodes"));
    if (!allowHttp) {
      LocationRules.refusePlainHttpToOtherHosts(entryUrl, initialNodes);
    }
    UserAgent.require(userAgent);
    requirePositive(connectTimeout, "connectTimeout");
    requirePositive(readTimeout, "readTimeout");
    Objects.requireNonNull(lowSpeedLimit, "lowSpeedLimit");
    Objects.requireNonNull(nodeFailedListener, "nodeFailedListener");
    Objects.requireNonNull(cancellation, "cancellation");
    if (clusterHost != null && (clusterHost.isBlank() || clusterHost.contains("/"))) {
      throw new IllegalArgumentException("clusterHost must be a bare hostname: " + clusterHost);
    }
  }

  /**
   * Returns whether any TLS certificate is accepted.
   *
   * @return the setting
   * @deprecated a client setting: set it on {@code EntireClient.Builder}; read only by {@code
   *     EntireTransports.open} / {@code EntireClient.Builder.settingsOf} for the one-repository
   *     path
   */
  @Override
  @Deprecated(since = "0.2")
  public boolean skipTlsVerify() {
    return skipTlsVerify;
  }

  /**
   * Returns the User-Agent header.
   *
   * @return the setting
   * @deprecated a client setting: set it on {@code EntireClient.Builder}; read only by {@code
   *     EntireTransports.open} / {@code EntireClient.Builder.settingsOf} for the one-repository
   *     path
   */
  @Override
  @Deprecated(since = "0.2")
  public String userAgent() {
    return userAgent;
  }

  /**
   * Returns how long to wait for a TCP/TLS connection.
   *
   * @return the setting
   * @deprecated a client setting: set it on {@code EntireClient.Builder}; read only by {@code
   *     EntireTransports.open} / {@code EntireClient.Builder.settingsOf} for the one-repository
   *     path
   */
  @Override
  @Deprecated(since = "0.2")
  public Duration connectTimeout() {
    return connectTimeout;
  }

  /**
   * Returns how long a response may stall before its connection counts as failed.
   *
   * @return the setting
   * @deprecated a client setting: set it on {@code EntireClient.Builder}; read only by {@code
   *     EntireTransports.open} / {@code EntireClient.Builder.settingsOf} for the one-repository
   *     path
   */
  @Override
  @Deprecated(since = "0.2")
  public Duration readTimeout() {
    return readTimeout;
  }

  /**
   * Returns git's low-speed rule for response bodies.
   *
   * @return the setting
   * @deprecated a client setting: set it on {@code EntireClient.Builder}; read only by {@code
   *     EntireTransports.open} / {@code EntireClient.Builder.settingsOf} for the one-repository
   *     path
   */
  @Override
  @Deprecated(since = "0.2")
  public LowSpeedLimit lowSpeedLimit() {
    return lowSpeedLimit;
  }

  /** Returns the entry URL + repo path as used for token audiences (A2), or the repo path. */
  public String audience() {
    return entryUrl == null ? repoPath : stripTrailingSlash(entryUrl.toString()) + repoPath;
  }

  /**
   * Returns the {@link #audience()} as a URL: empty without an entry URL, and when the repo path
   * holds a character a URL may not (the audience then stays a plain string).
   */
  public Optional<HttpUrl> audienceUrl() {
    return entryUrl == null ? Optional.empty() : HttpUrl.parse(audience());
  }

  /**
   * Returns the key the replica cache files this cluster's repositories under (K1): the cluster
   * host (else the entry host), plus the entry URL's port when it has one that is not its scheme's
   * default, so two clusters on one host never share entries.
   */
  public String cacheKey() {
    String host = clusterHost != null ? clusterHost : entryUrl != null ? entryUrl.getHost() : "";
    if (entryUrl == null || entryUrl.getPort() < 0) {
      return host;
    }
    int defaultPort = "https".equalsIgnoreCase(entryUrl.getScheme()) ? 443 : 80;
    return entryUrl.getPort() == defaultPort ? host : host + ":" + entryUrl.getPort();
  }

  /** Returns a new builder. */
  public static Builder builder() {
    return new Builder();
  }

  private static void requirePositive(Duration d, String name) {
    Objects.requireNonNull(d, name);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " must be positive: " + d);
    }
  }

  private static String stripTrailingSlash(String s) {
    return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
  }

  /**
   * Builds a {@link TransportConfig}. Not thread-safe.
   *
   * @since 0.1
   */
  public static final class Builder {
    private URI entryUrl;
    private String clusterHost;
    private boolean clusterHostSet;
    private String repoPath;
    private final List<NodeUrl> initialNodes = new ArrayList<>();
    private boolean skipTlsVerify;
    private boolean allowHttp;
    private String userAgent = DEFAULT_USER_AGENT;
    private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
    private Duration readTimeout = DEFAULT_READ_TIMEOUT;
    private LowSpeedLimit lowSpeedLimit = LowSpeedLimit.OFF;
    private NodeFailedListener nodeFailedListener = NodeFailedListener.NONE;
    private Cancellation cancellation = new Cancellation();

    private Builder() {}

    /** The entry domain, e.g. {@code https://eu.example.dev}. */
    public Builder entryUrl(URI entryUrl) {
      this.entryUrl = entryUrl;
      return this;
    }

    /** The entry domain, parsed; a malformed URL is rejected with a clear message. */
    public Builder entryUrl(String entryUrl) {
      try {
        return entryUrl(entryUrl == null ? null : new URI(entryUrl));
      } catch (java.net.URISyntaxException e) {
        throw new IllegalArgumentException("entryUrl is not a valid URL: " + e.getReason(), e);
      }
    }

    /** The trust-domain root (default: the entry URL's host); null trusts every host (R4). */
    public Builder clusterHost(String clusterHost) {
      this.clusterHost = clusterHost;
      this.clusterHostSet = true;
      return this;
    }

    /** The repository path, e.g. {@code /et/org/repo}. */
    public Builder repoPath(String repoPath) {
      this.repoPath = repoPath;
      return this;
    }

    /** Adds replicas known up front. */
    public Builder initialNodes(List<NodeUrl> nodes) {
      this.initialNodes.addAll(nodes);
      return this;
    }

    /**
     * Accepts any TLS certificate (testing only).
     *
     * @param skip the setting
     * @return this builder
     * @deprecated a client setting: set it on {@code EntireClient.Builder}; read only by {@code
     *     EntireTransports.open} / {@code EntireClient.Builder.settingsOf} for the one-repository
     *     path
     */
    @Deprecated(since = "0.2")
    public Builder skipTlsVerify(boolean skip) {
      this.skipTlsVerify = skip;
      return this;
    }

    /**
     * Allows plain http to hosts that are not loopback (by default only loopback hosts may use
     * http, as for {@code ENTIRE_ALLOW_HTTP=true} in the helper).
     */
    public Builder allowHttp(boolean allow) {
      this.allowHttp = allow;
      return this;
    }

    /**
     * The User-Agent header.
     *
     * @param userAgent the setting
     * @return this builder
     * @deprecated a client setting: set it on {@code EntireClient.Builder}; read only by {@code
     *     EntireTransports.open} / {@code EntireClient.Builder.settingsOf} for the one-repository
     *     path
     */
    @Deprecated(since = "0.2")
    public Builder userAgent(String userAgent) {
      this.userAgent = userAgent;
      return this;
    }

    /**
     * The connect timeout.
     *
     * @param timeout the setting
     * @return this builder
     * @deprecated a client setting: set it on {@code EntireClient.Builder}; read only by {@code
     *     EntireTransports.open} / {@code EntireClient.Builder.settingsOf} for the one-repository
     *     path
     */
    @Deprecated(since = "0.2")
    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = timeout;
      return this;
    }

    /**
     * The idle read timeout.
     *
     * @param timeout the setting
     * @return this builder
     * @deprecated a client setting: set it on {@code EntireClient.Builder}; read only by {@code
     *     EntireTransports.open} / {@code EntireClient.Builder.settingsOf} for the one-repository
     *     path
     */
    @Deprecated(since = "0.2")
    public Builder readTimeout(Duration timeout) {
      this.readTimeout = timeout;
      return this;
    }

    /**
     * git's low-speed rule for response bodies; {@link LowSpeedLimit#OFF} by default.
     *
     * @param limit the setting
     * @return this builder
     * @deprecated a client setting: set it on {@code EntireClient.Builder}; read only by {@code
     *     EntireTransports.open} / {@code EntireClient.Builder.settingsOf} for the one-repository
     *     path
     */
    @Deprecated(since = "0.2")
    public Builder lowSpeedLimit(LowSpeedLimit limit) {
      this.lowSpeedLimit = limit;
      return this;
    }

    /** Told when a node fails. */
    public Builder nodeFailedListener(NodeFailedListener listener) {
      this.nodeFailedListener = listener;
      return this;
    }

    /** The cancellation handle for every call of the transport. */
    public Builder cancellation(Cancellation cancellation) {
      this.cancellation = cancellation;
      return this;
    }

    /**
     * Builds and validates.
     *
     * @throws IllegalArgumentException naming the invalid or missing value
     * @throws NullPointerException naming a value that was explicitly set to null
     */
    public TransportConfig build() {
      String host = clusterHostSet ? clusterHost : entryUrl == null ? null : entryUrl.getHost();
      return new TransportConfig(
          entryUrl,
          host,
          repoPath,
          initialNodes,
          skipTlsVerify,
          allowHttp,
          userAgent,
          connectTimeout,
          readTimeout,
          lowSpeedLimit,
          nodeFailedListener,
          cancellation);
    }
  }
}
