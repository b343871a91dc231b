package io.entire.transport.testkit;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * One client connection of a {@link TestProxy}: reads one request head, checks the proxy
 * credentials, then either opens a {@code CONNECT} tunnel or forwards one absolute-form request,
 * and closes. Runs on a pool thread of the proxy; the relay in the other direction takes a second
 * one.
 */
final class ProxyConnection implements Runnable {

  /** Hop-by-hop fields that are the proxy's business, not the origin's (RFC 9110 7.6.1). */
  private static final Set<String> NOT_FORWARDED =
      Set.of("proxy-authorization", "proxy-connection", "connection", "keep-alive", "te");

  private static final int CONNECT_TIMEOUT_MILLIS = 5_000;

  private final TestProxy proxy;
  private final Socket client;

  ProxyConnection(TestProxy proxy, Socket client) {
    this.proxy = proxy;
    this.client = client;
  }

  @Override
  public void run() {
    Socket upstream = null;
    try {
      InputStream in = new BufferedInputStream(client.getInputStream());
      OutputStream out = client.getOutputStream();
      RequestHead head;
      try {
        head = RequestHead.read(in, true);
      } catch (BadRequestException e) {
        answer(out, 400, "Bad Request", e.getMessage(), "");
        return;
      }
      if (head == null) {
        return;
      }
      AuthorizationRule rule = proxy.rule();
      if (rule != null && !rule.accepts(head.header("Proxy-Authorization"), head)) {
        proxy.record(head, 407);
        String challenge = "Proxy-Authenticate: Basic realm=\"" + TestProxy.REALM + "\"\r\n";
        answer(out, 407, "Proxy Authentication Required", "proxy authentication", challenge);
        return;
      }
      boolean connect = head.method().equals("CONNECT");
      String authority = connect ? head.target() : null;
      URI uri = null;
      if (!connect) {
        uri = new URI(head.target());
        if (!"http".equalsIgnoreCase(uri.getScheme())) {
          proxy.record(head, 400);
          answer(out, 400, "Bad Request", "use CONNECT for " + uri.getScheme(), "");
          return;
        }
        authority = uri.getHost() + ":" + (uri.getPort() < 0 ? 80 : uri.getPort());
      }
      upstream = open(authority);
      if (upstream == null) {
        proxy.record(head, 502);
        answer(out, 502, "Bad Gateway", "cannot reach " + authority, "");
        return;
      }
      if (connect) {
        tunnel(head, in, out, upstream);
      } else {
        forward(head, uri, in, out, upstream);
      }
    } catch (IOException | URISyntaxException e) {
      // a side went away, the proxy closed, or the target was malformed: end the connection
    } finally {
      if (upstream != null) {
        proxy.release(upstream);
      }
      proxy.release(client);
    }
  }

  /** Connects to {@code host:port}, resolving in this JVM; null when that fails. */
  private Socket open(String authority) {
    int colon = authority.lastIndexOf(':');
    String host = authority.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    Socket socket = new Socket();
    if (!proxy.track(socket)) {
      return null;
    }
    try {
      int port = Integer.parseInt(authority.substring(colon + 1));
      socket.connect(new InetSocketAddress(host, port), CONNECT_TIMEOUT_MILLIS);
      return socket;
    } catch (IOException | IllegalArgumentException e) {
      proxy.release(socket);
      return null;
    }
  }

  private void tunnel(RequestHead head, InputStream in, OutputStream out, Socket upstream)
      throws IOException {
    proxy.record(head, 200);
    out.write("HTTP/1.1 200 Connection Established\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    out.flush();
    relayInBackground(upstream.getInputStream(), out);
    // bytes the client sent after the head are already in the buffer of in: relay from it
    copy(in, upstream.getOutputStream());
  }

  private void forward(RequestHead head, URI uri, InputStream in, OutputStream out, Socket upstream)
      throws IOException {
    StringBuilder request = new StringBuilder(512);
    String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
    String query = uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
    request.append(head.method()).append(' ').append(path).append(query).append(" HTTP/1.1\r\n");
    for (Map.Entry<String, String> h : head.headers().entries()) {
      if (!NOT_FORWARDED.contains(h.getKey().toLowerCase(Locale.ROOT))) {
        request.append(h.getKey()).append(": ").append(h.getValue()).append("\r\n");
      }
    }
    request.append("Connection: close\r\n\r\n");
    OutputStream toOrigin = upstream.getOutputStream();
    toOrigin.write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
    toOrigin.flush();
    // the body (any framing) flows as raw bytes while the response comes back
    relayInBackground(in, toOrigin);
    InputStream fromOrigin = new BufferedInputStream(upstream.getInputStream());
    int status;
    do {
      status = relayResponseHead(fromOrigin, out);
    } while (status >= 100 && status < 200); // interim answers (100 Continue) come first
    proxy.record(head, status);
    copy(fromOrigin, out);
  }

  /**
   * Copies one response head, making the final one say {@code Connection: close} (this proxy serves
   * one request per connection). Returns its status.
   */
  private static int relayResponseHead(InputStream from, OutputStream to) throws IOException {
    String statusLine = RequestHead.readLine(from, false);
    String[] parts = statusLine.split(" ", 3);
    int status;
    try {
      status = Integer.parseInt(parts.length > 1 ? parts[1] : "");
    } catch (NumberFormatException e) {
      throw new IOException("malformed status line from the origin: " + statusLine, e);
    }
    boolean interim = status >= 100 && status < 200;
    StringBuilder head = new StringBuilder(statusLine).append("\r\n");
    for (String line = RequestHead.readLine(from, false);
        !line.isEmpty();
        line = RequestHead.readLine(from, false)) {
      String name = line.substring(0, Math.max(0, line.indexOf(':'))).trim();
      if (interim || !NOT_FORWARDED.contains(name.toLowerCase(Locale.ROOT))) {
        head.append(line).append("\r\n");
      }
    }
    if (!interim) {
      head.append("Connection: close\r\n");
    }
    to.write(head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
    to.flush();
    return status;
  }

  /**
   * Copies {@code from} to {@code to} on another pool thread, then closes the client connection,
   * which also ends the copy this thread runs (its read or write fails) and so the connection.
   */
  private void relayInBackground(InputStream from, OutputStream to) {
    boolean started =
        proxy.run(
            () -> {
              try {
                copy(from, to);
              } catch (IOException e) {
                // one side went away: the other direction ends when its socket closes
              } finally {
                proxy.release(client);
              }
            });
    if (!started) {
      proxy.release(client);
    }
  }

  private static void copy(InputStream from, OutputStream to) throws IOException {
    byte[] buffer = new byte[16 * 1024];
    for (int n = from.read(buffer); n >= 0; n = from.read(buffer)) {
      to.write(buffer, 0, n);
      to.flush();
    }
  }

  private static void answer(
      OutputStream out, int status, String reason, String text, String extraHeaders)
      throws IOException {
    byte[] body = ("testkit proxy: " + text + "\n").getBytes(StandardCharsets.UTF_8);
    String head =
        "HTTP/1.1 "
            + status
            + " "
            + reason
            + "\r\n"
            + extraHeaders
            + "Content-Type: text/plain; charset=utf-8\r\nContent-Length: "
            + body.length
            + "\r\nConnection: close\r\n\r\n";
    out.write(head.getBytes(StandardCharsets.ISO_8859_1));
    out.write(body);
    out.flush();
  }
}
