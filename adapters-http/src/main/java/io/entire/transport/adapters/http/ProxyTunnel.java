package io.entire.transport.adapters.http;

import java.io.IOException;
import java.net.PasswordAuthentication;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import org.apache.hc.client5.http.HttpRoute;
import org.apache.hc.client5.http.io.ConnectionEndpoint;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.HttpVersion;
import org.apache.hc.core5.http.Method;
import org.apache.hc.core5.http.impl.io.HttpRequestExecutor;
import org.apache.hc.core5.http.message.BasicClassicHttpRequest;
import org.apache.hc.core5.http.message.BasicHeader;

/**
 * Opens the {@code CONNECT} tunnel of a fast-fallback attempt through a proxy (D1, N1), so that the
 * race is between tunnels: HttpClient opens its own tunnels inside an exchange, after the pool
 * hands out a connection, which is too late for a race. The request is the one HttpClient would
 * send: {@code CONNECT host:port HTTP/1.1} with {@code Host}, the client's User-Agent and, when the
 * proxy URL has them, Basic proxy credentials (the proxy is trusted with those; the cluster's
 * credentials are never on this request).
 */
final class ProxyTunnel {
  private ProxyTunnel() {}

  /**
   * Sends the {@code CONNECT} on {@code endpoint}, connected to the proxy.
   *
   * @return true when the tunnel is open (2xx); false when the proxy refused it (the response is
   *     consumed; the caller discards the connection)
   * @throws IOException when the proxy did not answer
   */
  static boolean open(
      ConnectionEndpoint endpoint, HttpRoute route, ConnectRace.Dial dial, String userAgent)
      throws IOException {
    HttpHost target = route.getTargetHost();
    String authority = target.toHostString();
    BasicClassicHttpRequest connect =
        new BasicClassicHttpRequest(Method.CONNECT, target, authority);
    connect.setVersion(HttpVersion.HTTP_1_1);
    connect.addHeader("Host", authority);
    connect.addHeader("User-Agent", userAgent);
    PasswordAuthentication credentials = dial.proxy().credentials();
    if (credentials != null) {
      connect.addHeader(new BasicHeader("Proxy-Authorization", basic(credentials), true));
    }
    try (ClassicHttpResponse response =
        endpoint.execute("race-connect", connect, new HttpRequestExecutor(), dial.context())) {
      int status = response.getCode();
      return status >= 200 && status < 300;
    } catch (HttpException e) {
      throw new IOException("proxy " + dial.proxy().name() + " sent an invalid answer", e);
    }
  }

  private static String basic(PasswordAuthentication credentials) {
    CharBuffer pair =
        CharBuffer.allocate(
            credentials.getUserName().length() + 1 + credentials.getPassword().length);
    pair.put(credentials.getUserName()).put(':').put(credentials.getPassword()).flip();
    ByteBuffer bytes = StandardCharsets.UTF_8.encode(pair);
    byte[] raw = new byte[bytes.remaining()];
    bytes.get(raw);
    try {
      return "Basic " + Base64.getEncoder().encodeToString(raw);
    } finally {
      Arrays.fill(raw, (byte) 0);
      Arrays.fill(pair.array(), '\0');
    }
  }
}
