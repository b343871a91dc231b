package io.entire.transport.application.service;

import io.entire.transport.application.port.in.Cancellation;
import io.entire.transport.application.port.out.HttpRequest;
import io.entire.transport.application.port.out.HttpResponse;
import io.entire.transport.domain.FailoverPolicy;
import io.entire.transport.domain.Headers;
import io.entire.transport.domain.NodeUrl;
import io.entire.transport.domain.RepoAction;
import io.entire.transport.domain.TransportCancelledException;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hedged discovery (D2): each attempt runs on a thread of its own while the caller waits; when the
 * latest one has no answer (no response headers) after the hedge delay, the caller may start the
 * next node as well. The first answer wins; the others are aborted through their own {@link
 * Cancellation}, which the call's cancellation also reaches.
 *
 * <p>Not thread-safe: one per request, used by its calling thread; the attempts' threads only hand
 * their outcome back. Threads are daemons from one pool shared by every transport, and end 30 s
 * after their last attempt: a process that never hedges starts none.
 */
final class HedgedAttempts implements Attempts {
  private static final Logger log = LoggerFactory.getLogger(HedgedAttempts.class);
  private static final AtomicInteger THREADS = new AtomicInteger();
  private static final ExecutorService ATTEMPTS =
      new ThreadPoolExecutor(
          0,
          Integer.MAX_VALUE,
          30,
          TimeUnit.SECONDS,
          new SynchronousQueue<>(),
          r -> {
            Thread t = new Thread(r, "entire-hedge-" + THREADS.incrementAndGet());
            t.setDaemon(true);
            return t;
          });

  /** Queued when the latest attempt sent its request: the hedge delay counts from then. */
  private static final Ended SENT = new Ended(null, 0, null, null);

  private static final long NOT_SENT = Long.MAX_VALUE;

  private final FollowUpLoop followUps;
  private final RepoAction action;
  private final Cancellation call;
  private final long hedgeDelayNanos;
  private final LinkedBlockingQueue<Ended> ended = new LinkedBlockingQueue<>();

  /** The attempts started and not handed out yet, in start order; guarded by this. */
  private final Map<NodeUrl, Running> running = new LinkedHashMap<>();

  /** The number of every attempt started, handed out or not; guarded by this. */
  private final Map<NodeUrl, Integer> numbers = new HashMap<>();

  private boolean settled; // guarded by this: outcomes after it are closed, not queued
  private int latest; // guarded by this: the number of the latest attempt
  private volatile long sentAt = NOT_SENT; // when the latest attempt sent its request

  HedgedAttempts(FollowUpLoop followUps, RepoAction action, Cancellation call, Duration delay) {
    this.followUps = followUps;
    this.action = action;
    this.call = call;
    this.hedgeDelayNanos = delay.toNanos();
  }

  /** One attempt in flight: its own cancellation, linked to the call's until it ends. */
  private record Running(int number, Cancellation cancel, Cancellation.Registration link) {}

  @Override
  public boolean wantsAnother() {
    return inFlight() == 0 || hedgeDueIn() <= 0;
  }

  /** Nanoseconds until a hedge is due; {@link #NOT_SENT} while the latest request is not sent. */
  private long hedgeDueIn() {
    long sent = sentAt;
    return sent == NOT_SENT ? NOT_SENT : sent + hedgeDelayNanos - System.nanoTime();
  }

  @Override
  public void start(NodeUrl node, HttpRequest request, long start) {
    Cancellation cancel = new Cancellation();
    Running attempt;
    int number;
    synchronized (this) {
      number = ++latest;
      attempt = new Running(number, cancel, call.onCancel(cancel::cancel));
      running.put(node, attempt);
      numbers.put(node, number);
    }
    sentAt = NOT_SENT;
    ATTEMPTS.execute(() -> report(attempt, run(node, request, start, cancel, number)));
  }

  private Ended run(
      NodeUrl node, HttpRequest request, long start, Cancellation cancel, int number) {
    try {
      Answer answer =
          followUps.send(
              request, action, FollowUpLoop.FirstRedirect.FOLLOW, cancel, () -> sent(number));
      return new Ended(node, start, answer, null);
    } catch (Throwable e) { // even an Error must reach the waiting caller
      return new Ended(node, start, null, e);
    }
  }

  private void sent(int number) {
    synchronized (this) {
      if (number != latest || settled) {
        return; // an earlier attempt: the latest one's wait is what counts
      }
      sentAt = System.nanoTime();
    }
    ended.add(SENT); // wakes the caller, which now waits for the hedge delay
  }

  @Override
  public synchronized int inFlight() {
    return running.size();
  }

  @Override
  public Ended next(boolean mayHedge) throws TransportCancelledException {
    try {
      for (; ; ) {
        long dueIn = mayHedge ? hedgeDueIn() : NOT_SENT;
        Ended next = dueIn == NOT_SENT ? ended.take() : ended.poll(dueIn, TimeUnit.NANOSECONDS);
        if (next == SENT) {
          continue;
        }
        if (next == null) {
          log.debug(
              "no answer after {} ms; hedging", TimeUnit.NANOSECONDS.toMillis(hedgeDelayNanos));
          return null;
        }
        return handOut(next);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TransportCancelledException("interrupted while waiting for the server", e);
    }
  }

  private Ended handOut(Ended next) {
    Running attempt;
    synchronized (this) {
      attempt = running.remove(next.node());
      boolean failedOver =
          next.answer() == null
              || FailoverPolicy.onStatus(next.answer().status())
                  == FailoverPolicy.Verdict.FAIL_OVER;
      if (failedOver && attempt.number() == latest) {
        sentAt = System.nanoTime() - hedgeDelayNanos; // F2: the next node is due at once
      }
    }
    if (next.answer() == null) {
      attempt.link().close(); // a failed attempt is over
      return next;
    }
    // The answer's body is still to be read under the call's cancellation (L6).
    return new Ended(
        next.node(), next.start(), unlinkedOnClose(next.answer(), attempt.link()), null);
  }

  @Override
  public List<NodeUrl> won(Ended winner) {
    List<NodeUrl> overtaken = new ArrayList<>();
    List<Running> losers;
    synchronized (this) {
      int winning = numbers.get(winner.node());
      running.forEach(
          (node, attempt) -> {
            if (attempt.number() < winning) {
              overtaken.add(node); // started earlier and still without an answer
            }
          });
      losers = settle();
    }
    losers.forEach(HedgedAttempts::abort);
    return overtaken;
  }

  @Override
  public void close() {
    List<Running> left;
    synchronized (this) {
      left = settle();
    }
    left.forEach(HedgedAttempts::abort);
  }

  /** Ends the race; answers that arrive later are closed. Returns the attempts still running. */
  private List<Running> settle() {
    settled = true;
    List<Running> left = new ArrayList<>(running.values());
    running.clear();
    for (Ended queued; (queued = ended.poll()) != null; ) {
      if (queued != SENT) {
        discard(queued);
      }
    }
    return left;
  }

  private void report(Running attempt, Ended outcome) {
    synchronized (this) {
      if (!settled) {
        ended.add(outcome);
        return;
      }
    }
    attempt.link().close();
    discard(outcome);
  }

  private static void abort(Running attempt) {
    attempt.cancel().cancel();
    attempt.link().close();
  }

  private static void discard(Ended outcome) {
    if (outcome.answer() != null) { // a loser's answer: its connection goes
      try {
        outcome.answer().response().close();
      } catch (IOException | RuntimeException e) {
        log.debug("closing an answer that lost the race failed", e);
      }
    }
  }

  /**
   * The winner's response, which unlinks its attempt's cancellation from the call's when closed: a
   * long-lived call cancellation keeps no listener per hedged call.
   */
  private static Answer unlinkedOnClose(Answer answer, Cancellation.Registration link) {
    HttpResponse response = answer.response();
    HttpResponse closing =
        new HttpResponse() {
          @Override
          public int status() {
            return response.status();
          }

          @Override
          public Headers headers() {
            return response.headers();
          }

          @Override
          public InputStream body() throws IOException {
            return response.body();
          }

          @Override
          public void close() throws IOException {
            try {
              response.close();
            } finally {
              link.close();
            }
          }
        };
    return new Answer(closing, answer.uri());
  }
}
