package io.entire.transport;

import io.entire.transport.application.port.out.TransportEventListener;
import io.entire.transport.domain.NodeUrl;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The listeners of one client as one (O1): each event goes to every listener in the order they were
 * added, and one that throws neither breaks the call nor keeps the event from the others.
 */
final class EventListeners implements TransportEventListener {
  private static final Logger log = LoggerFactory.getLogger(EventListeners.class);

  private final List<TransportEventListener> listeners;

  private EventListeners(List<TransportEventListener> listeners) {
    this.listeners = List.copyOf(listeners);
  }

  /** The listeners as one; {@link TransportEventListener#NONE} when there are none. */
  static TransportEventListener of(List<TransportEventListener> listeners) {
    return listeners.isEmpty() ? TransportEventListener.NONE : new EventListeners(listeners);
  }

  private void each(Consumer<TransportEventListener> event) {
    for (TransportEventListener listener : listeners) {
      try {
        event.accept(listener);
      } catch (RuntimeException e) {
        log.debug("event listener {} threw; ignored", listener, e);
      }
    }
  }

  @Override
  public void callStarted(Call call) {
    each(l -> l.callStarted(call));
  }

  @Override
  public void callEnded(Call call, Duration duration) {
    each(l -> l.callEnded(call, duration));
  }

  @Override
  public void callFailed(Call call, Duration duration, Exception failure) {
    each(l -> l.callFailed(call, duration, failure));
  }

  @Override
  public void attemptStarted(Call call, NodeUrl node) {
    each(l -> l.attemptStarted(call, node));
  }

  @Override
  public void attemptEnded(Attempt attempt) {
    each(l -> l.attemptEnded(attempt));
  }

  @Override
  public void failover(Call call, NodeUrl node, FailureKind kind, String reason) {
    each(l -> l.failover(call, node, kind, reason));
  }

  @Override
  public void redirect(Call call, URI from, URI to, boolean credentialsCarried) {
    each(l -> l.redirect(call, from, to, credentialsCarried));
  }

  @Override
  public void coldPathTaken(Call call) {
    each(l -> l.coldPathTaken(call));
  }

  @Override
  public void replicaCacheRead(String repository, boolean hit) {
    each(l -> l.replicaCacheRead(repository, hit));
  }

  @Override
  public void replicaCacheWritten(String repository) {
    each(l -> l.replicaCacheWritten(repository));
  }

  @Override
  public void nodeDemoted(NodeUrl node, String reason) {
    each(l -> l.nodeDemoted(node, reason));
  }

  @Override
  public void nodeRestored(NodeUrl node) {
    each(l -> l.nodeRestored(node));
  }
}
