package io.entire.transport.bootstrap.helper;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A hostile HTTP/1.1 server on loopback for end-to-end tests: each request head is handed to a
 * handler that writes whatever raw bytes it likes, so a test can send what the testkit's
 * well-behaved servers never would (a stalled error body, a query-only {@code Location}, an echo of
 * the request headers). One request per connection; the connection closes after the handler.
 *
 * <p>Thread-safe; close it to stop accepting and to close every connection.
 */
final class RawNode implements AutoCloseable {

  /** One request head. */
  record Request(String method, String target, Map<String, String> headers) {
    String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }
  }

  /** Writes the raw response to one request. */
  @FunctionalInterface
  interface Handler {
    void answer(Request request, OutputStream out) throws IOException;
  }

  private final ServerSocket server;
  private final Handler handler;
  private final List<Request> requests = new CopyOnWriteArrayList<>();
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();

  RawNode(Handler handler) {
    this.handler = handler;
    try {
      this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Thread acceptor = new Thread(this::acceptLoop, "raw-node-" + server.getLocalPort());
    acceptor.setDaemon(true);
    acceptor.start();
  }

  /** {@code http://127.0.0.1:<port>}. */
  String url() {
    return "http://127.0.0.1:" + server.getLocalPort();
  }

  /** The request heads received so far. */
  List<Request> requests() {
    return List.copyOf(requests);
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      Socket socket;
      try {
        socket = server.accept();
      } catch (IOException e) {
        return; // closed
      }
      sockets.add(socket);
      Thread worker = new Thread(() -> serve(socket), "raw-node-conn");
      worker.setDaemon(true);
      worker.start();
    }
  }

  private void serve(Socket socket) {
    try (socket) {
      Request request = readHead(socket.getInputStream());
      if (request == null) {
        return;
      }
      requests.add(request);
      OutputStream out = socket.getOutputStream();
      handler.answer(request, out);
      out.flush();
    } catch (IOException e) {
      // The client went away; nothing to report.
    }
  }

  private static Request readHead(InputStream in) throws IOException {
    List<String> lines = new ArrayList<>();
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    int c;
    while ((c = in.read()) >= 0) {
      if (c == '\n') {
        String text = line.toString(StandardCharsets.ISO_8859_1).replace("\r", "");
        line.reset();
        if (text.isEmpty()) {
          break;
        }
        lines.add(text);
      } else {
        line.write(c);
      }
    }
    if (lines.isEmpty()) {
      return null;
    }
    String[] start = lines.get(0).split(" ");
    Map<String, String> headers = new LinkedHashMap<>();
    for (String header : lines.subList(1, lines.size())) {
      int colon = header.indexOf(':');
      if (colon > 0) {
        headers.put(
            header.substring(0, colon).trim().toLowerCase(Locale.ROOT),
            header.substring(colon + 1).trim());
      }
    }
    return new Request(start[0], start.length > 1 ? start[1] : "", headers);
  }

  /** Writes a complete response with {@code Content-Length} and {@code Connection: close}. */
  static void respond(OutputStream out, int status, String contentType, byte[] body)
      throws IOException {
    out.write(
        ("HTTP/1.1 "
                + status
                + " Whatever\r\nContent-Type: "
                + contentType
                + "\r\nContent-Length: "
                + body.length
                + "\r\nConnection: close\r\n\r\n")
            .getBytes(StandardCharsets.ISO_8859_1));
    out.write(body);
  }

  @Override
  public void close() {
    try {
      server.close();
    } catch (IOException e) {
      // closing anyway
    }
    for (Socket socket : sockets) {
      try {
        socket.close();
      } catch (IOException e) {
        // closing anyway
      }
    }
  }
}
