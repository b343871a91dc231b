package io.entire.transport.application.port.out;

import io.entire.transport.domain.GitService;
import io.entire.transport.domain.NodeUrl;
import io.entire.transport.domain.TransportException;
import java.net.URI;
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
 * headers are not reported, and a redirect says only whether credentials were carried.
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
   * @param failure what the caller receives
   */
  default void callFailed(Call call, Duration duration, TransportException failure) {}

  /**
   * One request of a call is about to be sent to one node (or to the entry domain).
   *
   * @param call the call the attempt belongs to
   * @param node where the request goes
   */
  default void attemptStarted(Call call, NodeUrl node) {}

  /**
   * One attempt ended.
   *
   * @param attempt its outcome
   */
  default void attemptEnded(Attempt attempt) {}

  /**
   * A call moves on from {@code node} to the next one (F2).
   *
   * @param call the call that fails over
   * @param node the node that failed
   * @param reason why, in words (e.g. {@code "503"}, {@code "connection refused"}), never a secret
   */
  default void failover(Call call, NodeUrl node, String reason) {}

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
   * A node was demoted after failing (D3).
   *
   * @param node the node
   * @param reason why, in words
   */
  default void nodeDemoted(NodeUrl node, String reason) {}

  /**
   * A demoted node answered again (D3).
   *
   * @param node the node
   */
  default void nodeRestored(NodeUrl node) {}

  /**
   * One call of a transport.
   *
   * @param repository the repository URL (entry URL and path), never with credentials
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
   * @param status the HTTP status, or empty when no response came (see {@code cause})
   * @param cause why no response came, in words, or empty
   * @param duration from sending the request until its response head (or failure)
   * @param bytesSent request body bytes sent
   * @param bytesReceived response body bytes read, as far as known when the event is sent
   * @since 0.2
   */
  record Attempt(
      Call call,
      NodeUrl node,
      Optional<Integer> status,
      Optional<String> cause,
      Duration duration,
      long bytesSent,
      long bytesReceived) {
    /** Validates the attempt. */
    public Attempt {
      Objects.requireNonNull(call, "call");
      Objects.requireNonNull(node, "node");
      Objects.requireNonNull(status, "status");
      Objects.requireNonNull(cause, "cause");
      Objects.requireNonNull(duration, "duration");
    }
  }
}
