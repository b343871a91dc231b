package io.entire.transport.adapters.http;

import io.entire.transport.application.port.in.Cancellation;
import io.entire.transport.application.port.out.FirstConnection;
import io.entire.transport.domain.TransportCancelledException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hc.client5.http.HttpRoute;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.io.ConnectionEndpoint;
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

  private final PoolingHttpClientConnectionManager connections;
  private final HttpRoutePlanner routes = ProxyRouting.planner();
  private final Timeout connectTimeout;
  private final Timeout leaseTimeout;
  private final String userAgent;

  /** Made on the first race: a process that talks to one node never needs a thread for it. */
  private ExecutorService dialers;

  /** Races with attempts still running: undecided, or with losers still connecting. */
  private final Set<Race> races = ConcurrentHashMap.newKeySet();

  private boolean closed;

  ConnectRace(PoolingHttpClientConnectionManager connections, HttpSettings settings) {
    this.connections = connections;
    this.connectTimeout = Timeout.of(settings.connectTimeout());
    this.leaseTimeout = Timeout.of(settings.readTimeout()); // as the exchange waits for the pool
    this.userAgent = settings.userAgent();
  }

  /**
   * One target of a race: its URI and the context its exchange will have (proxy, user token).
   *
   * @param uri the request URI
   * @param context the request's context, as {@link ApacheHttpExchange} makes it
   * @param proxy the request's proxy choice (N1)
   */
  record Dial(URI uri, HttpClientContext context, ProxyRouting.Choice proxy) {}

  /** Runs one race; see {@link io.entire.transport.application.port.out.HttpExchangePort}. */
  FirstConnection run(
      List<Dial> dials,
      Duration stagger,
      Cancellation cancellation,
      FirstConnection.LateFailure lateFailure)
      throws IOException {
    Race race = new Race(dials, lateFailure, stagger.toNanos());
    races.add(race);
    Cancellation.Registration registration = cancellation.onCancel(race::cancelled);
    try {
      return race.decide();
    } finally {
      registration.close();
      race.forgetIfOver();
    }
  }

  /**
   * Whether the pool holds an idle connection on the dial's route. It counts connections of any
   * user token (N3), but a node's requests all carry the same one, so an idle connection to a node
   * is one its next exchange can take.
   */
  boolean hasIdleConnection(Dial dial) {
    try {
      HttpRoute route = routes.determineRoute(HttpHost.create(dial.uri()), dial.context());
      return connections.getStats(route).getAvailable() > 0;
    } catch (HttpException | RuntimeException e) {
      return false; // the race's dial reports what is wrong with the route
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

  /**
   * Stops new races. Attempts that lost a race and are still connecting, for longer than the
   * stagger already, are reported as failed now: a short-lived process (a git command's helper)
   * ends long before a connect timeout, and a node whose connection was not up while another's was
   * would otherwise never be demoted (D1, D3). Call before the pool closes, which aborts them.
   */
  @Override
  public void close() {
    synchronized (this) {
      closed = true;
      if (dialers != null) {
        dialers.shutdown(); // running connects end with the pool, which closes its connections
      }
    }
    for (Race race : races) {
      race.abandon();
    }
    races.clear();
  }

  /**
   * The outcome of one attempt: a connected endpoint, or why there is none. Neither, for a tunnel
   * the proxy refused: that counts as up (the proxy answered), and the exchange reports the
   * refusal.
   */
  private record Outcome(int target, ConnectionEndpoint endpoint, IOException failure) {}

  /** One race: its attempts report to a queue until it is decided, and to the pool after. */
  private final class Race {
    private static final Outcome CANCELLED = new Outcome(-1, null, null);

    private final List<Dial> dials;
    private final FirstConnection.LateFailure lateFailure;
    private final long staggerNanos;
    private final LinkedBlockingQueue<Outcome> outcomes = new LinkedBlockingQueue<>();
    private final long[] startedAt;
    private final Set<Integer> running = new HashSet<>(); // guarded by this
    private boolean decided; // guarded by this
    private boolean abandoned; // guarded by this: the client closed; outcomes are dropped

    Race(List<Dial> dials, FirstConnection.LateFailure lateFailure, long staggerNanos) {
      this.dials = dials;
      this.lateFailure = lateFailure;
      this.staggerNanos = staggerNanos;
      this.startedAt = new long[dials.size()];
    }

    FirstConnection decide() throws IOException {
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
          } else if (outcome.failure() != null) {
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
      log.debug("dialling {} (fast fallback)", dial.uri().getAuthority());
      synchronized (this) {
        running.add(target);
        startedAt[target] = System.nanoTime();
      }
      dialers().execute(() -> report(dial(target, dial)));
    }

    /** Drops the race from the client's list once it is decided and no attempt runs. */
    void forgetIfOver() {
      synchronized (this) {
        if (!decided || !running.isEmpty()) {
          return;
        }
      }
      races.remove(this);
    }

    /** The client closes: see {@link ConnectRace#close()}. */
    void abandon() {
      List<Integer> slow = new ArrayList<>();
      synchronized (this) {
        if (!decided) {
          return; // its caller is still waiting; the pool's close ends its attempts
        }
        abandoned = true;
        long now = System.nanoTime();
        for (int target : running) {
          if (now - startedAt[target] >= staggerNanos) {
            slow.add(target);
          }
        }
        running.clear();
      }
      for (int target : slow) {
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedAt[target]);
        late(
            new Outcome(
                target,
                null,
                new ConnectException(
                    "no connection after " + millis + " ms, when another node's was up")));
      }
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
          if (route.isTunnelled() && !ProxyTunnel.open(endpoint, route, dial, userAgent)) {
            // The proxy refused the tunnel (407, 403, 502...): the node wins the race anyway,
            // and its exchange meets the refusal again and reports it as N1 says.
            discard(endpoint);
            return new Outcome(target, null, null);
          }
          if (route.isTunnelled()) {
            connections.upgrade(endpoint, dial.context()); // TLS inside the tunnel
          }
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
        if (abandoned) {
          discard(outcome.endpoint());
          return;
        }
        running.remove(outcome.target());
        if (!decided) {
          outcomes.add(outcome);
          return;
        }
      }
      late(outcome);
      forgetIfOver();
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
      if (outcome.failure() == null) {
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
      if (connected.endpoint() == null) {
        return; // a tunnel the proxy refused: nothing to keep
      }
      Object userToken = dials.get(connected.target()).context().getUserToken();
      connections.release(connected.endpoint(), userToken, TimeValue.NEG_ONE_MILLISECOND);
    }

    private void discard(ConnectionEndpoint endpoint) {
      if (endpoint != null) {
        endpoint.close(CloseMode.IMMEDIATE);
        try {
          connections.release(endpoint, null, TimeValue.ZERO_MILLISECONDS);
        } catch (RuntimeException closedMeanwhile) {
          log.debug("releasing a dropped connection failed", closedMeanwhile);
        }
      }
    }
  }
}
