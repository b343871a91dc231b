package io.entire.transport.testkit;

import java.time.Duration;
import java.util.Objects;

/**
 * A failure injected into one {@link TestServer} (entry, replica, outsider or token endpoint),
 * switched at run time with {@link TestServer#fault(Fault)}.
 *
 * <p>A fault is checked once per request, when the request head has arrived, so switching it
 * affects the next request, also on connections that are already open (keep-alive).
 *
 * <p>A fault applies to every request of its server unless it is narrowed with {@link
 * #onlyFor(String, String)}, e.g. to fail only the receive-pack POST of a push while the ref
 * advertisement before it is answered normally, and for ever unless it is limited with {@link
 * #times(int)}, e.g. {@code Fault.status(503).times(2)} fails two requests and then the server
 * recovers. Both may be combined.
 *
 * <p>Instances are immutable and thread-safe; the count of a limited fault belongs to the server it
 * is installed on, and starts again each time it is installed.
 *
 * @since 0.1
 */
public final class Fault {

  /** What the server does instead of (or to) its normal answer. */
  enum Kind {
    NONE,
    DOWN,
    BLACKHOLE,
    STATUS,
    RESET,
    HANG,
    TRUNCATE,
    CLOSE_AFTER_RESPONSE,
    STATUS_AFTER_HANDLER,
    DELAY,
    THROTTLE
  }

  /**
   * How the body of a response cut short by {@link #truncateAfter(long, Framing)} is framed.
   *
   * @since 0.1
   */
  public enum Framing {
    /**
     * {@code Transfer-Encoding: chunked}: the terminating zero-length chunk never arrives, so a
     * client sees a broken chunked stream.
     */
    CHUNKED,
    /**
     * {@code Content-Length} with the real length of the full body (the response is spooled to a
     * temporary file first): the connection closes before that many bytes arrived.
     */
    CONTENT_LENGTH
  }

  private static final Fault NONE = of(Kind.NONE, 0, null, 0);
  private static final Fault DOWN = of(Kind.DOWN, 0, null, 0);
  private static final Fault DOWN_ADVERTISED =
      new Fault(FaultSpec.of(Kind.DOWN, 0, null, 0).advertisedWhileDown());
  private static final Fault BLACKHOLE = of(Kind.BLACKHOLE, 0, null, 0);
  private static final Fault RESET = of(Kind.RESET, 0, null, 0);
  private static final Fault HANG = of(Kind.HANG, 0, null, 0);
  private static final Fault CLOSE_AFTER_RESPONSE = of(Kind.CLOSE_AFTER_RESPONSE, 0, null, 0);

  private final FaultSpec spec;
  private final Kind kind;

  private Fault(FaultSpec spec) {
    this.spec = spec;
    this.kind = spec.kind();
  }

  private static Fault of(Kind kind, int status, String body, long amount) {
    return new Fault(FaultSpec.of(kind, status, body, amount));
  }

  /** No fault: the server answers normally. */
  public static Fault none() {
    return NONE;
  }

  /**
   * The port is closed: the listening socket and every open connection are closed, so connects are
   * refused. Switching to any other fault binds the same port again. A down replica is left out of
   * the cluster's {@code X-Entire-Replicas} header and the entry's redirects, as after a health
   * check noticed it; see {@link #downButAdvertised()} for the time before.
   */
  public static Fault down() {
    return DOWN;
  }

  /**
   * Like {@link #down()}, but the cluster keeps advertising the server: replicas still list it in
   * {@code X-Entire-Replicas} and the entry still redirects to it in its round robin. This is a
   * real cluster in the seconds after a node died and before its health check noticed.
   *
   * @since 0.2
   */
  public static Fault downButAdvertised() {
    return DOWN_ADVERTISED;
  }

  /**
   * Connects never complete, as when a dead network path drops every SYN: the client waits for its
   * own connect timeout (a {@link #down()} port refuses at once). Open connections close, and the
   * cluster keeps advertising the server. Linux only: the port is held by a listening socket that
   * never accepts, with a full accept queue; elsewhere installing it may throw {@link
   * IllegalStateException}.
   *
   * @since 0.2
   */
  public static Fault blackhole() {
    return BLACKHOLE;
  }

  /**
   * Every request is read completely and answered with {@code code} and a short text body, without
   * reaching git (authorization is not checked either: the fault sits in front of everything).
   *
   * @param code an HTTP status between 200 and 599, e.g. 503
   */
  public static Fault status(int code) {
    return status(code, "testkit fault: HTTP " + code + "\n");
  }

  /**
   * Like {@link #status(int)} with a chosen text body.
   *
   * @param code an HTTP status between 200 and 599
   * @param body the response body, sent as UTF-8 {@code text/plain}
   */
  public static Fault status(int code, String body) {
    return of(Kind.STATUS, checkStatus(code), Objects.requireNonNull(body, "body"), 0);
  }

  /**
   * The request is accepted and read, then the connection is reset (TCP RST, via {@code SO_LINGER
   * 0}) without any response.
   */
  public static Fault reset() {
    return RESET;
  }

  /**
   * The request is read and never answered. The connection stays open until the fault is switched
   * to anything that does not hang this request, or the server is closed; then it is closed without
   * a response. Hanging connections never block {@link TestServer} or {@link TestCluster} close.
   */
  public static Fault hang() {
    return HANG;
  }

  /**
   * The request waits {@code delay} before anything else happens, then is answered normally: a slow
   * server, whose response head arrives late. The wait is a timed wait on the server, not a busy
   * loop; it ends at once, closing the connection without a response, when the server is closed or
   * goes down. Switching the fault does not shorten a wait already begun.
   *
   * @param delay how long each matching request waits, zero or more
   * @since 0.2
   */
  public static Fault delay(Duration delay) {
    Objects.requireNonNull(delay, "delay");
    if (delay.isNegative()) {
      throw new IllegalArgumentException("delay must not be negative, got " + delay);
    }
    return of(Kind.DELAY, 0, null, delay.toNanos());
  }

  /**
   * The response head is sent at once, then the body (payload bytes, not counting chunk framing)
   * flows at about {@code bytesPerSecond}, in slices of at most a tenth of a second's worth with
   * timed waits between them. A server closed or going down ends the response at once.
   *
   * @param bytesPerSecond the body rate, at least 1
   * @since 0.2
   */
  public static Fault throttle(int bytesPerSecond) {
    if (bytesPerSecond < 1) {
      throw new IllegalArgumentException(
          "throttle needs at least 1 byte per second, got " + bytesPerSecond);
    }
    return of(Kind.THROTTLE, 0, null, bytesPerSecond);
  }

  /**
   * Every request is answered normally and completely, then the server closes the connection
   * without having said {@code Connection: close}: a server may close an idle keep-alive connection
   * at any time (RFC 9112 §9.5), and many do right after a response. A client that reuses the
   * connection meets a closed socket on its next request; it must send that request again on a new
   * connection rather than treat the server as failed (F9).
   */
  public static Fault closeAfterResponse() {
    return CLOSE_AFTER_RESPONSE;
  }

  /**
   * The request is served as usual — on a replica, {@code git http-backend} runs to completion, so
   * a push is applied — but its answer is discarded and the client gets {@code code} with a short
   * text body instead. This is a replica that did the work and then failed to say so (a proxy's 502
   * after the backend ran), the case where a client's replay meets work already done.
   *
   * @param code an HTTP status between 200 and 599, e.g. 502
   */
  public static Fault statusAfterHandler(int code) {
    String text = "testkit fault: HTTP " + code + " after the request was served\n";
    return of(Kind.STATUS_AFTER_HANDLER, checkStatus(code), text, 0);
  }

  /**
   * The real response is sent with chunked framing, but the connection is closed after {@code
   * bytes} body bytes (payload bytes, not counting chunk framing). A body shorter than that
   * completes normally.
   *
   * @param bytes how many body bytes reach the client, at least 0
   */
  public static Fault truncateAfter(long bytes) {
    return truncateAfter(bytes, Framing.CHUNKED);
  }

  /**
   * Like {@link #truncateAfter(long)} with a chosen framing.
   *
   * @param bytes how many body bytes reach the client, at least 0
   * @param framing how the client is told the full length
   */
  public static Fault truncateAfter(long bytes, Framing framing) {
    if (bytes < 0) {
      throw new IllegalArgumentException("truncateAfter needs a byte count >= 0, got " + bytes);
    }
    Objects.requireNonNull(framing, "framing");
    return new Fault(FaultSpec.of(Kind.TRUNCATE, 0, null, bytes).withFraming(framing));
  }

  /**
   * {@code fault}, applied to the next {@code n} matching requests only; see {@link #times(int)}.
   *
   * @since 0.2
   */
  public static Fault times(int n, Fault fault) {
    return Objects.requireNonNull(fault, "fault").times(n);
  }

  /**
   * This fault, applied to the next {@code n} requests it matches (all of them, or those of {@link
   * #onlyFor}); after that the server answers normally, as if the fault were {@link #none()}, while
   * {@link TestServer#fault()} still returns this fault. The count starts when the fault is
   * installed with {@link TestServer#fault(Fault)} (installing it again starts it again) and is
   * taken atomically, so with concurrent requests exactly {@code n} get the fault. For example
   * {@code Fault.status(503).times(2)} fails two requests, then the replica recovers. Replaces an
   * earlier limit.
   *
   * @param n how many requests get the fault, at least 1
   * @throws IllegalStateException on {@link #none()}, or {@link #down()} (a closed port refuses
   *     connections before any request arrives, so there is nothing to count: use {@code
   *     Fault.reset().times(n)} for a node that drops n requests)
   * @since 0.2
   */
  public Fault times(int n) {
    if (n < 1) {
      throw new IllegalArgumentException("times needs a count >= 1, got " + n);
    }
    if (kind == Kind.NONE || closesPort()) {
      String why = closesPort() ? ": a closed port sees no requests; use reset().times(n)" : "";
      throw new IllegalStateException(this + " cannot be limited to a number of requests" + why);
    }
    return new Fault(spec.withTimes(n));
  }

  /**
   * This fault, applied only to requests with method {@code method} whose path (the request target
   * without its query) ends with {@code pathSuffix}; every other request is answered normally. For
   * example {@code Fault.status(503).onlyFor("POST", "/git-receive-pack")} fails the POST of a push
   * while the {@code info/refs} advertisement before it succeeds, so a client that sticks to the
   * node that advertised meets the failure on the POST. The scope replaces any earlier one.
   *
   * @param method the request method, compared exactly (HTTP methods are case-sensitive), e.g.
   *     {@code POST}
   * @param pathSuffix how the path ends, compared exactly, e.g. {@code /git-receive-pack} or {@code
   *     /info/refs}; empty matches every path
   * @throws IllegalStateException on {@link #none()} (nothing to narrow) or {@link #down()} (a
   *     closed port refuses every connection before any request arrives)
   */
  public Fault onlyFor(String method, String pathSuffix) {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(pathSuffix, "pathSuffix");
    if (kind == Kind.NONE || closesPort()) {
      throw new IllegalStateException(this + " cannot apply to some requests only");
    }
    if (method.isEmpty()) {
      throw new IllegalArgumentException("method must not be empty");
    }
    return new Fault(spec.withScope(method, pathSuffix));
  }

  /**
   * Whether this fault applies to every request, i.e. it was not narrowed with {@link #onlyFor}.
   */
  public boolean appliesToEveryRequest() {
    return spec.onlyMethod() == null;
  }

  /**
   * How many requests this fault applies to, or 0 when it was not limited with {@link #times(int)}.
   *
   * @since 0.2
   */
  public int limit() {
    return spec.times();
  }

  /** Whether this fault applies to a request with this method and path (no query). */
  boolean appliesTo(String method, String path) {
    String only = spec.onlyMethod();
    return only == null || (only.equals(method) && path.endsWith(spec.onlyPathSuffix()));
  }

  /** Whether this is {@link #none()}. */
  public boolean isNone() {
    return kind == Kind.NONE;
  }

  /** Whether this is {@link #down()} or {@link #downButAdvertised()}. */
  public boolean isDown() {
    return kind == Kind.DOWN;
  }

  /** Whether the server stops serving its port: {@link #down()} and {@link #blackhole()}. */
  boolean closesPort() {
    return kind == Kind.DOWN || kind == Kind.BLACKHOLE;
  }

  /**
   * Whether a server with this fault is named in {@code X-Entire-Replicas} and redirected to: every
   * fault but {@link #down()} (so also {@link #downButAdvertised()}).
   *
   * @since 0.2
   */
  public boolean isAdvertised() {
    return kind != Kind.DOWN || spec.advertised();
  }

  Kind kind() {
    return kind;
  }

  int status() {
    return spec.status();
  }

  String body() {
    return spec.body();
  }

  long truncateAfterBytes() {
    return kind == Kind.TRUNCATE ? spec.amount() : Long.MAX_VALUE;
  }

  long delayNanos() {
    return kind == Kind.DELAY ? spec.amount() : 0;
  }

  /** The body rate of {@link #throttle(int)}, or 0 when the body is not throttled. */
  long bytesPerSecond() {
    return kind == Kind.THROTTLE ? spec.amount() : 0;
  }

  Framing framing() {
    return spec.framing();
  }

  private static int checkStatus(int code) {
    if (code < 200 || code > 599) {
      throw new IllegalArgumentException("fault status must be between 200 and 599, got " + code);
    }
    return code;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Fault f && f.spec.equals(spec);
  }

  @Override
  public int hashCode() {
    return spec.hashCode();
  }

  @Override
  public String toString() {
    return spec.describe();
  }
}
