package io.entire.transport.testkit;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;

/** The request line and header fields of one HTTP/1.x request. Immutable after parsing. */
final class RequestHead {

  private static final int MAX_LINE = 16 * 1024;
  private static final int MAX_FIELDS = 256;

  private final String method;
  private final String target;
  private final String version;
  private final HttpHeaders headers;

  private RequestHead(String method, String target, String version, HttpHeaders headers) {
    this.method = method;
    this.target = target;
    this.version = version;
    this.headers = headers;
  }

  /**
   * Reads a request head.
   *
   * @return the head, or {@code null} when the peer closed the connection before sending a byte
   *     (the normal end of a keep-alive connection)
   */
  static RequestHead read(InputStream in) throws IOException {
    return read(in, false);
  }

  /**
   * Reads a request head sent to a server ({@code forProxy} false: the target is made origin-form)
   * or to a proxy ({@code forProxy} true: the target must be absolute-form, or {@code host:port}
   * for {@code CONNECT}, and is kept as sent).
   *
   * @return the head, or {@code null} when the peer closed the connection before sending a byte
   */
  static RequestHead read(InputStream in, boolean forProxy) throws IOException {
    String requestLine = readLine(in, true);
    // RFC 9112 2.2: a server should ignore empty lines before the request line.
    while (requestLine != null && requestLine.isEmpty()) {
      requestLine = readLine(in, true);
    }
    if (requestLine == null) {
      return null;
    }
    String[] parts = requestLine.split(" ");
    if (parts.length != 3 || !parts[2].startsWith("HTTP/1.")) {
      throw new BadRequestException("malformed request line: " + requestLine);
    }
    String target = forProxy ? proxyTarget(parts[0], parts[1]) : originTarget(parts[1]);
    HttpHeaders headers = new HttpHeaders();
    for (int count = 0; ; count++) {
      String line = readLine(in, false);
      if (line.isEmpty()) {
        break;
      }
      if (count == MAX_FIELDS) {
        throw new BadRequestException("more than " + MAX_FIELDS + " header fields");
      }
      int colon = line.indexOf(':');
      if (colon <= 0) {
        throw new BadRequestException("malformed header field: " + line);
      }
      headers.add(line.substring(0, colon).trim(), line.substring(colon + 1).trim());
    }
    return new RequestHead(parts[0], target, parts[2], headers);
  }

  private static String originTarget(String target) throws BadRequestException {
    String origin = target;
    if (target.startsWith("http://") || target.startsWith("https://")) {
      // absolute-form (as sent to proxies): keep only path and query, like an origin server does
      int slash = target.indexOf('/', target.indexOf("//") + 2);
      origin = slash < 0 ? "/" : target.substring(slash);
    }
    if (!origin.startsWith("/")) {
      throw new BadRequestException("request target must start with '/': " + target);
    }
    return origin;
  }

  private static String proxyTarget(String method, String target) throws BadRequestException {
    boolean valid =
        method.equals("CONNECT")
            ? target.matches("[^/\\s@]+:[0-9]{1,5}")
            : target.startsWith("http://") || target.startsWith("https://");
    if (!valid) {
      throw new BadRequestException(
          "a proxy takes absolute-form targets (http://host:port/path) or, for CONNECT,"
              + " host:port; got "
              + target);
    }
    return target;
  }

  /**
   * Reads one line terminated by LF (a preceding CR is dropped) as ISO-8859-1. Header lines are
   * short, so reading byte by byte from a buffered stream is fine here; bodies never go through
   * this.
   */
  static String readLine(InputStream in, boolean eofBeforeFirstByteAllowed) throws IOException {
    byte[] buf = new byte[128];
    int n = 0;
    while (true) {
      int b = in.read();
      if (b < 0) {
        if (n == 0 && eofBeforeFirstByteAllowed) {
          return null;
        }
        throw new EOFException("connection closed in the middle of a header line");
      }
      if (b == '\n') {
        break;
      }
      if (n == MAX_LINE) {
        throw new BadRequestException("header line longer than " + MAX_LINE + " bytes");
      }
      if (n == buf.length) {
        buf = Arrays.copyOf(buf, buf.length * 2);
      }
      buf[n++] = (byte) b;
    }
    if (n > 0 && buf[n - 1] == '\r') {
      n--;
    }
    return new String(buf, 0, n, StandardCharsets.ISO_8859_1);
  }

  String method() {
    return method;
  }

  /**
   * The request target in origin form, e.g. {@code /repo/info/refs?service=git-upload-pack}; as
   * sent when read for a proxy.
   */
  String target() {
    return target;
  }

  String path() {
    int q = target.indexOf('?');
    return q < 0 ? target : target.substring(0, q);
  }

  /** The query without {@code ?}; empty when there is none. */
  String query() {
    int q = target.indexOf('?');
    return q < 0 ? "" : target.substring(q + 1);
  }

  HttpHeaders headers() {
    return headers;
  }

  String header(String name) {
    return headers.first(name);
  }

  /** Whether the client asked for the connection to end after this exchange. */
  boolean wantsClose() {
    String connection = headers.first("Connection");
    String tokens = connection == null ? "" : connection.toLowerCase(Locale.ROOT);
    if (version.equals("HTTP/1.0")) {
      return !tokens.contains("keep-alive");
    }
    return tokens.contains("close");
  }
}
