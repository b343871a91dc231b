package io.entire.transport.testkit;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;

/**
 * One HTTP server of the embedded data plane: the {@link EntryServer}, a {@link ReplicaServer}, an
 * {@link OutsiderServer}, or a {@link TokenExchangeEndpoint} (since 0.2). It listens on a loopback
 * address and port fixed at start (kept across {@link Fault#down()}), applies a switchable {@link
 * Fault}, optionally checks {@code Authorization}, and records every request it answers in its
 * {@link RequestLog}.
 *
 * <p>Thread-safe: faults and authorization may be switched from any thread while requests run. A
 * cluster's servers (its token endpoint included) are closed by {@link TestCluster#close()}; an
 * {@link OutsiderServer}, or a {@link TokenExchangeEndpoint} started alone, by its owner.
 *
 * @since 0.1
 */
public abstract sealed class TestServer
    permits EntryServer, ReplicaServer, OutsiderServer, TokenExchangeEndpoint {

  final LoopbackHttpServer http;

  TestServer(LoopbackHttpServer http) {
    this.http = http;
  }

  /**
   * {@code entry}, {@code replica-0}, ..., {@code outsider} or {@code token-endpoint}; also the
   * recorded server name.
   */
  public String name() {
    return http.name();
  }

  /** The bound address, e.g. {@code 127.0.0.1}. */
  public String host() {
    return http.host();
  }

  /** The bound port; the same for the server's whole life. */
  public int port() {
    return http.port();
  }

  /**
   * The base URL without a path, e.g. {@code http://127.0.0.1:41234}; since 0.2 {@code https} for a
   * server of an {@link TestCluster.Builder#https() https} cluster, and with the server's {@link
   * LoopbackNames} name instead of the address in a cluster started with {@link
   * TestCluster.Builder#loopbackNames()}, e.g. {@code https://r0.cluster.test:41234}.
   */
  public String url() {
    return url(http.urlHost());
  }

  /**
   * {@link #url()} with the bound address as host, e.g. {@code https://127.0.0.1:41234}: for
   * programs that do not read {@link LoopbackNames#HOSTS_FILE_PROPERTY}, such as {@code git}. The
   * server certificate of an https server names this address too.
   *
   * @since 0.2
   */
  public String addressUrl() {
    return url(host());
  }

  private String url(String host) {
    return http.scheme()
        + "://"
        + (host.indexOf(':') >= 0 ? "[" + host + "]" : host)
        + ":"
        + port();
  }

  /** {@link #url()} as a URI. */
  public URI uri() {
    return URI.create(url());
  }

  /**
   * Switches the fault; takes effect for the next request (see {@link Fault}).
   *
   * @throws IllegalStateException when the server is closed, or coming back from down cannot bind
   *     the port again
   */
  public void fault(Fault fault) {
    http.fault(fault);
  }

  /** The current fault. */
  public Fault fault() {
    return http.fault();
  }

  /** Whether the server is {@link Fault#down() down} (advertised or not). */
  public boolean isDown() {
    return http.fault().isDown();
  }

  /**
   * Requires an {@code Authorization} header accepted by {@code check} (given the whole header
   * value, e.g. {@code Bearer abc}); missing or rejected answers 401 with a short text body.
   * Replaces the rule the cluster builder set for this server.
   */
  public void requireAuthorization(Predicate<String> check) {
    http.authorization(AuthorizationRule.custom(check));
  }

  /** Requires {@code Authorization: Bearer <token>}. */
  public void requireBearer(String token) {
    http.authorization(AuthorizationRule.bearer(token));
  }

  /** Requires HTTP Basic credentials; a 401 challenges with {@code Basic}. */
  public void requireBasic(String user, String password) {
    http.authorization(AuthorizationRule.basic(user, password));
  }

  /** Accepts requests without (or with any) {@code Authorization}. */
  public void allowAnonymous() {
    http.authorization(null);
  }

  /** Whether this server currently requires authorization. */
  public boolean requiresAuthorization() {
    return http.authorization() != null;
  }

  /** This server's request log. */
  public RequestLog requestLog() {
    return http.log();
  }

  /** A snapshot of this server's recorded requests, oldest first. */
  public List<RecordedRequest> requests() {
    return http.log().requests();
  }

  /** Forgets this server's recorded requests (the cluster-wide log keeps them). */
  public void clearRequests() {
    http.log().clear();
  }

  /**
   * Waits until this server recorded at least {@code count} requests.
   *
   * @throws AssertionError on timeout, listing what was recorded
   */
  public List<RecordedRequest> awaitRequests(int count, Duration timeout) {
    return http.log().awaitCount(count, timeout);
  }

  @Override
  public String toString() {
    return name() + " " + url() + (fault().isNone() ? "" : " " + fault());
  }
}
