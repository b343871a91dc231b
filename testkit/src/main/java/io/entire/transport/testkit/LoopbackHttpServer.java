package io.entire.transport.testkit;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
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
 * <p>Per request it applies, in this order: the current {@link Fault}, the authorization rule, then
 * the handler. Thread-safe: faults and rules may be switched from any thread while requests run.
 * {@link #close()} ends every connection, also hanging ones, and kills running CGI processes.
 */
final class LoopbackHttpServer implements AutoCloseable {

  /** Produces the response of a request that passed faults and authorization. */
  interface Handler {
    void handle(Exchange exchange) throws IOException;
  }

  private static final HttpHeaders NO_HEADERS = new HttpHeaders();

  private final String name;
  private final String host;
  private final Handler handler;
  private final Supplier<HttpHeaders> commonHeaders;
  private final RequestLog ownLog = new RequestLog();
  private final RequestLog sharedLog;
  private final ExecutorService threads;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition faultChanged = lock.newCondition();
  private final Set<Connection> connections = ConcurrentHashMap.newKeySet();
  private volatile Fault fault = Fault.none();
  private volatile AuthorizationRule authorization;
  private volatile int port;
  private volatile boolean closed;
  // written under lock; read by the accept thread when it registers a connection
  private volatile ServerSocket listener;
  private volatile CountDownLatch acceptLoopEnded = new CountDownLatch(0);

  /**
   * @param name the server name used in logs and thread names, e.g. {@code replica-0}
   * @param host the address to bind
   * @param handler answers requests that pass faults and authorization
   * @param commonHeaders headers added to every response (faults and 401 included); called per
   *     response
   * @param sharedLog a second log that receives every request too (the cluster's), or null
   * @param authorization the initial rule, or null to accept anonymous requests
   */
  LoopbackHttpServer(
      String name,
      String host,
      Handler handler,
      Supplier<HttpHeaders> commonHeaders,
      RequestLog sharedLog,
      AuthorizationRule authorization) {
    this.name = Objects.requireNonNull(name, "name");
    this.host = Objects.requireNonNull(host, "host");
    this.handler = Objects.requireNonNull(handler, "handler");
    this.commonHeaders = commonHeaders == null ? () -> NO_HEADERS : commonHeaders;
    this.sharedLog = sharedLog;
    this.authorization = authorization;
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

  String name() {
    return name;
  }

  String host() {
    return host;
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
    return fault;
  }

  AuthorizationRule authorization() {
    return authorization;
  }

  void authorization(AuthorizationRule rule) {
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
      Fault previous = fault;
      if (next.isDown() && !previous.isDown()) {
        fault = next;
        closeListenerAndConnections();
      } else if (!next.isDown() && previous.isDown()) {
        try {
          bind(port);
        } catch (IOException e) {
          throw new IllegalStateException(
              "cannot bring " + name + " back up: " + e.getMessage() + " (it stays down)", e);
        }
        fault = next;
      } else {
        fault = next;
      }
      faultChanged.signalAll();
    } finally {
      lock.unlock();
    }
  }

  private void bind(int requestedPort) throws IOException {
    ServerSocket socket = new ServerSocket();
    try {
      // SO_REUSEADDR lets a server that was down re-bind its port while old connections of that
      // port still sit in TIME_WAIT.
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(InetAddress.getByName(host), requestedPort), 128);
    } catch (IOException e) {
      socket.close();
      throw new IOException(
          "cannot bind " + name + " to " + host + ":" + requestedPort + ": " + e.getMessage(), e);
    }
    CountDownLatch ended = new CountDownLatch(1);
    listener = socket;
    acceptLoopEnded = ended;
    port = socket.getLocalPort();
    threads.execute(() -> acceptLoop(socket, ended));
  }

  /**
   * Closes the listener and waits until its accept thread has left {@code accept()}. Closing a
   * socket another thread is blocked on only pre-closes the descriptor: the kernel keeps the port
   * listening (and completing handshakes) until that thread wakes up, so without the wait a connect
   * right after going down could still succeed.
   */
  private void closeListenerAndConnections() {
    ServerSocket current = listener;
    listener = null;
    if (current != null) {
      closeQuietly(current);
      try {
        if (!acceptLoopEnded.await(5, TimeUnit.SECONDS)) {
          System.err.println("testkit: " + name + " accept thread did not stop within 5 s");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    synchronized (connections) {
      for (Connection c : connections) {
        c.abort();
      }
    }
  }

  private void acceptLoop(ServerSocket socket, CountDownLatch ended) {
    try {
      while (true) {
        Socket client;
        try {
          client = socket.accept();
        } catch (IOException e) {
          return; // the listener was closed: down or shut down
        }
        Connection connection = new Connection(client);
        boolean current;
        // not the main lock: fault() holds that while waiting for this thread to end
        synchronized (connections) {
          // a connect that raced with going down must not survive it
          current = !closed && listener == socket;
          if (current) {
            connections.add(connection);
          }
        }
        if (!current) {
          closeQuietly(client);
          return;
        }
        try {
          threads.execute(connection);
        } catch (RejectedExecutionException e) {
          connections.remove(connection);
          closeQuietly(client);
          return;
        }
      }
    } finally {
      ended.countDown();
    }
  }

  void record(RequestHead head, int status) {
    Map<String, String> selected = new LinkedHashMap<>();
    for (String header : RecordedRequest.SELECTED_HEADERS) {
      String value = head.header(header);
      if (value != null) {
        selected.put(header, value);
      }
    }
    RecordedRequest request =
        new RecordedRequest(
            name,
            head.method(),
            head.target(),
            head.header("Host"),
            head.header("Authorization") != null,
            selected,
            status);
    ownLog.add(request);
    if (sharedLog != null) {
      sharedLog.add(request);
    }
  }

  /**
   * Blocks a hanging request until the fault no longer hangs it (another kind, or a hang narrowed
   * to other requests), or the server closes.
   */
  private void hangWhileFaulted(Connection connection, RequestHead head) {
    lock.lock();
    try {
      while (!closed
          && !connection.aborted
          && fault.kind() == Fault.Kind.HANG
          && fault.appliesTo(head.method(), head.path())) {
        faultChanged.await();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
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

  /** One client connection, served request after request until either side closes it. */
  private final class Connection implements Runnable {
    private final Socket socket;
    private volatile Exchange exchange;
    private volatile boolean aborted;

    Connection(Socket socket) {
      this.socket = socket;
    }

    void abort() {
      aborted = true;
      closeQuietly(socket);
      Exchange current = exchange;
      if (current != null) {
        current.destroyProcess();
      }
    }

    @Override
    public void run() {
      try {
        socket.setTcpNoDelay(true);
        InputStream in = new BufferedInputStream(socket.getInputStream(), Exchange.BUFFER_SIZE);
        OutputStream out = new BufferedOutputStream(socket.getOutputStream(), Exchange.BUFFER_SIZE);
        while (!aborted && !closed) {
          RequestHead head;
          try {
            head = RequestHead.read(in);
          } catch (BadRequestException e) {
            badRequest(out, e);
            return;
          }
          if (head == null || !serve(head, in, out)) {
            return;
          }
        }
      } catch (IOException e) {
        // the client went away, or we closed the socket (down, reset, close): nothing to answer
      } finally {
        connections.remove(this);
        closeQuietly(socket);
      }
    }

    /** Serves one request; returns whether the connection may carry another one. */
    private boolean serve(RequestHead head, InputStream in, OutputStream out) throws IOException {
      RequestBody body;
      try {
        body = RequestBody.of(head, in);
      } catch (BadRequestException e) {
        badRequest(out, e);
        return false;
      }
      Fault configured = fault;
      // a fault narrowed with onlyFor leaves the other requests alone
      Fault current = configured.appliesTo(head.method(), head.path()) ? configured : Fault.none();
      Exchange ex =
          new Exchange(
              LoopbackHttpServer.this,
              head,
              body,
              out,
              current,
              socket.getInetAddress().getHostAddress());
      exchange = ex;
      try {
        switch (current.kind()) {
          case DOWN:
            return false; // accepted just before going down
          case RESET:
            body.discardUnlessAwaitingContinue();
            record(head, 0);
            socket.setSoLinger(true, 0); // close() now sends RST instead of FIN
            socket.close();
            return false;
          case HANG:
            body.discardUnlessAwaitingContinue();
            record(head, 0);
            hangWhileFaulted(this, head);
            return false;
          case STATUS:
            ex.respondText(current.status(), current.body());
            return ex.keepAlive();
          default:
            break;
        }
        AuthorizationRule rule = authorization;
        String credentials = head.header("Authorization");
        if (rule != null && !rule.accepts(credentials)) {
          HttpHeaders headers =
              HttpHeaders.plainText()
                  .add("WWW-Authenticate", rule.challengeScheme() + " realm=\"entire-testkit\"");
          String text = credentials == null ? "authentication required\n" : "invalid credentials\n";
          ex.respond(401, headers, text.getBytes(StandardCharsets.UTF_8));
          return ex.keepAlive();
        }
        try {
          handler.handle(ex);
        } catch (RuntimeException e) {
          if (ex.responded()) {
            return false;
          }
          ex.respondText(500, "testkit " + name + " failed: " + e + "\n");
          return false;
        }
        if (!ex.responded()) {
          ex.respondText(500, "testkit " + name + " handler sent no response\n");
        }
        return ex.keepAlive();
      } finally {
        exchange = null;
      }
    }

    private void badRequest(OutputStream out, BadRequestException e) throws IOException {
      byte[] text = (e.getMessage() + "\n").getBytes(StandardCharsets.UTF_8);
      String head =
          "HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain; charset=utf-8\r\n"
              + "Content-Length: "
              + text.length
              + "\r\nConnection: close\r\n\r\n";
      out.write(head.getBytes(StandardCharsets.ISO_8859_1));
      out.write(text);
      out.flush();
    }
  }
}
