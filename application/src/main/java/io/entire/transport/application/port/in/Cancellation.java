package io.entire.transport.application.port.in;

import java.util.ArrayList;
import java.util.List;

/**
 * A cancellation handle shared by the caller and in-flight calls. Cancelling aborts the current
 * exchange promptly (within a second, also against a server that hangs) and makes the call fail
 * with {@link io.entire.transport.domain.TransportCancelledException}.
 *
 * <p>Thread-safe: {@link #cancel()} is meant to be called from another thread (e.g. a signal
 * handler). Once cancelled, a handle stays cancelled.
 *
 * @since 0.1
 */
public final class Cancellation {
  private final List<Runnable> listeners = new ArrayList<>();
  private boolean cancelled;

  /** Creates a handle that is not cancelled. */
  public Cancellation() {}

  /** Cancels: runs every registered listener once, now, on the calling thread. */
  public void cancel() {
    List<Runnable> toRun;
    synchronized (this) {
      if (cancelled) {
        return;
      }
      cancelled = true;
      toRun = new ArrayList<>(listeners);
      listeners.clear();
    }
    for (Runnable r : toRun) {
      r.run();
    }
  }

  /** Returns whether {@link #cancel()} was called. */
  public synchronized boolean isCancelled() {
    return cancelled;
  }

  /**
   * Registers an action to run on cancellation (at once, if already cancelled).
   *
   * @param onCancel e.g. aborting a socket; must be quick and must not throw
   * @return a registration; closing it unregisters the action
   */
  public Registration onCancel(Runnable onCancel) {
    boolean runNow;
    synchronized (this) {
      runNow = cancelled;
      if (!runNow) {
        listeners.add(onCancel);
      }
    }
    if (runNow) {
      onCancel.run();
    }
    return () -> {
      synchronized (Cancellation.this) {
        listeners.remove(onCancel);
      }
    };
  }

  /**
   * A registered cancellation action; closing it unregisters the action.
   *
   * @since 0.1
   */
  @FunctionalInterface
  public interface Registration extends AutoCloseable {
    @Override
    void close();
  }
}
