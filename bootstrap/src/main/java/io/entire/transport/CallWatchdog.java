package io.entire.transport;

import io.entire.transport.application.port.in.Cancellation;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Ends calls that were interrupted or ran past their deadline (L6), for every session of one
 * client, from one daemon thread.
 *
 * <p>Why a watchdog: a thread blocked in a classic socket read does not notice {@link
 * Thread#interrupt()}, so nothing in the call itself can react to it; and a deadline must hold
 * against a server that sends nothing at all. Every {@value #TICK_MILLIS} ms the watchdog looks at
 * the calls in flight and cancels those whose thread is interrupted or whose deadline passed;
 * cancelling aborts the socket (or the token request, or kills the credential helper), so the call
 * ends well within a second. The thread starts with the first call, not with the client (L2).
 *
 * <p>Thread-safe.
 */
final class CallWatchdog implements AutoCloseable {
  static final long TICK_MILLIS = 100;

  /** Why a watched call was cancelled. */
  enum Reason {
    INTERRUPTED,
    DEADLINE
  }

  private final Set<Watch> watches = ConcurrentHashMap.newKeySet();
  private ScheduledExecutorService timer; // guarded by this
  private boolean closed; // guarded by this

  /**
   * Watches a call from now until the returned watch is closed.
   *
   * @param thread the thread running the call (updated as another thread reads its stream)
   * @param cancellation what to cancel
   * @param deadlineNanos the {@link System#nanoTime()} after which the call is cancelled, or {@link
   *     Long#MAX_VALUE} for none
   */
  Watch watch(Thread thread, Cancellation cancellation, long deadlineNanos) {
    Watch watch = new Watch(thread, cancellation, deadlineNanos);
    watches.add(watch);
    startTimer();
    return watch;
  }

  private synchronized void startTimer() {
    if (timer != null || closed) {
      return;
    }
    timer =
        Executors.newSingleThreadScheduledExecutor(
            task -> {
              Thread thread = new Thread(task, "entire-transport-watchdog");
              thread.setDaemon(true);
              return thread;
            });
    timer.scheduleWithFixedDelay(this::tick, TICK_MILLIS, TICK_MILLIS, TimeUnit.MILLISECONDS);
  }

  private void tick() {
    long now = System.nanoTime();
    for (Watch watch : watches) {
      watch.check(now);
    }
  }

  /** Whether the watchdog thread is running (started, and not yet stopped). */
  synchronized boolean isRunning() {
    return timer != null && !timer.isTerminated();
  }

  /** Stops the thread; calls still watched are the client's to cancel. */
  @Override
  public synchronized void close() {
    closed = true;
    if (timer != null) {
      timer.shutdownNow();
      try {
        // The thread only ever runs a short tick: it stops at once.
        timer.awaitTermination(1, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** One watched call. */
  final class Watch implements AutoCloseable {
    private final Cancellation cancellation;
    private final long deadlineNanos;
    private volatile Thread thread;
    private volatile Reason reason;

    private Watch(Thread thread, Cancellation cancellation, long deadlineNanos) {
      this.thread = thread;
      this.cancellation = cancellation;
      this.deadlineNanos = deadlineNanos;
    }

    /** The call goes on on {@code thread} (reading its stream). */
    void runsOn(Thread thread) {
      this.thread = thread;
    }

    /** Why the watchdog cancelled the call, or null when it did not. */
    Reason reason() {
      return reason;
    }

    /** Cancels for the deadline now if it has passed: the call checks before it starts. */
    void checkNow() {
      check(System.nanoTime());
    }

    private void check(long now) {
      if (reason != null) {
        return;
      }
      if (thread.isInterrupted()) {
        trip(Reason.INTERRUPTED);
      } else if (deadlineNanos != Long.MAX_VALUE && now - deadlineNanos >= 0) {
        trip(Reason.DEADLINE);
      }
    }

    private void trip(Reason why) {
      reason = why;
      cancellation.cancel();
    }

    @Override
    public void close() {
      watches.remove(this);
    }
  }
}
