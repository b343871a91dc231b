package io.entire.transport.testkit;

import java.io.IOException;
import java.net.Socket;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * A small HTTP/1.1 server on raw sockets: one thread per connection, keep-alive, chunked and
 * fixed-length bodies. It is raw rather than {@code com.sun.net.httpserver} because faults need
 * control over the sockets themselves (refuse connects, send RST, cut a body short).
 *
 * <p>This class owns the server's life (start, the switch to and from {@link Fault#down() down},
 * close), its settings and logs. Its parts: {@link AcceptLoop} (the listening socket), {@link
 * ConnectionLoop} (one client connection), {@link RequestPipeline} (fault, authorization, handler
 * for one request) and {@link Exchange} (writing the response).
 *
 * <p>Thread-safe: faults and rules may be switched from any thread while requests run. {@link
 * #close()} ends every connection, also hanging ones, and kills running CGI processes.
 */
final class LoopbackHttpServer implements AutoCloseable {

  /** Produces the response of a request that passed faults and authorization. */
  interface Handler {
    void handle(Exchange exchange) throws IOException;
  }

  private static final HttpHeaders NO_HEADERS = new HttpHeaders();

  private final String name;
  private final String host;
  private final RequestPipeline pipeline;
  private final Supplier<HttpHeaders> commonHeaders;
  private final RequestLog ownLog = new RequestLog();
  private final RequestLog sharedLog;
  private final ExecutorService threads;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition faultChanged = lock.newCondition();
  private final OpenConnections connections = new OpenConnections();
  private int pausing; // requests in pause() now; guarded by lock
  private final KnownSecrets secrets;
  private volatile InstalledFault installed = new InstalledFault(Fault.none());
  private volatile AuthorizationRule authorization;
  private volatile String urlHost; // the name in url(); the bind address unless configured
  private volatile ServerTls tls; // null: plain http
  private volatile int port;
  private volatile boolean closed;
  // written under lock; read by the accept thread when it registers a connection
  private volatile AcceptLoop listener;
  private Blackhole blackhole; // holds the port while blackholed; guarded by lock

  /**
   * @param name the server name used in logs and thread names, e.g. {@code replica-0}
   * @param host the address to bind
   * @param handler answers requests that pass faults and authorization
   * @param commonHeaders headers added to every response (faults and 401 included); called per
   *     response
   * @param sharedLog a second log that receives every request too (the cluster's), or null
   * @param authorization the initial rule, or null to accept anonymous requests
   * @param secrets the credentials whose values are never recorded (shared by a cluster's servers)
   */
  LoopbackHttpServer(
      String name,
      String host,
      Handler handler,
      Supplier<HttpHeaders> commonHeaders,
      RequestLog sharedLog,
      AuthorizationRule authorization,
      KnownSecrets secrets) {
    this.name = Objects.requireNonNull(name, "name");
    this.host = Objects.requireNonNull(host, "host");
    this.urlHost = host;
    this.pipeline = new RequestPipeline(this, Objects.requireNonNull(handler, "handler"));
    this.commonHeaders = commonHeaders == null ? () -> NO_HEADERS : commonHeaders;
    this.sharedLog = sharedLog;
    this.secrets = Objects.requireNonNull(secrets, "secrets");
    authorization(authorization);
    AtomicInteger counter = new AtomicInteger();
    this.threads =
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, "testkit-" + name + "-" + counter.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
  }

  /** Binds an ephemeral port on the host and starts accepting. */
  void start() throws IOException {
    lock.lock();
    try {
      if (listener != null || closed) {
        throw new IllegalStateException(name + " was already started");
      }
      bind(0);
    } finally {
      lock.unlock();
    }
  }

  /**
   * Before {@link #start()}: the host name to put into URLs instead of the bind address (null keeps
   * the address), and TLS to serve (null: plain http).
   */
  void configure(String nameInUrls, ServerTls serverTls) {
    if (listener != null) {
      throw new IllegalStateException(name + " is already listening");
    }
    this.urlHost = nameInUrls == null ? host : nameInUrls;
    this.tls = serverTls;
  }

  String name() {
    return name;
  }

  String host() {
    return host;
  }

  /** The host of this server's URLs: its loopback name, or the bind address. */
  String urlHost() {
    return urlHost;
  }

  /** {@code https} when the server speaks TLS, else {@code http}. */
  String scheme() {
    return tls == null ? "http" : "https";
  }

  /** The TLS setup, or null for plain http. */
  ServerTls tls() {
    return tls;
  }

  int port() {
    return port;
  }

  RequestLog log() {
    return ownLog;
  }

  HttpHeaders commonHeaders() {
    HttpHeaders headers = commonHeaders.get();
    return headers == null ? NO_HEADERS : headers;
  }

  Fault fault() {
    return installed.fault();
  }

  /**
   * The fault this request gets: the installed one when it matches the request and (when limited
   * with {@link Fault#times(int)}) is not spent yet, else {@link Fault#none()}.
   */
  Fault claimFault(RequestHead head) {
    return installed.claim(head.method(), head.path());
  }

  /** The credentials this server never records (see {@link RecordedRequest}). */
  KnownSecrets secrets() {
    return secrets;
  }

  AuthorizationRule authorization() {
    return authorization;
  }

  void authorization(AuthorizationRule rule) {
    if (rule != null) {
      rule.secrets().forEach(secrets::add);
    }
    this.authorization = rule;
  }

  ExecutorService threads() {
    return threads;
  }

  /**
   * Switches the fault. Going down closes the listener and all connections; coming back binds the
   * same port again. Any change wakes hanging requests, which then close their connection.
   */
  void fault(Fault next) {
    Objects.requireNonNull(next, "fault");
    lock.lock();
    try {
      if (closed) {
        throw new IllegalStateException(name + " is closed");
      }
      Fault previous = installed.fault();
      if (next.closesPort() && !previous.closesPort()) {
        installed = new InstalledFault(next);
        closeListenerAndConnections();
      }
      if (blackhole != null && next.kind() != Fault.Kind.BLACKHOLE) {
        blackhole.close();
        blackhole = null;
      }
      if (blackhole == null && next.kind() == Fault.Kind.BLACKHOLE) {
        installed = new InstalledFault(Fault.down()); // it stays down if the port cannot be held
        blackhole = Blackhole.hold(name, host, port);
      }
      if (!next.closesPort() && previous.closesPort()) {
        try {
          bind(port);
        } catch (IOException e) {
          throw new IllegalStateException(
              "cannot bring " + name + " back up: " + e.getMessage() + " (it stays down)", e);
        }
      }
      installed = new InstalledFault(next);
      faultChanged.signalAll();
    } finally {
      lock.unlock();
    }
  }

  private void bind(int requestedPort) throws IOException {
    AcceptLoop loop = AcceptLoop.bind(this, requestedPort);
    listener = loop;
    port = loop.port();
    loop.start(threads);
  }

  /**
   * Closes the listener (waiting for its accept thread, see {@link AcceptLoop#closeAndAwait()}) and
   * aborts every open connection.
   */
  private void closeListenerAndConnections() {
    AcceptLoop current = listener;
    listener = null;
    if (current != null) {
      current.closeAndAwait();
    }
    connections.abortAll();
  }

  /**
   * Starts serving a socket that {@code from} accepted. Returns false, and closes the socket, when
   * {@code from} is no longer the current listener (the server went down or closed meanwhile) or
   * the pool no longer takes work; its accept loop then ends.
   */
  boolean admit(Socket client, AcceptLoop from) {
    ConnectionLoop connection = new ConnectionLoop(this, client);
    // a connect that raced with going down must not survive it
    if (!connections.admitIf(() -> !closed && listener == from, connection)) {
      closeQuietly(client);
      return false;
    }
    try {
      threads.execute(connection);
    } catch (RejectedExecutionException e) {
      connections.leave(connection);
      closeQuietly(client);
      return false;
    }
    return true;
  }

  /** Called by a connection when it ends. */
  void forget(ConnectionLoop connection) {
    connections.leave(connection);
  }

  boolean isClosed() {
    return closed;
  }

  RequestPipeline pipeline() {
    return pipeline;
  }

  /** Records a request of {@code connection} in this server's log and in the shared one. */
  void record(ConnectionLoop connection, RequestHead head, int status) {
    RecordedRequest request =
        RecordedRequest.of(name, head, status, secrets, connection.clientCertificate());
    ownLog.add(request);
    if (sharedLog != null) {
      sharedLog.add(request);
    }
  }

  /**
   * Blocks a hanging request until the fault no longer hangs it (another kind, or a hang narrowed
   * to other requests), or the server closes.
   */
  void hangWhileFaulted(ConnectionLoop connection, RequestHead head) {
    lock.lock();
    try {
      while (!closed
          && !connection.isAborted()
          && fault().kind() == Fault.Kind.HANG
          && fault().appliesTo(head.method(), head.path())) {
        faultChanged.await();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Waits {@code nanos} for a {@link Fault#delay} or {@link Fault#throttle} on a timed condition
   * (no busy loop). Returns early, with false, when the server closes or the connection is aborted
   * (the server went down); true when the time passed.
   */
  boolean pause(ConnectionLoop connection, long nanos) {
    lock.lock();
    try {
      pausing++;
      faultChanged.signalAll(); // wakes awaitPausing; other waiters go back to their wait
      long left = nanos;
      while (!closed && !connection.isAborted() && left > 0) {
        left = faultChanged.awaitNanos(left);
      }
      return !closed && !connection.isAborted();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } finally {
      pausing--;
      lock.unlock();
    }
  }

  /**
   * Waits until at least {@code count} requests wait in {@link #pause} at once, so a test knows a
   * delayed request arrived (it is recorded only when answered). Returns false on timeout.
   */
  boolean awaitPausing(int count, Duration timeout) throws InterruptedException {
    lock.lock();
    try {
      long left = timeout.toNanos();
      while (pausing < count) {
        if (left <= 0) {
          return false;
        }
        left = faultChanged.awaitNanos(left);
      }
      return true;
    } finally {
      lock.unlock();
    }
  }

  /** Stops accepting, ends every connection (hanging ones too) and kills CGI processes. */
  @Override
  public void close() {
    lock.lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      closeListenerAndConnections();
      if (blackhole != null) {
        blackhole.close();
      }
      faultChanged.signalAll();
    } finally {
      lock.unlock();
    }
    threads.shutdownNow();
    try {
      if (!threads.awaitTermination(5, TimeUnit.SECONDS)) {
        System.err.println("testkit: " + name + " threads still running 5 s after close");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  static void closeQuietly(AutoCloseable c) {
    try {
      c.close();
    } catch (Exception e) {
      // closing on a failure path or while shutting down: nothing useful to do
    }
  }
}
