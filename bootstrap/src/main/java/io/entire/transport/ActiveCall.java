package io.entire.transport;

import io.entire.transport.application.port.in.Cancellation;
import io.entire.transport.domain.DeadlineExceededException;
import io.entire.transport.domain.TransportCancelledException;
import io.entire.transport.domain.TransportException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.function.Consumer;

/**
 * One call of a session in flight (L6), from its start until its stream is closed: its own
 * cancellation, linked to the session's and the client's, and its watch for interrupts and the
 * deadline. Ending it unlinks everything, so that a cancelled call never touches the next one.
 */
final class ActiveCall {
  private final Cancellation cancellation = new Cancellation();
  private final Cancellation.Registration sessionLink;
  private final Cancellation.Registration clientLink;
  private final CallWatchdog.Watch watch;
  private final Duration timeout; // null without a deadline
  private final Consumer<ActiveCall> onEnd;
  private boolean ended; // guarded by this
  private volatile InputStream stream;

  ActiveCall(
      Cancellation session,
      Cancellation client,
      CallWatchdog watchdog,
      Duration timeout,
      long deadlineNanos,
      Consumer<ActiveCall> onEnd) {
    this.timeout = timeout;
    this.onEnd = onEnd;
    this.sessionLink = session.onCancel(cancellation::cancel);
    this.clientLink = client.onCancel(cancellation::cancel);
    this.watch = watchdog.watch(Thread.currentThread(), cancellation, deadlineNanos);
    watch.checkNow();
  }

  /** The cancellation the call's requests and stream run under. */
  Cancellation cancellation() {
    return cancellation;
  }

  /** Aborts the call from any thread (the session closes): cancels it and closes its stream. */
  void abort() {
    cancellation.cancel();
    InputStream open = stream;
    if (open != null) {
      try {
        open.close();
      } catch (IOException | RuntimeException e) {
        // Already aborted: closing only releases what is left.
      }
    }
    end();
  }

  /** Ends the call: unlinks it from the session, the client and the watchdog. Idempotent. */
  void end() {
    synchronized (this) {
      if (ended) {
        return;
      }
      ended = true;
    }
    watch.close();
    sessionLink.close();
    clientLink.close();
    onEnd.accept(this);
  }

  /**
   * What the caller receives for {@code failure} (L5, L6): the watchdog's reason when it cancelled
   * the call, else the failure itself when it is a {@link TransportException}, else the unchecked
   * or foreign failure turned into one.
   */
  IOException failure(Throwable failure) {
    CallWatchdog.Reason reason = watch.reason();
    if (reason == CallWatchdog.Reason.DEADLINE) {
      return new DeadlineExceededException(
          "deadline of " + timeout.toMillis() + " ms exceeded", failure);
    }
    // An interrupt the call's own wait noticed first (a credential helper's or a token exchange's)
    // leaves the flag set, before the watchdog's next look.
    if (reason == CallWatchdog.Reason.INTERRUPTED || Thread.currentThread().isInterrupted()) {
      Thread.currentThread().interrupt(); // L6: the caller still sees its thread interrupted
      return new TransportCancelledException("interrupted", failure);
    }
    if (failure instanceof TransportCancelledException e) {
      return e;
    }
    if (cancellation.isCancelled()) {
      // The session or the client was closed under the call: whatever broke, it was on purpose.
      return new TransportCancelledException(failure);
    }
    if (failure instanceof TransportException e) {
      return e;
    }
    if (failure instanceof CancellationException) {
      return new TransportCancelledException(failure);
    }
    if (failure instanceof UncheckedIOException e) {
      return failure(e.getCause());
    }
    if (failure instanceof IOException e) {
      return new TransportException(e.getMessage() == null ? e.toString() : e.getMessage(), e);
    }
    throw (failure instanceof RuntimeException r) ? r : new IllegalStateException(failure);
  }

  /** The response stream of the call: reading it still runs under the call (L5, L6). */
  InputStream stream(InputStream response) {
    stream = new CallStream(response);
    return stream;
  }

  private final class CallStream extends FilterInputStream {
    CallStream(InputStream in) {
      super(in);
    }

    @Override
    public int read() throws IOException {
      watch.runsOn(Thread.currentThread());
      try {
        return super.read();
      } catch (IOException | RuntimeException e) {
        throw failure(e);
      }
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      watch.runsOn(Thread.currentThread());
      try {
        return super.read(b, off, len);
      } catch (IOException | RuntimeException e) {
        throw failure(e);
      }
    }

    @Override
    public long skip(long n) throws IOException {
      try {
        return super.skip(n);
      } catch (IOException | RuntimeException e) {
        throw failure(e);
      }
    }

    @Override
    public void close() throws IOException {
      try {
        super.close();
      } finally {
        end();
      }
    }
  }
}
