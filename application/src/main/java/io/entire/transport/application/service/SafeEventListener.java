package io.entire.transport.application.service;

import io.entire.transport.application.port.out.TransportEventListener;
import io.entire.transport.domain.NodeUrl;
import java.net.URI;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * O1: a listener that throws never breaks a call. Every event goes to the wrapped listener; what it
 * throws is logged at debug and dropped.
 *
 * <p>Thread-safe when the wrapped listener is.
 */
final class SafeEventListener implements TransportEventListener {
  private static final Logger log = LoggerFactory.getLogger(SafeEventListener.class);

  private final TransportEventListener listener;

  private SafeEventListener(TransportEventListener listener) {
    this.listener = listener;
  }

  /** Wraps {@code listener}, unless it is already safe. */
  static TransportEventListener wrap(TransportEventListener listener) {
    return listener instanceof SafeEventListener ? listener : new SafeEventListener(listener);
  }

  @Override
  public void callStarted(Call call) {
    deliver("callStarted", () -> listener.callStarted(call));
  }

  @Override
  public void callEnded(Call call, Duration duration) {
    deliver("callEnded", () -> listener.callEnded(call, duration));
  }

  @Override
  public void callFailed(Call call, Duration duration, Exception failure) {
    deliver("callFailed", () -> listener.callFailed(call, duration, failure));
  }

  @Override
  public void attemptStarted(Call call, NodeUrl node) {
    deliver("attemptStarted", () -> listener.attemptStarted(call, node));
  }

  @Override
  public void attemptEnded(Attempt attempt) {
    deliver("attemptEnded", () -> listener.attemptEnded(attempt));
  }

  @Override
  public void failover(Call call, NodeUrl node, FailureKind kind, String reason) {
    deliver("failover", () -> listener.failover(call, node, kind, reason));
  }

  @Override
  public void redirect(Call call, URI from, URI to, boolean credentialsCarried) {
    deliver("redirect", () -> listener.redirect(call, from, to, credentialsCarried));
  }

  @Override
  public void coldPathTaken(Call call) {
    deliver("coldPathTaken", () -> listener.coldPathTaken(call));
  }

  @Override
  public void replicaCacheRead(String repository, boolean hit) {
    deliver("replicaCacheRead", () -> listener.replicaCacheRead(repository, hit));
  }

  @Override
  public void replicaCacheWritten(String repository) {
    deliver("replicaCacheWritten", () -> listener.replicaCacheWritten(repository));
  }

  @Override
  public void nodeDemoted(NodeUrl node, String reason) {
    deliver("nodeDemoted", () -> listener.nodeDemoted(node, reason));
  }

  @Override
  public void nodeRestored(NodeUrl node) {
    deliver("nodeRestored", () -> listener.nodeRestored(node));
  }

  private static void deliver(String event, Runnable delivery) {
    try {
      delivery.run();
    } catch (RuntimeException | LinkageError listenerBug) {
      // Catching LinkageError too: a listener compiled against another Micrometer, say, must not
      // fail a fetch either. Other Errors (out of memory) are not the listener's to swallow.
      log.debug("event listener threw on {}; dropped", event, listenerBug);
    }
  }
}
