package io.entire.transport.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A small forward HTTP proxy on {@code 127.0.0.1}, for tests of clients behind a company proxy
 * (N1): {@code CONNECT host:port} opens a tunnel (a pure byte relay: what runs inside, TLS to an
 * https cluster, stays unseen), and an absolute-form request ({@code GET http://host:port/path
 * HTTP/1.1}) is forwarded to the origin in origin form, one request per connection ({@code
 * Connection: close} both ways). Target host names are resolved in this JVM, so the {@link
 * LoopbackNames} work when the JVM was started with them.
 *
 * <pre>{@code
 * try (TestProxy proxy = TestProxy.start()) {
 *   proxy.requireBasic("alice", "proxy-secret");   // 407 without them
 *   // client: proxy.url() and credentials, or proxy.urlWithCredentials()
 *   proxy.requests();  // CONNECT r0.cluster.test:41234, GET http://127.0.0.1:40001/...
 * }
 * }</pre>
 *
 * <p>Its {@link #requestLog()} records what the proxy saw, one {@link RecordedRequest} per request
 * with server {@value #NAME}: the method, the target as sent in {@link
 * RecordedRequest#pathAndQuery()} ({@code host:port} for {@code CONNECT}, the absolute URL
 * otherwise), every header, and the status the proxy answered or relayed. {@link
 * RecordedRequest#authorizationPresent()} on an absolute-form request says whether an {@code
 * Authorization} header went through the proxy in clear. Credentials are redacted as in every
 * testkit log ({@code Proxy-Authorization} as {@code "present, Basic"}, the proxy password
 * anywhere).
 *
 * <p>Missing or wrong credentials get {@code 407} with {@code Proxy-Authenticate: Basic
 * realm="entire-testkit-proxy"}; an unknown or unreachable target {@code 502}; an https URL in
 * absolute form or a malformed request {@code 400}.
 *
 * <p>Thread-safe. At most {@value #MAX_THREADS} threads (a tunnel takes two, a forwarded request
 * two); connections beyond that are closed at once. The creator closes it, which ends every
 * connection and tunnel.
 *
 * @since 0.2
 */
public final class TestProxy implements AutoCloseable {

  /** The server name of its recorded requests. */
  public static final String NAME = "proxy";

  /** The realm of its {@code Proxy-Authenticate} challenge. */
  public static final String REALM = "entire-testkit-proxy";

  /** The most threads it runs at once. */
  public static final int MAX_THREADS = 64;

  private final ServerSocket listener;
  private final Thread acceptor;
  private final ThreadPoolExecutor threads;
  private final RequestLog log = new RequestLog();
  private final KnownSecrets secrets = new KnownSecrets();
  private final Set<Socket> open = ConcurrentHashMap.newKeySet();
  private volatile AuthorizationRule rule; // null: no proxy authentication
  private volatile String userInfo; // user:password of the rule, percent-encoded, or null
  private volatile boolean closed;

  private TestProxy(ServerSocket listener) {
    this.listener = listener;
    AtomicInteger counter = new AtomicInteger();
    this.threads =
        new ThreadPoolExecutor(
            0,
            MAX_THREADS,
            30,
            TimeUnit.SECONDS,
            new SynchronousQueue<>(),
            r -> {
              Thread t = new Thread(r, "testkit-proxy-" + counter.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    this.acceptor = new Thread(this::acceptLoop, "testkit-proxy-accept");
    acceptor.setDaemon(true);
  }

  /**
   * Starts a proxy without authentication on {@code 127.0.0.1} and an ephemeral port.
   *
   * @throws UncheckedIOException when it cannot bind
   */
  public static TestProxy start() {
    ServerSocket socket;
    try {
      socket = new ServerSocket();
      socket.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 64);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the test proxy: " + e.getMessage(), e);
    }
    TestProxy proxy = new TestProxy(socket);
    proxy.acceptor.start();
    return proxy;
  }

  /**
   * From now on requires {@code Proxy-Authorization: Basic} with {@code user:password}; anything
   * else gets 407. The password is never recorded.
   */
  public void requireBasic(String user, String password) {
    AuthorizationRule basic = AuthorizationRule.basic(user, password);
    basic.secrets().forEach(secrets::add);
    this.userInfo = encode(user) + ":" + encode(password);
    this.rule = basic;
  }

  /** From now on accepts requests without proxy credentials. */
  public void allowAnonymous() {
    this.rule = null;
    this.userInfo = null;
  }

  /** The bound address, {@code 127.0.0.1}. */
  public String host() {
    return listener.getInetAddress().getHostAddress();
  }

  /** The bound port. */
  public int port() {
    return listener.getLocalPort();
  }

  /** The proxy URL without credentials, e.g. {@code http://127.0.0.1:41234}. */
  public String url() {
    return "http://" + host() + ":" + port();
  }

  /**
   * The proxy URL with the credentials of {@link #requireBasic} as userinfo, e.g. {@code
   * http://alice:proxy-secret@127.0.0.1:41234} (percent-encoded), as {@code HTTPS_PROXY} or {@code
   * http.proxy} carry them; {@link #url()} when none are required.
   */
  public String urlWithCredentials() {
    String info = userInfo;
    return info == null ? url() : "http://" + info + "@" + host() + ":" + port();
  }

  /** What the proxy saw, oldest first (see the class comment). */
  public RequestLog requestLog() {
    return log;
  }

  /** A snapshot of {@link #requestLog()}. */
  public List<RecordedRequest> requests() {
    return log.requests();
  }

  /** Forgets the recorded requests. */
  public void clearRequests() {
    log.clear();
  }

  /**
   * Waits until the proxy recorded at least {@code count} requests.
   *
   * @throws AssertionError on timeout, listing what was recorded
   */
  public List<RecordedRequest> awaitRequests(int count, Duration timeout) {
    return log.awaitCount(count, timeout);
  }

  /** Stops accepting and ends every connection and tunnel. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    LoopbackHttpServer.closeQuietly(listener);
    open.forEach(LoopbackHttpServer::closeQuietly);
    threads.shutdownNow();
    try {
      acceptor.join(TimeUnit.SECONDS.toMillis(5));
      if (!threads.awaitTermination(5, TimeUnit.SECONDS)) {
        System.err.println("testkit: proxy threads still running 5 s after close");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public String toString() {
    return "TestProxy " + url() + (rule == null ? "" : " (Basic)");
  }

  private void acceptLoop() {
    while (!closed) {
      Socket client;
      try {
        client = listener.accept();
      } catch (IOException e) {
        return; // closed
      }
      if (!track(client) || !run(new ProxyConnection(this, client))) {
        release(client);
      }
    }
  }

  /** Runs {@code task} on a pool thread; false when the pool is full or shut down. */
  boolean run(Runnable task) {
    try {
      threads.execute(task);
      return true;
    } catch (RejectedExecutionException e) {
      return false;
    }
  }

  /** Registers a socket to close on {@link #close()}; false (socket closed) when closed already. */
  boolean track(Socket socket) {
    open.add(socket);
    if (closed) {
      release(socket);
      return false;
    }
    return true;
  }

  /** Closes a socket and forgets it. */
  void release(Socket socket) {
    LoopbackHttpServer.closeQuietly(socket);
    open.remove(socket);
  }

  AuthorizationRule rule() {
    return rule;
  }

  void record(RequestHead head, int status) {
    log.add(RecordedRequest.of(NAME, head, status, secrets, null));
  }

  private static String encode(String text) {
    return URLEncoder.encode(Objects.requireNonNull(text), StandardCharsets.UTF_8)
        .replace("+", "%20");
  }
}
