package io.entire.transport.application.service;

import io.entire.transport.application.port.out.HttpRequest;
import io.entire.transport.domain.NodeUrl;
import io.entire.transport.domain.TransportCancelledException;
import java.io.IOException;
import java.util.List;

/**
 * The attempts of one logical request on the nodes {@link Failover} picks for it: one at a time
 * ({@link #serial}), or hedged (D2, {@link HedgedAttempts}).
 *
 * <p>Not thread-safe: used by the calling thread of one request.
 */
interface Attempts extends AutoCloseable {

  /**
   * How one attempt ended: an answer (any status) or a failure (an {@link Error} too, so that a bug
   * on an attempt's thread reaches the caller rather than leaving it waiting).
   */
  record Ended(NodeUrl node, long start, Answer answer, Throwable failure) {}

  /** Whether another node may be started now: nothing is in flight, or a hedge is due. */
  boolean wantsAnother();

  /** Sends {@code request} to {@code node}; {@code start} is the discovery budget's mark. */
  void start(NodeUrl node, HttpRequest request, long start);

  /** How many attempts were started and have not ended (or been handed out by {@link #next}). */
  int inFlight();

  /**
   * The next attempt that ended, waiting for it; or null when {@code mayHedge} and a hedge became
   * due first.
   *
   * @throws TransportCancelledException when the calling thread is interrupted
   */
  Ended next(boolean mayHedge) throws TransportCancelledException;

  /**
   * {@code winner}'s answer is the one returned: every other attempt is aborted.
   *
   * @return the nodes it overtook: started before it and still without an answer (D2)
   */
  List<NodeUrl> won(Ended winner);

  /** Aborts every attempt still in flight (the request failed or was given up). */
  @Override
  void close();

  /** One attempt at a time, on the calling thread: failover as F1–F8 describe it. */
  static Attempts serial(FollowUpLoop followUps, io.entire.transport.domain.RepoAction action) {
    return new Attempts() {
      private Ended ended;

      @Override
      public boolean wantsAnother() {
        return ended == null;
      }

      @Override
      public void start(NodeUrl node, HttpRequest request, long start) {
        try {
          ended =
              new Ended(
                  node,
                  start,
                  followUps.send(request, action, FollowUpLoop.FirstRedirect.FOLLOW),
                  null);
        } catch (IOException | RuntimeException e) {
          ended = new Ended(node, start, null, e);
        }
      }

      @Override
      public int inFlight() {
        return ended == null ? 0 : 1;
      }

      @Override
      public Ended next(boolean mayHedge) {
        Ended result = ended;
        ended = null;
        return result;
      }

      @Override
      public List<NodeUrl> won(Ended winner) {
        return List.of();
      }

      @Override
      public void close() {}
    };
  }
}
