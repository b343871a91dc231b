package io.entire.transport.testkit;

import java.util.Objects;

/**
 * A failure injected into one {@link TestServer} (entry, replica or outsider), switched at run time
 * with {@link TestServer#fault(Fault)}.
 *
 * <p>A fault is checked once per request, when the request head has arrived, so switching it
 * affects the next request, also on connections that are already open (keep-alive).
 *
 * <p>A fault applies to every request of its server unless it is narrowed with {@link
 * #onlyFor(String, String)}, e.g. to fail only the receive-pack POST of a push while the ref
 * advertisement before it is answered normally.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * @since 0.1
 */
public final class Fault {

  /** What the server does instead of (or to) its normal answer. */
  enum Kind {
    NONE,
    DOWN,
    STATUS,
    RESET,
    HANG,
    TRUNCATE,
    CLOSE_AFTER_RESPONSE,
    STATUS_AFTER_HANDLER
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

  private static final Fault NONE = new Fault(Kind.NONE, 0, null, 0, Framing.CHUNKED);
  private static final Fault DOWN = new Fault(Kind.DOWN, 0, null, 0, Framing.CHUNKED);
  private static final Fault RESET = new Fault(Kind.RESET, 0, null, 0, Framing.CHUNKED);
  private static final Fault HANG = new Fault(Kind.HANG, 0, null, 0, Framing.CHUNKED);
  private static final Fault CLOSE_AFTER_RESPONSE =
      new Fault(Kind.CLOSE_AFTER_RESPONSE, 0, null, 0, Framing.CHUNKED);

  private final Kind kind;
  private final int status;
  private final String body;
  private final long truncateAfter;
  private final Framing framing;
  // null when the fault applies to every request
  private final String onlyMethod;
  private final String onlyPathSuffix;

  private Fault(Kind kind, int status, String body, long truncateAfter, Framing framing) {
    this(kind, status, body, truncateAfter, framing, null, null);
  }

  private Fault(
      Kind kind,
      int status,
      String body,
      long truncateAfter,
      Framing framing,
      String onlyMethod,
      String onlyPathSuffix) {
    this.kind = kind;
    this.status = status;
    this.body = body;
    this.truncateAfter = truncateAfter;
    this.framing = framing;
    this.onlyMethod = onlyMethod;
    this.onlyPathSuffix = onlyPathSuffix;
  }

  /** No fault: the server answers normally. */
  public static Fault none() {
    return NONE;
  }

  /**
   * The port is closed: the listening socket and every open connection are closed, so connects are
   * refused. Switching to any other fault binds the same port again.
   */
  public static Fault down() {
    return DOWN;
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
    if (code < 200 || code > 599) {
      throw new IllegalArgumentException("fault status must be between 200 and 599, got " + code);
    }
    return new Fault(Kind.STATUS, code, Objects.requireNonNull(body, "body"), 0, Framing.CHUNKED);
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
    if (code < 200 || code > 599) {
      throw new IllegalArgumentException("fault status must be between 200 and 599, got " + code);
    }
    String text = "testkit fault: HTTP " + code + " after the request was served\n";
    return new Fault(Kind.STATUS_AFTER_HANDLER, code, text, 0, Framing.CHUNKED);
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
    return new Fault(Kind.TRUNCATE, 0, null, bytes, Objects.requireNonNull(framing, "framing"));
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
    if (kind == Kind.NONE || kind == Kind.DOWN) {
      throw new IllegalStateException(this + " cannot apply to some requests only");
    }
    if (method.isEmpty()) {
      throw new IllegalArgumentException("method must not be empty");
    }
    return new Fault(kind, status, body, truncateAfter, framing, method, pathSuffix);
  }

  /**
   * Whether this fault applies to every request, i.e. it was not narrowed with {@link #onlyFor}.
   */
  public boolean appliesToEveryRequest() {
    return onlyMethod == null;
  }

  /** Whether this fault applies to a request with this method and path (no query). */
  boolean appliesTo(String method, String path) {
    return onlyMethod == null || (onlyMethod.equals(method) && path.endsWith(onlyPathSuffix));
  }

  /** Whether this is {@link #none()}. */
  public boolean isNone() {
    return kind == Kind.NONE;
  }

  /** Whether this is {@link #down()}. */
  public boolean isDown() {
    return kind == Kind.DOWN;
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

  long truncateAfterBytes() {
    return kind == Kind.TRUNCATE ? truncateAfter : Long.MAX_VALUE;
  }

  Framing framing() {
    return framing;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Fault f
        && f.kind == kind
        && f.status == status
        && Objects.equals(f.body, body)
        && f.truncateAfter == truncateAfter
        && f.framing == framing
        && Objects.equals(f.onlyMethod, onlyMethod)
        && Objects.equals(f.onlyPathSuffix, onlyPathSuffix);
  }

  @Override
  public int hashCode() {
    return Objects.hash(kind, status, body, truncateAfter, framing, onlyMethod, onlyPathSuffix);
  }

  @Override
  public String toString() {
    String scope =
        onlyMethod == null ? "" : ".onlyFor(\"" + onlyMethod + "\", \"" + onlyPathSuffix + "\")";
    return kindString() + scope;
  }

  private String kindString() {
    return switch (kind) {
      case NONE -> "Fault.none()";
      case DOWN -> "Fault.down()";
      case RESET -> "Fault.reset()";
      case HANG -> "Fault.hang()";
      case STATUS -> "Fault.status(" + status + ")";
      case STATUS_AFTER_HANDLER -> "Fault.statusAfterHandler(" + status + ")";
      case TRUNCATE -> "Fault.truncateAfter(" + truncateAfter + ", " + framing + ")";
      case CLOSE_AFTER_RESPONSE -> "Fault.closeAfterResponse()";
    };
  }
}
