package io.entire.transport.application.service;

import io.entire.transport.application.port.out.TransportEventListener;
import io.entire.transport.domain.NodeUrl;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * O1: the listeners of a client as one, where a listener that throws never breaks a call. Every
 * event goes to each listener in turn; what one throws is logged at debug and dropped, and the
 * others still get the event.
 *
 * <p>Thread-safe when the listeners are.
 */
public final class SafeEventListener implements TransportEventListener {
  private static final Logger log = LoggerFactory.getLogger(SafeEventListener.class);

  private final List<TransportEventListener> listeners;

  private SafeEventListener(List<TransportEventListener> listeners) {
    this.listeners = List.copyOf(listeners);
  }

  /**
   * The listeners as one, in the order given (a client's, repeatable on its builder).
   *
   * @param listeners the listeners, possibly none
   * @return a listener that tells each of them every event
   */
  public static TransportEventListener of(List<TransportEventListener> listeners) {
    // None (the helper's usual case): the no-op listener, so that no event builds its delivery,
    // a lambda whose first use a start without a startup archive pays for (DESIGN §7).
    return listeners.isEmpty() ? TransportEventListener.NONE : new SafeEventListener(listeners);
  }

  /** Wraps {@code listener}, unless it is already safe (or the no-op listener). */
  static TransportEventListener wrap(TransportEventListener listener) {
    return listener instanceof SafeEventListener || listener == TransportEventListener.NONE
        ? listener
        : new SafeEventListener(List.of(listener));
  }

  @Override
  public void callStarted(Call call) {
    deliver("callStarted", listener -> listener.callStarted(call));
  }

  @Override
  public void callEnded(Call call, Duration duration) {
    deliver("callEnded", listener -> listener.callEnded(call, duration));
  }

  @Override
  public void callFailed(Call call, Duration duration, Exception failure) {
    deliver("callFailed", listener -> listener.callFailed(call, duration, failure));
  }

  @Override
  public void attemptStarted(Call call, NodeUrl node) {
    deliver("attemptStarted", listener -> listener.attemptStarted(call, node));
  }

  @Override
  public void attemptEnded(Attempt attempt) {
    deliver("attemptEnded", listener -> listener.attemptEnded(attempt));
  }

  @Override
  public void failover(Call call, NodeUrl node, FailureKind kind, String reason) {
    deliver("failover", listener -> listener.failover(call, node, kind, reason));
  }

  @Override
  public void redirect(Call call, URI from, URI to, boolean credentialsCarried) {
    deliver("redirect", listener -> listener.redirect(call, from, to, credentialsCarried));
  }

  @Override
  public void coldPathTaken(Call call) {
    deliver("coldPathTaken", listener -> listener.coldPathTaken(call));
  }

  @Override
  public void replicaCacheRead(String repository, boolean hit) {
    deliver("replicaCacheRead", listener -> listener.replicaCacheRead(repository, hit));
  }

  @Override
  public void replicaCacheWritten(String repository) {
    deliver("replicaCacheWritten", listener -> listener.replicaCacheWritten(repository));
  }

  @Override
  public void nodeDemoted(NodeUrl node, String reason) {
    deliver("nodeDemoted", listener -> listener.nodeDemoted(node, reason));
  }

  @Override
  public void nodeRestored(NodeUrl node) {
    deliver("nodeRestored", listener -> listener.nodeRestored(node));
  }

  private void deliver(String event, Consumer<TransportEventListener> delivery) {
    for (TransportEventListener listener : listeners) {
      try {
        delivery.accept(listener);
      } catch (RuntimeException | LinkageError listenerBug) {
        // Catching LinkageError too: a listener compiled against another Micrometer, say, must
        // not fail a fetch either. Other Errors (out of memory) are not the listener's to swallow.
        log.debug("event listener {} threw on {}; dropped", listener, event, listenerBug);
      }
    }
  }
}
