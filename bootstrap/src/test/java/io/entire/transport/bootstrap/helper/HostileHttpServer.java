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
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A hostile smart-HTTP server on a raw socket (127.0.0.1, ephemeral port) for hardening tests: it
 * answers every request with what a {@link Responder} writes, raw, then closes the connection. Raw
 * because the answers are ones a well-behaved server library would not send (a ref name with line
 * feeds, an endless body, a gzip bomb).
 *
 * <p>Thread-safe; the creator must {@link #close()} it.
 */
final class HostileHttpServer implements AutoCloseable {

  /** Writes the whole HTTP response to one request. */
  interface Responder {
    void respond(String requestLine, OutputStream out) throws IOException;
  }

  private final ServerSocket listener;
  private final Responder responder;
  private final List<String> requestLines = new CopyOnWriteArrayList<>();
  private final List<Socket> connections = new CopyOnWriteArrayList<>();

  HostileHttpServer(Responder responder) {
    this.responder = responder;
    try {
      listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Thread accept = new Thread(this::acceptLoop, "hostile-http-accept");
    accept.setDaemon(true);
    accept.start();
  }

  /** The base URL, e.g. {@code http://127.0.0.1:12345}. */
  String url() {
    return "http://127.0.0.1:" + listener.getLocalPort();
  }

  /** The request lines received so far, e.g. {@code GET /r/info/refs?service=… HTTP/1.1}. */
  List<String> requestLines() {
    return List.copyOf(requestLines);
  }

  /** A complete response with a fixed body. */
  static void respond(OutputStream out, String contentType, String extraHeaders, byte[] body)
      throws IOException {
    String head =
        "HTTP/1.1 200 OK\r\n"
            + "Content-Type: "
            + contentType
            + "\r\n"
            + extraHeaders
            + "Content-Length: "
            + body.length
            + "\r\n"
            + "Cache-Control: no-cache\r\n"
            + "Connection: close\r\n\r\n";
    out.write(head.getBytes(StandardCharsets.US_ASCII));
    out.write(body);
    out.flush();
  }

  /** A pkt-line with {@code payload} (bytes as ISO-8859-1). */
  static byte[] pktLine(String payload) {
    byte[] bytes = payload.getBytes(StandardCharsets.ISO_8859_1);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(String.format("%04x", bytes.length + 4).getBytes(StandardCharsets.US_ASCII));
    out.writeBytes(bytes);
    return out.toByteArray();
  }

  private void acceptLoop() {
    while (!listener.isClosed()) {
      Socket socket;
      try {
        socket = listener.accept();
      } catch (IOException e) {
        return; // closed
      }
      connections.add(socket);
      Thread handler = new Thread(() -> serve(socket), "hostile-http-connection");
      handler.setDaemon(true);
      handler.start();
    }
  }

  private void serve(Socket socket) {
    try (socket) {
      String requestLine = readHead(socket.getInputStream());
      if (requestLine == null) {
        return;
      }
      requestLines.add(requestLine);
      responder.respond(requestLine, socket.getOutputStream());
    } catch (IOException e) {
      // The client went away (e.g. the helper gave up on an endless body): expected here.
    }
  }

  /** Reads the request head up to its blank line; returns the request line, null at EOF. */
  private static String readHead(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    byte[] end = {'\r', '\n', '\r', '\n'};
    int b;
    while (matched < end.length && (b = in.read()) >= 0) {
      head.write(b);
      matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
    }
    if (matched < end.length) {
      return null;
    }
    String text = head.toString(StandardCharsets.ISO_8859_1);
    return text.substring(0, text.indexOf("\r\n"));
  }

  @Override
  public void close() {
    try {
      listener.close();
    } catch (IOException ignored) {
      // Closing anyway.
    }
    for (Socket socket : connections) {
      try {
        socket.close();
      } catch (IOException ignored) {
        // Closing anyway.
      }
    }
  }
}
