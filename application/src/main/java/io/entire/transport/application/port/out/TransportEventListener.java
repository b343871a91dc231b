package io.entire.transport.application.port.out;

import io.entire.transport.domain.GitService;
import io.entire.transport.domain.HttpStatusException;
import io.entire.transport.domain.NodeUrl;
import io.entire.transport.domain.TransportCancelledException;
import java.io.EOFException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.PortUnreachableException;
import java.net.SocketException;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Told what a transport does (DESIGN §10, O1): calls, the attempts each call makes on nodes,
 * failovers, redirects, cold paths, replica cache use and node health. Register one on the client
 * ({@code EntireClient.Builder#eventListener}); the Micrometer module is one implementation.
 *
 * <p>Every method is a no-op by default, so an implementation overrides only what it needs, and new
 * events can be added without breaking it. Methods are called synchronously on the thread running
 * the call, so they must be quick; they may be called from many threads at once, so a listener
 * shared by a client must be thread-safe. A listener that throws never breaks a call: the exception
 * is logged at debug and dropped.
 *
 * <p>Events never carry credentials: URLs are the ones requests went to (never with userinfo),
 * headers are not reported, and a redirect says only whether credentials were carried. Texts that
 * come from a server (a failover reason, an attempt's cause) have every credential the transport
 * sent redacted, as in its error messages (A5).
 *
 * <p>Order within one call: {@link #callStarted}, then per request {@link #attemptStarted} and
 * {@link #attemptEnded} (with {@link #redirect}, {@link #failover} and {@link #coldPathTaken}
 * between them as they happen), then {@link #callEnded} or {@link #callFailed}. The attempt whose
 * response becomes the stream the caller reads ends when that stream is closed, so its {@link
 * #attemptEnded} comes after {@link #callEnded} and counts every body byte the caller read.
 *
 * @since 0.2
 */
public interface TransportEventListener {

  /** A listener that ignores every event. */
  TransportEventListener NONE = new TransportEventListener() {};

  /**
   * A call began: {@code infoRefs}, {@code infoRefsV2} or {@code serviceRpc}.
   *
   * @param call what was called
   */
  default void callStarted(Call call) {}

  /**
   * A call returned its response stream (or, for a call that failed, see {@link #callFailed}).
   *
   * @param call what was called
   * @param duration from {@link #callStarted} until the response head was accepted
   */
  default void callEnded(Call call, Duration duration) {}

  /**
   * A call failed with {@code failure}, the exception its caller receives.
   *
   * @param call what was called
   * @param duration from {@link #callStarted} until the failure
   * @param failure what the caller receives: a {@link
   *     io.entire.transport.domain.TransportException} for every failure of the transport; typed
   *     {@code Exception} so that anything else a call throws (a caller's bad argument, a bug) is
   *     reported too
   */
  default void callFailed(Call call, Duration duration, Exception failure) {}

  /**
   * One request of a call is about to be sent to one node (or to the entry domain).
   *
   * @param call the call the attempt belongs to
   * @param node where the request goes
   */
  default void attemptStarted(Call call, NodeUrl node) {}

  /**
   * One attempt ended: with a response once that response is released (closed by the transport, or,
   * for the response whose body the caller reads, when the caller closes the stream), without one
   * as soon as sending failed.
   *
   * @param attempt its outcome
   */
  default void attemptEnded(Attempt attempt) {}

  /**
   * A call gives up on {@code node} (F2), which leaves the node list; the call goes on with the
   * next node, if any.
   *
   * @param call the call that fails over
   * @param node the node that failed
   * @param kind why, as one of a few categories (bounded, for metric tags)
   * @param reason why, in words (e.g. {@code "server error (HTTP 503): overloaded"}), never a
   *     secret
   */
  default void failover(Call call, NodeUrl node, FailureKind kind, String reason) {}

  /**
   * A redirect was followed.
   *
   * @param call the call that was redirected
   * @param from the URL that answered 3xx
   * @param to the URL followed
   * @param credentialsCarried whether the next request carries credentials (X2)
   */
  default void redirect(Call call, URI from, URI to, boolean credentialsCarried) {}

  /**
   * A call went to the cluster's entry domain (W2, W3): no cached replica could answer.
   *
   * @param call the call
   */
  default void coldPathTaken(Call call) {}

  /**
   * The replica cache was read for a repository.
   *
   * @param repository the repository URL
   * @param hit whether unexpired replicas were found
   */
  default void replicaCacheRead(String repository, boolean hit) {}

  /**
   * Replicas of a repository were written to the replica cache (K2), or its entry removed (K6).
   *
   * @param repository the repository URL
   */
  default void replicaCacheWritten(String repository) {}

  /**
   * A node was demoted after failing (D3): its failure is recorded in the replica cache entry and
   * it is tried after the healthy nodes until its ejection ends. Emitted after the {@link
   * #failover} of that node, only when the cache recorded the failure (a live entry names it).
   *
   * @param node the node
   * @param reason why, in words
   */
  default void nodeDemoted(NodeUrl node, String reason) {}

  /**
   * A demoted node answered again (D3): its health record is cleared and it is in its ring place
   * again.
   *
   * @param node the node
   */
  default void nodeRestored(NodeUrl node) {}

  /**
   * One call of a transport.
   *
   * @param repository the repository URL (entry URL and path; the path alone for a transport
   *     without an entry URL), never with credentials
   * @param service the git service
   * @param kind discovery ({@code info/refs}) or a service RPC
   * @since 0.2
   */
  record Call(String repository, GitService service, Kind kind) {
    /** Validates the call. */
    public Call {
      Objects.requireNonNull(repository, "repository");
      Objects.requireNonNull(service, "service");
      Objects.requireNonNull(kind, "kind");
    }
  }

  /**
   * What a call does.
   *
   * @since 0.2
   */
  enum Kind {
    /** {@code GET …/info/refs?service=…}. */
    DISCOVERY,
    /** {@code POST …/git-upload-pack} or {@code …/git-receive-pack}. */
    RPC
  }

  /**
   * The outcome of one attempt.
   *
   * @param call the call the attempt belongs to
   * @param node where the request went
   * @param status the HTTP status, or empty when no response came (see {@code failure})
   * @param failure why no response came, as a category, or empty when one came
   * @param cause why no response came, in words, or empty when one came
   * @param duration from sending the request until its response head (or failure); reading the body
   *     is not included
   * @param bytesSent the length of the request body the attempt carried (before S4 compression), 0
   *     without a body; reported whether or not the server read it all
   * @param bytesReceived response body bytes read through the transport until the response was
   *     released (decompressed, as the caller sees them); 0 without a response
   * @since 0.2
   */
  record Attempt(
      Call call,
      NodeUrl node,
      Optional<Integer> status,
      Optional<FailureKind> failure,
      Optional<String> cause,
      Duration duration,
      long bytesSent,
      long bytesReceived) {
    /** Validates the attempt: a status, or a failure with its cause, never both. */
    public Attempt {
      Objects.requireNonNull(call, "call");
      Objects.requireNonNull(node, "node");
      Objects.requireNonNull(status, "status");
      Objects.requireNonNull(failure, "failure");
      Objects.requireNonNull(cause, "cause");
      Objects.requireNonNull(duration, "duration");
      if (status.isPresent() == failure.isPresent() || failure.isPresent() != cause.isPresent()) {
        throw new IllegalArgumentException(
            "an attempt has a status, or a failure and its cause: " + status + " " + failure);
      }
      if (bytesSent < 0 || bytesReceived < 0) {
        throw new IllegalArgumentException("byte counts must not be negative");
      }
    }
  }

  /**
   * Why an attempt got no response, or why a node was given up on: a small fixed set, so that it
   * can be a metric tag.
   *
   * @since 0.2
   */
  enum FailureKind {
    /** The connection could not be made: refused, no route, unknown host. */
    CONNECT,
    /** A connect or read timeout. */
    TIMEOUT,
    /** The connection broke: reset, closed early, no or a cut-short response. */
    RESET,
    /** The TLS handshake or session failed. */
    TLS,
    /** The call was cancelled (L6): not the node's fault. */
    CANCELLED,
    /** The node answered with a 5xx status (F2). */
    SERVER_ERROR,
    /** Anything else. */
    OTHER;

    /**
     * Classifies a failure by its type and the types of its causes (the first that is known wins).
     *
     * @param failure what went wrong
     * @return its category; {@link #OTHER} when no type in the chain is known
     */
    public static FailureKind of(Throwable failure) {
      for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
        FailureKind kind = ofType(t);
        if (kind != OTHER) {
          return kind;
        }
      }
      return OTHER;
    }

    private static FailureKind ofType(Throwable t) {
      if (t instanceof TransportCancelledException) {
        return CANCELLED;
      }
      if (t instanceof HttpStatusException status) {
        return status.status() >= 500 ? SERVER_ERROR : OTHER;
      }
      if (t instanceof ConnectException
          || t instanceof NoRouteToHostException
          || t instanceof PortUnreachableException
          || t instanceof UnknownHostException) {
        return CONNECT;
      }
      if (t instanceof InterruptedIOException) {
        return TIMEOUT; // SocketTimeoutException, and HttpClient's connect timeout
      }
      if (isA(t, "javax.net.ssl.SSLException")) {
        return TLS;
      }
      if (t instanceof SocketException || t instanceof EOFException) {
        return RESET;
      }
      // The HTTP adapter's library reports a connection closed early in its own types; the port
      // cannot name them, so they are known by name.
      String name = t.getClass().getSimpleName();
      if (name.equals("NoHttpResponseException")
          || name.equals("ConnectionClosedException")
          || name.equals("TruncatedChunkException")
          || name.equals("MalformedChunkCodingException")) {
        return RESET;
      }
      return OTHER;
    }

    /**
     * Whether {@code t} is of the named type or a subclass. The application may name only {@code
     * java..} types (DESIGN §1.1), so the TLS exception is known by its name.
     */
    private static boolean isA(Throwable t, String typeName) {
      for (Class<?> c = t.getClass(); c != null; c = c.getSuperclass()) {
        if (c.getName().equals(typeName)) {
          return true;
        }
      }
      return false;
    }
  }
}
