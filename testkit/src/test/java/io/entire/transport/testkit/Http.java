package io.entire.transport.testkit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** HTTP helpers for the tests: a non-redirecting JDK client and raw sockets. */
final class Http {

  static final Duration TIMEOUT = Duration.ofSeconds(10);

  private Http() {}

  /** A fresh client (fresh connection pool) that never follows redirects. */
  static HttpClient client() {
    return HttpClient.newBuilder()
        .followRedirects(HttpClient.Redirect.NEVER)
        .connectTimeout(Duration.ofSeconds(5))
        .version(HttpClient.Version.HTTP_1_1)
        .build();
  }

  static HttpResponse<String> get(String url) throws IOException, InterruptedException {
    return client()
        .send(
            HttpRequest.newBuilder(URI.create(url)).timeout(TIMEOUT).GET().build(),
            HttpResponse.BodyHandlers.ofString());
  }

  static String infoRefs(String base, String repo) {
    return base + "/" + repo + "/info/refs?service=git-upload-pack";
  }

  /** Opens a socket with a read timeout so a broken test fails instead of hanging. */
  static Socket connect(String host, int port) throws IOException {
    Socket socket = new Socket();
    socket.connect(new InetSocketAddress(host, port), 5000);
    socket.setSoTimeout(10_000);
    return socket;
  }

  static void send(Socket socket, String text) throws IOException {
    socket.getOutputStream().write(text.getBytes(StandardCharsets.ISO_8859_1));
    socket.getOutputStream().flush();
  }

  /** Reads until the peer closes the connection. */
  static byte[] readToEnd(Socket socket) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    socket.getInputStream().transferTo(out);
    return out.toByteArray();
  }

  /** Reads a response head (through the blank line). */
  static String readHead(InputStream in) throws IOException {
    StringBuilder head = new StringBuilder();
    while (!head.toString().endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("connection closed inside response head: " + head);
      }
      head.append((char) b);
    }
    return head.toString();
  }

  /** Reads exactly {@code n} bytes. */
  static byte[] readExactly(InputStream in, int n) throws IOException {
    byte[] bytes = in.readNBytes(n);
    if (bytes.length != n) {
      throw new IOException("expected " + n + " bytes, got " + bytes.length);
    }
    return bytes;
  }

  /** Reads a complete chunked body (through the last chunk and the final CRLF). */
  static byte[] readChunkedBody(InputStream in) throws IOException {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    while (true) {
      String size = readLine(in);
      int n = Integer.parseInt(size.trim(), 16);
      if (n == 0) {
        if (!readLine(in).isEmpty()) {
          throw new IOException("trailer fields are not expected");
        }
        return body.toByteArray();
      }
      body.write(readExactly(in, n));
      if (!readLine(in).isEmpty()) {
        throw new IOException("chunk not followed by CRLF");
      }
    }
  }

  private static String readLine(InputStream in) throws IOException {
    StringBuilder line = new StringBuilder();
    while (true) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("connection closed inside a chunked body: " + line);
      }
      if (b == '\n') {
        return line.toString().replace("\r", "");
      }
      line.append((char) b);
    }
  }

  static int contentLength(String head) {
    for (String line : head.split("\r\n")) {
      if (line.toLowerCase().startsWith("content-length:")) {
        return Integer.parseInt(line.substring("content-length:".length()).trim());
      }
    }
    throw new AssertionError("no Content-Length in " + head);
  }
}
