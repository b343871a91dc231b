package io.entire.transport.adapters.http;

import static io.entire.transport.adapters.http.ApacheHttpExchangeTest.get;

import io.entire.transport.application.port.in.Cancellation;
import io.entire.transport.application.port.out.HttpResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * Runs in a child JVM started by {@link TlsVersionFloorTest}, whose security properties allow TLS
 * 1.1. Starts a TLS 1.1-only server, shows that a plain JDK client can talk to it (control), then
 * asks {@link ApacheHttpExchange} to. Prints one {@code control:} and one {@code adapter:} line.
 */
final class TlsVersionFloorProbe {
  static final String CONTROL_OK = "control: TLSv1.1 handshake completed";
  static final String ADAPTER_REFUSED = "adapter: refused in the TLS handshake";

  private TlsVersionFloorProbe() {}

  public static void main(String[] args) throws Exception {
    try (RawHttpServer server =
        RawHttpServer.startTls(
            TestTls.serverContext(),
            new String[] {"TLSv1.1"},
            c -> {
              while (c.readRequest() != null) {
                c.respond(200, "old");
              }
            })) {
      control(server.uri("/r"));
      adapter(server.uri("/r"));
    }
    System.out.flush();
    // Nothing else should keep the JVM alive, but the parent must not wait on a stray thread.
    System.exit(0);
  }

  private static void control(URI uri) {
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, new TrustManager[] {new TrustAnything()}, null);
      try (Socket plain = new Socket()) {
        plain.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), 5_000);
        plain.setSoTimeout(5_000);
        try (SSLSocket socket =
            (SSLSocket)
                context
                    .getSocketFactory()
                    .createSocket(plain, uri.getHost(), uri.getPort(), true)) {
          socket.setEnabledProtocols(new String[] {"TLSv1.1"});
          socket.startHandshake();
          String protocol = socket.getSession().getProtocol();
          OutputStream out = socket.getOutputStream();
          out.write(
              "GET /r HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
                  .getBytes(StandardCharsets.ISO_8859_1));
          out.flush();
          InputStream in = socket.getInputStream();
          String head = new String(in.readNBytes(15), StandardCharsets.ISO_8859_1);
          if ("TLSv1.1".equals(protocol) && head.startsWith("HTTP/1.1 200")) {
            System.out.println(CONTROL_OK);
          } else {
            System.out.println("control: unexpected " + protocol + " / " + head);
          }
        }
      }
    } catch (Exception e) {
      System.out.println("control: failed " + e);
    }
  }

  private static void adapter(URI uri) {
    try (ApacheHttpExchange http =
        new ApacheHttpExchange(
            new HttpSettings(Duration.ofSeconds(5), Duration.ofSeconds(5), true, "entire-test"))) {
      try (HttpResponse response = http.exchange(get(uri), new Cancellation())) {
        System.out.println("adapter: accepted, status " + response.status());
      }
    } catch (SSLHandshakeException e) {
      System.out.println(ADAPTER_REFUSED + " (" + e.getMessage() + ")");
    } catch (IOException | RuntimeException e) {
      System.out.println("adapter: failed otherwise " + e);
    }
  }

  /** The control client's trust: the server's certificate is self-signed. */
  private static final class TrustAnything implements X509TrustManager {
    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }
}
