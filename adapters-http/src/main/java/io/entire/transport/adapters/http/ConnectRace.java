package io.entire.transport.adapters.http;

import io.entire.transport.application.port.in.Cancellation;
import io.entire.transport.application.port.out.FirstConnection;
import io.entire.transport.domain.TransportCancelledException;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hc.client5.http.HttpRoute;
import org.apache.hc.client5.http.io.ConnectionEndpoint;
import org.apache.hc.client5.http.io.HttpClientConnectionManager;
import org.apache.hc.client5.http.io.LeaseRequest;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.client5.http.routing.HttpRoutePlanner;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fast fallback (D1) on HttpClient's classic connection pool, which connects to one route at a
 * time: each attempt leases an endpoint of its node's route from the pool and connects it (TCP and,
 * for https, the TLS handshake) on a thread of its own; the first endpoint up goes back to the pool
 * connected, where the exchange that follows leases it (same route, same user token). A pooled idle
 * connection wins at once, so a node already in use costs no race.
 *
 * <p>Thread-safe. Attempts run on daemon threads that end with their connect (at most the connect
 * timeout); {@link #close()} stops new ones.
 */
final class ConnectRace implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ConnectRace.class);
  private static final AtomicInteger THREADS = new AtomicInteger();

  private final HttpClientConnectionManager connections;
  private final HttpRoutePlanner routes = ProxyRouting.planner();
  private final Timeout connectTimeout;
  private final Timeout leaseTimeout;

  /** Made on the first race: a process that talks to one node never needs a thread for it. */
  private ExecutorService dialers;

  private boolean closed;

  ConnectRace(HttpClientConnectionManager connections, HttpSettings settings) {
    this.connections = connections;
    this.connectTimeout = Timeout.of(settings.connectTimeout());
    this.leaseTimeout = Timeout.of(settings.readTimeout()); // as the exchange waits for the pool
  }

  /**
   * One target of a race: its URI and the context its exchange will have (proxy, user token).
   *
   * @param uri the request URI
   * @param context the request's context, as {@link ApacheHttpExchange} makes it
   */
  record Dial(URI uri, HttpClientContext context) {}

  /** Runs one race; see {@link io.entire.transport.application.port.out.HttpExchangePort}. */
  FirstConnection run(
      List<Dial> dials,
      Duration stagger,
      Cancellation cancellation,
      FirstConnection.LateFailure lateFailure)
      throws IOException {
    Race race = new Race(dials, lateFailure);
    Cancellation.Registration registration = cancellation.onCancel(race::cancelled);
    try {
      return race.decide(stagger.toNanos());
    } finally {
      registration.close();
    }
  }

  private synchronized ExecutorService dialers() {
    if (closed) {
      throw new IllegalStateException("the HTTP exchange is closed");
    }
    if (dialers == null) {
      dialers =
          new ThreadPoolExecutor(
              0,
              Integer.MAX_VALUE,
              30,
              TimeUnit.SECONDS,
              new SynchronousQueue<>(),
              r -> {
                Thread t = new Thread(r, "entire-connect-" + THREADS.incrementAndGet());
                t.setDaemon(true);
                return t;
              });
    }
    return dialers;
  }

  @Override
  public synchronized void close() {
    closed = true;
    if (dialers != null) {
      dialers.shutdown(); // running connects end with the pool, which closes its connections
    }
  }

  /** The outcome of one attempt: a connected endpoint, or why there is none. */
  private record Outcome(int target, ConnectionEndpoint endpoint, IOException failure) {}

  /** One race: its attempts report to a queue until it is decided, and to the pool after. */
  private final class Race {
    private static final Outcome CANCELLED = new Outcome(-1, null, null);

    private final List<Dial> dials;
    private final FirstConnection.LateFailure lateFailure;
    private final LinkedBlockingQueue<Outcome> outcomes = new LinkedBlockingQueue<>();
    private boolean decided; // guarded by this

    Race(List<Dial> dials, FirstConnection.LateFailure lateFailure) {
      this.dials = dials;
      this.lateFailure = lateFailure;
    }

    FirstConnection decide(long staggerNanos) throws IOException {
      List<FirstConnection.Failed> failed = new ArrayList<>();
      int started = 0;
      start(started++);
      long nextStart = System.nanoTime() + staggerNanos;
      try {
        for (; ; ) {
          Outcome outcome =
              started < dials.size()
                  ? outcomes.poll(nextStart - System.nanoTime(), TimeUnit.NANOSECONDS)
                  : outcomes.take();
          if (outcome == null) { // no connection up within the stagger: dial the next node too
            start(started++);
            nextStart = System.nanoTime() + staggerNanos;
          } else if (outcome == CANCELLED) {
            settle();
            throw new TransportCancelledException();
          } else if (outcome.endpoint() == null) {
            failed.add(new FirstConnection.Failed(outcome.target(), outcome.failure()));
            if (started < dials.size()) { // a failure starts the next attempt at once
              start(started++);
              nextStart = System.nanoTime() + staggerNanos;
            } else if (failed.size() == started) {
              settle();
              return new FirstConnection(-1, failed);
            }
          } else {
            settle();
            pool(outcome);
            log.debug("connected first to {}", dials.get(outcome.target()).uri().getAuthority());
            return new FirstConnection(outcome.target(), failed);
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        settle();
        throw new TransportCancelledException("interrupted while connecting", e);
      }
    }

    void cancelled() {
      outcomes.add(CANCELLED);
    }

    private void start(int target) {
      Dial dial = dials.get(target);
      dialers().execute(() -> report(dial(target, dial)));
    }

    private Outcome dial(int target, Dial dial) {
      ConnectionEndpoint endpoint = null;
      try {
        HttpRoute route = routes.determineRoute(HttpHost.create(dial.uri()), dial.context());
        LeaseRequest lease =
            connections.lease("race-" + target, route, leaseTimeout, dial.context().getUserToken());
        endpoint = lease.get(leaseTimeout);
        if (!endpoint.isConnected()) {
          connections.connect(endpoint, connectTimeout, dial.context());
        }
        return new Outcome(target, endpoint, null);
      } catch (IOException e) {
        discard(endpoint);
        return new Outcome(target, null, e);
      } catch (HttpException | ExecutionException | TimeoutException | RuntimeException e) {
        discard(endpoint);
        return new Outcome(target, null, new IOException("cannot connect: " + e, e));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        discard(endpoint);
        return new Outcome(target, null, new IOException("connect interrupted", e));
      }
    }

    /** Hands an outcome to the race, or, once it is decided, to the pool or the late failures. */
    private void report(Outcome outcome) {
      synchronized (this) {
        if (!decided) {
          outcomes.add(outcome);
          return;
        }
      }
      late(outcome);
    }

    /** Decides the race; outcomes queued meanwhile are handled as late ones. */
    private void settle() {
      synchronized (this) {
        decided = true;
      }
      for (Outcome queued; (queued = outcomes.poll()) != null; ) {
        if (queued != CANCELLED) {
          late(queued);
        }
      }
    }

    private void late(Outcome outcome) {
      if (outcome.endpoint() != null) {
        pool(outcome); // D1: a late connection is kept for later requests
        return;
      }
      log.debug(
          "late connection attempt to {} failed: {}",
          dials.get(outcome.target()).uri().getAuthority(),
          outcome.failure().toString());
      try {
        lateFailure.failed(outcome.target(), outcome.failure());
      } catch (RuntimeException listenerBug) {
        log.debug("late-failure callback threw", listenerBug);
      }
    }

    /** Pools a connected endpoint under its exchange's user token, where that exchange finds it. */
    private void pool(Outcome connected) {
      Object userToken = dials.get(connected.target()).context().getUserToken();
      connections.release(connected.endpoint(), userToken, TimeValue.NEG_ONE_MILLISECOND);
    }

    private void discard(ConnectionEndpoint endpoint) {
      if (endpoint != null) {
        endpoint.close(CloseMode.IMMEDIATE);
        connections.release(endpoint, null, TimeValue.ZERO_MILLISECONDS);
      }
    }
  }
}
