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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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

  /**
   * One request head.
   *
   * @param line the request line, e.g. {@code GET /r/info/refs?service=… HTTP/1.1}
   * @param headers the header fields, names in lower case
   */
  record Request(String line, Map<String, String> headers) {
    /** The request target, e.g. {@code /r/info/refs?service=git-upload-pack}. */
    String target() {
      String[] parts = line.split(" ");
      return parts.length > 1 ? parts[1] : "";
    }

    /** A header's value, or null. */
    String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }
  }

  /** Writes the whole HTTP response to one request. */
  interface Responder {
    void respond(Request request, OutputStream out) throws IOException;
  }

  private final ServerSocket listener;
  private final Responder responder;
  private final List<Request> requests = new CopyOnWriteArrayList<>();
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
    return requests.stream().map(Request::line).toList();
  }

  /** The request heads received so far. */
  List<Request> requests() {
    return List.copyOf(requests);
  }

  /** A complete 200 response with a fixed body. */
  static void respond(OutputStream out, String contentType, String extraHeaders, byte[] body)
      throws IOException {
    respond(out, 200, contentType, extraHeaders, body);
  }

  /** A complete response with a fixed body. */
  static void respond(
      OutputStream out, int status, String contentType, String extraHeaders, byte[] body)
      throws IOException {
    String head =
        "HTTP/1.1 "
            + status
            + " Whatever\r\n"
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
      Request request = readHead(socket.getInputStream());
      if (request == null) {
        return;
      }
      requests.add(request);
      responder.respond(request, socket.getOutputStream());
    } catch (IOException e) {
      // The client went away (e.g. the helper gave up on an endless body): expected here.
    }
  }

  /** Reads the request head up to its blank line; null at EOF. */
  private static Request readHead(InputStream in) throws IOException {
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
    String[] lines = head.toString(StandardCharsets.ISO_8859_1).split("\r\n");
    Map<String, String> headers = new LinkedHashMap<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      if (colon > 0) {
        headers.put(
            lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
            lines[i].substring(colon + 1).trim());
      }
    }
    return new Request(lines[0], headers);
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
