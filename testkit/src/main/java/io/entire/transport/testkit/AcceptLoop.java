package io.entire.transport.testkit;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * One bound listening socket of a {@link LoopbackHttpServer} (a TLS one when the server serves
 * https: handshakes then run on the connection threads, never on the accept thread) and the thread
 * accepting on it. A server going {@link Fault#down() down} closes its accept loop; coming back up
 * binds a new one on the same port. Every accepted socket is handed to {@link
 * LoopbackHttpServer#admit}, which decides whether it is still wanted.
 *
 * <p>Thread-safe: the accept thread runs {@link #run()}, and any thread may {@link
 * #closeAndAwait()}.
 */
final class AcceptLoop implements Runnable {

  private final LoopbackHttpServer server;
  private final ServerSocket socket;
  private final CountDownLatch ended = new CountDownLatch(1);

  private AcceptLoop(LoopbackHttpServer server, ServerSocket socket) {
    this.server = server;
    this.socket = socket;
  }

  /** Binds {@code requestedPort} (0: an ephemeral one) on the server's host; not yet accepting. */
  static AcceptLoop bind(LoopbackHttpServer server, int requestedPort) throws IOException {
    ServerTls tls = server.tls();
    ServerSocket socket = tls == null ? new ServerSocket() : tls.newServerSocket();
    try {
      // SO_REUSEADDR lets a server that was down re-bind its port while old connections of that
      // port still sit in TIME_WAIT.
      socket.setReuseAddress(true);
      socket.bind(new InetSocketAddress(InetAddress.getByName(server.host()), requestedPort), 128);
    } catch (IOException e) {
      socket.close();
      throw new IOException(
          "cannot bind "
              + server.name()
              + " to "
              + server.host()
              + ":"
              + requestedPort
              + ": "
              + e.getMessage(),
          e);
    }
    return new AcceptLoop(server, socket);
  }

  /** The bound port. */
  int port() {
    return socket.getLocalPort();
  }

  /** Starts accepting on a thread of {@code threads}. */
  void start(ExecutorService threads) {
    threads.execute(this);
  }

  @Override
  public void run() {
    try {
      while (true) {
        Socket client;
        try {
          client = socket.accept();
        } catch (IOException e) {
          return; // the listener was closed: down or shut down
        }
        if (!server.admit(client, this)) {
          return;
        }
      }
    } finally {
      ended.countDown();
    }
  }

  /**
   * Closes the listener and waits until its accept thread has left {@code accept()}. Closing a
   * socket another thread is blocked on only pre-closes the descriptor: the kernel keeps the port
   * listening (and completing handshakes) until that thread wakes up, so without the wait a connect
   * right after going down could still succeed.
   */
  void closeAndAwait() {
    LoopbackHttpServer.closeQuietly(socket);
    try {
      if (!ended.await(5, TimeUnit.SECONDS)) {
        System.err.println("testkit: " + server.name() + " accept thread did not stop within 5 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
