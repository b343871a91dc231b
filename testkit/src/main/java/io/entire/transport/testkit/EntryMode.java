package io.entire.transport.testkit;

import java.net.URI;
import java.util.Objects;

/**
 * How the {@link EntryServer} (the cluster's load balancer) answers a request. Set with {@link
 * TestCluster.Builder#entryMode(EntryMode)} or at run time with {@link
 * EntryServer#mode(EntryMode)}.
 *
 * <p>Redirects use status 307 (method and body preserved) and keep the request's path and query;
 * their body is empty.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @since 0.1
 */
public final class EntryMode {

  enum Kind {
    REDIRECT_WITH_REPLICAS,
    REDIRECT_WITHOUT_REPLICAS,
    SERVE,
    STATUS,
    REDIRECT_TO
  }

  /**
   * The default: 307 to a replica chosen round robin among the replicas that are not {@link
   * Fault#down() down}, with {@code X-Entire-Replicas} (the cluster's current replicas header, see
   * {@link TestCluster#replicasHeader()}). When every replica is down the entry answers 503.
   */
  public static final EntryMode REDIRECT_WITH_REPLICAS =
      new EntryMode(Kind.REDIRECT_WITH_REPLICAS, 0, null, null, null);

  /** Like {@link #REDIRECT_WITH_REPLICAS} but without the {@code X-Entire-Replicas} header. */
  public static final EntryMode REDIRECT_WITHOUT_REPLICAS =
      new EntryMode(Kind.REDIRECT_WITHOUT_REPLICAS, 0, null, null, null);

  /**
   * The entry answers itself through {@code git http-backend}, like a proxying load balancer, with
   * the cluster's replicas header.
   */
  public static final EntryMode SERVE = new EntryMode(Kind.SERVE, 0, null, null, null);

  private final Kind kind;
  private final int status;
  private final String body;
  private final String redirectBase;
  private final String replicasHeader;

  private EntryMode(
      Kind kind, int status, String body, String redirectBase, String replicasHeader) {
    this.kind = kind;
    this.status = status;
    this.body = body;
    this.redirectBase = redirectBase;
    this.replicasHeader = replicasHeader;
  }

  /**
   * A fixed answer to every request: {@code code} with {@code body} as UTF-8 {@code text/plain},
   * without a replicas header.
   *
   * @param code an HTTP status between 200 and 599 (a 3xx is sent without {@code Location})
   * @param body the response body
   */
  public static EntryMode status(int code, String body) {
    if (code < 200 || code > 599) {
      throw new IllegalArgumentException("entry status must be between 200 and 599, got " + code);
    }
    return new EntryMode(Kind.STATUS, code, Objects.requireNonNull(body, "body"), null, null);
  }

  /**
   * 307 to {@code base} + the request's path and query, without a replicas header. The base may be
   * anything absolute (an off-cluster host, another scheme) so tests can check what a client
   * refuses.
   *
   * @param base an absolute URI such as {@code http://127.0.0.2:4711}; a trailing slash is dropped
   */
  public static EntryMode redirectTo(URI base) {
    return redirectTo(base, null);
  }

  /**
   * Like {@link #redirectTo(URI)}, sending {@code replicasHeader} verbatim as {@code
   * X-Entire-Replicas} (e.g. a poisoned list).
   *
   * @param base an absolute URI; a trailing slash is dropped
   * @param replicasHeader the header value, or {@code null} for no header
   */
  public static EntryMode redirectTo(URI base, String replicasHeader) {
    Objects.requireNonNull(base, "base");
    if (!base.isAbsolute()) {
      throw new IllegalArgumentException("redirect base must be an absolute URI, got " + base);
    }
    String text = base.toString();
    while (text.endsWith("/")) {
      text = text.substring(0, text.length() - 1);
    }
    return new EntryMode(Kind.REDIRECT_TO, 307, null, text, replicasHeader);
  }

  Kind kind() {
    return kind;
  }

  int status() {
    return status;
  }

  String body() {
    return body;
  }

  String redirectBase() {
    return redirectBase;
  }

  String replicasHeader() {
    return replicasHeader;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof EntryMode m
        && m.kind == kind
        && m.status == status
        && Objects.equals(m.body, body)
        && Objects.equals(m.redirectBase, redirectBase)
        && Objects.equals(m.replicasHeader, replicasHeader);
  }

  @Override
  public int hashCode() {
    return Objects.hash(kind, status, body, redirectBase, replicasHeader);
  }

  @Override
  public String toString() {
    return switch (kind) {
      case REDIRECT_WITH_REPLICAS -> "EntryMode.REDIRECT_WITH_REPLICAS";
      case REDIRECT_WITHOUT_REPLICAS -> "EntryMode.REDIRECT_WITHOUT_REPLICAS";
      case SERVE -> "EntryMode.SERVE";
      case STATUS -> "EntryMode.status(" + status + ")";
      case REDIRECT_TO ->
          "EntryMode.redirectTo("
              + redirectBase
              + (replicasHeader == null ? "" : ", " + replicasHeader)
              + ")";
    };
  }
}
