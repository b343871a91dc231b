package io.entire.transport;

import io.entire.transport.application.port.in.GitTransport;
import io.entire.transport.application.port.in.HeaderCustomizer;
import io.entire.transport.application.port.in.RequestBody;
import io.entire.transport.application.port.in.TransportConfig;
import io.entire.transport.application.service.ReplicaTransportService;
import io.entire.transport.domain.GitService;
import io.entire.transport.domain.TransportCancelledException;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The git conversation with one repository on a client's cluster (DESIGN §9, L2): the {@link
 * GitTransport} calls, over the client's shared pool, credentials, replica cache and listeners.
 * Made by {@link EntireClient#open}; opening one does no I/O and costs a few hundred bytes until
 * its first call.
 *
 * <p><b>Thread-safety</b>: used by one thread at a time (git's conversation is serial: the session
 * keeps its sticky node); {@link #close()} may come from any thread.
 *
 * <p><b>Calls, deadlines and interrupts</b> (L6): every call gets its own cancellation, so a call
 * that was cancelled, interrupted or ran out of time never breaks the next one. {@link
 * Thread#interrupt()} of a thread blocked in a call, or in reading a stream a call returned, ends
 * it within a second with {@link TransportCancelledException} and leaves the interrupt flag set. A
 * call made through {@link #withDeadline} fails with {@link
 * io.entire.transport.domain.DeadlineExceededException} once its deadline passes.
 *
 * <p><b>Who closes what</b>: the caller closes every stream a call returns, then the session.
 * {@link #close()} aborts calls in flight, closes the streams still open and never closes the
 * client. Idempotent; never throws.
 *
 * @since 0.2
 */
public final class EntireSession implements GitTransport, AutoCloseable {
  private final TransportConfig config;
  private final EntireClient client;
  private final Set<ActiveCall> active = ConcurrentHashMap.newKeySet();
  private final GitTransport withoutDeadline = new Calls(null, Long.MAX_VALUE);
  private ReplicaTransportService service; // made on the first call
  private volatile boolean closed;

  EntireSession(TransportConfig config, EntireClient client) {
    this.config = config;
    this.client = client;
  }

  @Override
  public InputStream infoRefs(GitService service) throws IOException {
    return withoutDeadline.infoRefs(service);
  }

  @Override
  public InputStream infoRefsV2() throws IOException {
    return withoutDeadline.infoRefsV2();
  }

  @Override
  public InputStream serviceRpc(
      GitService service, RequestBody body, HeaderCustomizer... customizers) throws IOException {
    return withoutDeadline.serviceRpc(service, body, customizers);
  }

  @Override
  public String errorBaseUrl() {
    return service().errorBaseUrl();
  }

  /**
   * This session's calls with a deadline (L6): every call made through the returned transport,
   * reading its stream included, must end within {@code timeout} from now, or fails with {@link
   * io.entire.transport.domain.DeadlineExceededException}. The view shares this session (its sticky
   * node, its streams); like the session, it is used by one thread at a time.
   *
   * @param timeout how long from now; positive
   * @return the session's calls under the deadline
   */
  public GitTransport withDeadline(Duration timeout) {
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive: " + timeout);
    }
    return new Calls(timeout, System.nanoTime() + timeout.toNanos());
  }

  /** Returns whether {@link #close()} was called. */
  public boolean isClosed() {
    return closed;
  }

  /** Aborts calls in flight and closes the streams still open; never the client. Idempotent. */
  @Override
  public void close() {
    closed = true;
    for (ActiveCall call : active) {
      call.abort();
    }
  }

  /** The session's calls under one deadline, or none. */
  private final class Calls implements GitTransport {
    private final Duration timeout; // null without a deadline
    private final long deadlineNanos;

    Calls(Duration timeout, long deadlineNanos) {
      this.timeout = timeout;
      this.deadlineNanos = deadlineNanos;
    }

    @Override
    public InputStream infoRefs(GitService service) throws IOException {
      Objects.requireNonNull(service, "service");
      return call(timeout, deadlineNanos, transport -> transport.infoRefs(service));
    }

    @Override
    public InputStream infoRefsV2() throws IOException {
      return call(timeout, deadlineNanos, GitTransport::infoRefsV2);
    }

    @Override
    public InputStream serviceRpc(
        GitService service, RequestBody body, HeaderCustomizer... customizers) throws IOException {
      Objects.requireNonNull(service, "service");
      Objects.requireNonNull(body, "body");
      // A list, not the array: the startup archive links no lambda that captures an array, and
      // linking one costs a git command ~1.5 ms (DESIGN §7).
      List<HeaderCustomizer> each = Arrays.asList(customizers);
      return call(
          timeout,
          deadlineNanos,
          transport -> transport.serviceRpc(service, body, each.toArray(new HeaderCustomizer[0])));
    }

    @Override
    public String errorBaseUrl() {
      return EntireSession.this.errorBaseUrl();
    }
  }

  @FunctionalInterface
  private interface Call {
    InputStream run(GitTransport transport) throws IOException;
  }

  private InputStream call(Duration timeout, long deadlineNanos, Call call) throws IOException {
    if (closed) {
      throw new IllegalStateException("this session is closed");
    }
    client.requireOpen();
    if (Thread.currentThread().isInterrupted()) {
      throw new TransportCancelledException("interrupted", null);
    }
    ReplicaTransportService transport = service();
    ActiveCall current =
        new ActiveCall(
            config.cancellation(),
            client.closing(),
            client.watchdog(),
            timeout,
            deadlineNanos,
            active::remove);
    active.add(current);
    transport.cancelCallsWith(current.cancellation());
    try {
      if (current.cancellation().isCancelled()) {
        throw new TransportCancelledException();
      }
      return current.stream(call.run(transport));
    } catch (IOException | RuntimeException e) {
      current.end();
      throw current.failure(e);
    }
  }

  private ReplicaTransportService service() {
    if (service == null) {
      service = new ReplicaTransportService(config, client.parts());
    }
    return service;
  }

  @Override
  public String toString() {
    return "EntireSession[" + config.audience() + (closed ? ", closed]" : "]");
  }
}
