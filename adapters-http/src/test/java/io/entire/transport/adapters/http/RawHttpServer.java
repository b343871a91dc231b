package io.entire.transport.adapters.http;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.CRC32;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;

/**
 * A tiny HTTP/1.1 server on a loopback socket whose every byte the test decides, so it can
 * misbehave on purpose: truncate, reset, hang, stall. Each accepted connection runs the handler on
 * its own thread; the handler serves as many requests on it as it likes (keep-alive).
 *
 * <p>{@link #close()} closes the listening socket and every connection, releases hanging handlers,
 * and waits for the threads.
 */
final class RawHttpServer implements AutoCloseable {

  /** Serves one connection. */
  @FunctionalInterface
  interface Handler {
    void serve(Connection connection) throws IOException, InterruptedException;
  }

  private final ServerSocket listener;
  private final Handler handler;
  private final boolean tls;
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();
  private final List<Thread> threads = new CopyOnWriteArrayList<>();
  private final AtomicInteger connections = new AtomicInteger();
  private final CountDownLatch closing = new CountDownLatch(1);
  private final BlockingQueue<Request> requests = new LinkedBlockingQueue<>();
  private final Thread acceptor;

  private RawHttpServer(ServerSocket listener, Handler handler, boolean tls) {
    this.listener = listener;
    this.handler = handler;
    this.tls = tls;
    this.acceptor = new Thread(this::acceptLoop, "raw-http-accept");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  /** Starts a plain HTTP server. */
  static RawHttpServer start(Handler handler) throws IOException {
    ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    return new RawHttpServer(socket, handler, false);
  }

  /** Starts an HTTPS server with the given server context. */
  static RawHttpServer startTls(SSLContext context, Handler handler) throws IOException {
    SSLServerSocket socket =
        (SSLServerSocket)
            context
                .getServerSocketFactory()
                .createServerSocket(0, 50, InetAddress.getLoopbackAddress());
    return new RawHttpServer(socket, handler, true);
  }

  /**
   * Starts an HTTPS server that asks every client for a certificate but accepts a connection
   * without one (TLS "want client auth").
   */
  static RawHttpServer startTlsAskingForCertificates(SSLContext context, Handler handler)
      throws IOException {
    SSLServerSocket socket =
        (SSLServerSocket)
            context
                .getServerSocketFactory()
                .createServerSocket(0, 50, InetAddress.getLoopbackAddress());
    socket.setWantClientAuth(true);
    return new RawHttpServer(socket, handler, true);
  }

  /** Starts an HTTPS server that speaks only the given protocol versions (e.g. "TLSv1.2"). */
  static RawHttpServer startTls(SSLContext context, String[] protocols, Handler handler)
      throws IOException {
    SSLServerSocket socket =
        (SSLServerSocket)
            context
                .getServerSocketFactory()
                .createServerSocket(0, 50, InetAddress.getLoopbackAddress());
    socket.setEnabledProtocols(protocols);
    return new RawHttpServer(socket, handler, true);
  }

  /** A server that reads each request and answers it with a fixed 200 body (keep-alive). */
  static RawHttpServer answering(String body) throws IOException {
    return start(
        connection -> {
          while (connection.readRequest() != null) {
            connection.respond(200, body);
          }
        });
  }

  /** The URI of a path on this server, on {@code 127.0.0.1}. */
  URI uri(String path) {
    return URI.create((tls ? "https" : "http") + "://127.0.0.1:" + listener.getLocalPort() + path);
  }

  /** An {@code https} URI of a path on this server, whatever it speaks. */
  URI httpsUri(String path) {
    return URI.create("https://127.0.0.1:" + listener.getLocalPort() + path);
  }

  /** The URI of a path on this server, named {@code localhost}. */
  URI localhostUri(String path) {
    return URI.create((tls ? "https" : "http") + "://localhost:" + listener.getLocalPort() + path);
  }

  /** How many TCP connections were accepted so far. */
  int connectionCount() {
    return connections.get();
  }

  /** The next request a handler read, waiting at most 5 s. */
  Request takeRequest() throws InterruptedException {
    Request request = requests.poll(5, TimeUnit.SECONDS);
    if (request == null) {
      throw new AssertionError("the server received no request within 5 s");
    }
    return request;
  }

  private void acceptLoop() {
    while (!listener.isClosed()) {
      Socket socket;
      try {
        socket = listener.accept();
      } catch (IOException e) {
        return;
      }
      connections.incrementAndGet();
      sockets.add(socket);
      Thread thread =
          new Thread(
              () -> {
                try (socket) {
                  handler.serve(new Connection(socket));
                } catch (IOException | InterruptedException e) {
                  // The client went away or the server is closing: both end the connection.
                }
              },
              "raw-http-conn");
      thread.setDaemon(true);
      threads.add(thread);
      thread.start();
    }
  }

  @Override
  public void close() throws IOException {
    closing.countDown();
    listener.close();
    for (Socket socket : sockets) {
      socket.close();
    }
    try {
      acceptor.join(5_000);
      for (Thread thread : threads) {
        thread.join(5_000);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** A received request; the body is kept when it is at most 8 MiB. */
  record Request(
      String method,
      String target,
      List<String[]> headers,
      long bodyLength,
      long bodyCrc,
      byte[] body) {

    Optional<String> header(String name) {
      return headers.stream().filter(h -> h[0].equalsIgnoreCase(name)).map(h -> h[1]).findFirst();
    }

    List<String> headerNames() {
      List<String> names = new ArrayList<>();
      headers.forEach(h -> names.add(h[0].toLowerCase(Locale.ROOT)));
      return names;
    }
  }

  /** One accepted connection, seen by a handler. */
  final class Connection {
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    Connection(Socket socket) throws IOException {
      this.socket = socket;
      this.in = socket.getInputStream();
      this.out = socket.getOutputStream();
    }

    /** Reads a request head and its whole body, or returns null when the client closed. */
    Request readRequest() throws IOException {
      Head head = readHead();
      if (head == null) {
        return null;
      }
      return readBody(head, null);
    }

    /** Reads only a request head, or returns null when the client closed. */
    Head readHead() throws IOException {
      String requestLine = readLine();
      if (requestLine == null) {
        return null;
      }
      String[] parts = requestLine.split(" ");
      List<String[]> headers = new ArrayList<>();
      String line;
      while ((line = readLine()) != null && !line.isEmpty()) {
        int colon = line.indexOf(':');
        headers.add(
            new String[] {line.substring(0, colon).trim(), line.substring(colon + 1).trim()});
      }
      return new Head(parts[0], parts[1], headers);
    }

    /**
     * Reads the body of a request head (Content-Length or chunked), telling {@code progress} the
     * byte count after each read, and records the request.
     */
    Request readBody(Head head, java.util.function.LongConsumer progress) throws IOException {
      CRC32 crc = new CRC32();
      ByteArrayOutputStream kept = new ByteArrayOutputStream();
      long[] total = {0};
      BodySink sink =
          (b, n) -> {
            crc.update(b, 0, n);
            if (total[0] + n <= 8 << 20) {
              kept.write(b, 0, n);
            }
            total[0] += n;
            if (progress != null) {
              progress.accept(total[0]);
            }
          };
      Optional<String> length = head.header("Content-Length");
      boolean chunked =
          head.header("Transfer-Encoding").map(v -> v.equalsIgnoreCase("chunked")).orElse(false);
      if (chunked) {
        readChunked(sink);
      } else if (length.isPresent()) {
        readExactly(Long.parseLong(length.get()), sink);
      }
      Request request =
          new Request(
              head.method(),
              head.target(),
              head.headers(),
              total[0],
              crc.getValue(),
              total[0] <= 8 << 20 ? kept.toByteArray() : null);
      requests.add(request);
      return request;
    }

    private void readChunked(BodySink sink) throws IOException {
      while (true) {
        String sizeLine = readLine();
        if (sizeLine == null) {
          throw new EOFException("chunked body cut short");
        }
        int semicolon = sizeLine.indexOf(';');
        long size =
            Long.parseLong(semicolon < 0 ? sizeLine.trim() : sizeLine.substring(0, semicolon), 16);
        if (size == 0) {
          while (!readLine().isEmpty()) {
            // trailers
          }
          return;
        }
        readExactly(size, sink);
        readLine();
      }
    }

    private void readExactly(long length, BodySink sink) throws IOException {
      byte[] buffer = new byte[64 * 1024];
      long left = length;
      while (left > 0) {
        int n = in.read(buffer, 0, (int) Math.min(buffer.length, left));
        if (n < 0) {
          throw new EOFException("body cut short");
        }
        sink.accept(buffer, n);
        left -= n;
      }
    }

    private String readLine() throws IOException {
      ByteArrayOutputStream line = new ByteArrayOutputStream();
      int c;
      while ((c = in.read()) >= 0) {
        if (c == '\n') {
          byte[] bytes = line.toByteArray();
          int end =
              bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
          return new String(bytes, 0, end, StandardCharsets.ISO_8859_1);
        }
        line.write(c);
      }
      return line.size() == 0 ? null : line.toString(StandardCharsets.ISO_8859_1);
    }

    /** Answers with a complete response and a Content-Length body. */
    void respond(int status, String body) throws IOException {
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      write("HTTP/1.1 " + status + " X\r\nContent-Length: " + bytes.length + "\r\n\r\n");
      write(bytes);
    }

    /** Writes raw text (ISO-8859-1) and flushes. */
    void write(String raw) throws IOException {
      write(raw.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** Writes raw bytes and flushes. */
    void write(byte[] raw) throws IOException {
      out.write(raw);
      out.flush();
    }

    /** Resets the connection (TCP RST) instead of closing it cleanly. */
    void reset() throws IOException {
      socket.setSoLinger(true, 0);
      socket.close();
    }

    /** Closes the connection cleanly (FIN). */
    void close() throws IOException {
      socket.close();
    }

    /** Blocks until the server closes: the connection stays open and silent. */
    void hang() throws InterruptedException {
      closing.await();
    }

    /**
     * Waits {@code millis}, or less once the server closes: paces a server that trickles on
     * purpose.
     */
    void pace(long millis) throws InterruptedException {
      closing.await(millis, TimeUnit.MILLISECONDS);
    }

    /** The client's port: tells connections apart. */
    int remotePort() {
      return socket.getPort();
    }

    /**
     * The subject of the certificate the client presented in this connection's handshake, or "none"
     * (plain http, or no certificate).
     */
    String clientCertificate() {
      if (!(socket instanceof javax.net.ssl.SSLSocket)) {
        return "none";
      }
      try {
        return ((javax.net.ssl.SSLSocket) socket).getSession().getPeerPrincipal().getName();
      } catch (javax.net.ssl.SSLPeerUnverifiedException e) {
        return "none";
      }
    }
  }

  /** A request line and headers. */
  record Head(String method, String target, List<String[]> headers) {
    Optional<String> header(String name) {
      return headers.stream().filter(h -> h[0].equalsIgnoreCase(name)).map(h -> h[1]).findFirst();
    }
  }

  @FunctionalInterface
  private interface BodySink {
    void accept(byte[] buffer, int length);
  }
}
