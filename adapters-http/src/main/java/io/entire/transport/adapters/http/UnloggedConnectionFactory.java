package io.entire.transport.adapters.http;

import java.io.IOException;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLSocket;
import org.apache.hc.client5.http.impl.io.DefaultManagedHttpClientConnection;
import org.apache.hc.client5.http.io.ManagedHttpClientConnection;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.impl.io.SocketHolder;
import org.apache.hc.core5.http.io.HttpConnectionFactory;

/**
 * Makes HttpClient's connections without its header and wire logs.
 *
 * <p>At debug level HttpClient logs every request header ({@code
 * org.apache.hc.client5.http.headers}) and every byte on the wire ({@code
 * org.apache.hc.client5.http.wire}), Authorization values included, whenever a host application
 * turns debug logging on broadly (as {@code ENTIRE_DEBUG=1} does). Tokens must never reach a log
 * (A5), and logging a pack byte by byte would also stall transfers; {@link ApacheHttpExchange} logs
 * each exchange itself, redacted.
 *
 * <p>It subclasses HttpClient's {@code @Internal} connection class, which may change in any
 * release: {@code DebugLogRedactionTest} fails if an upgrade lets header or wire logs through
 * again.
 *
 * <p>Thread-safe.
 */
final class UnloggedConnectionFactory
    implements HttpConnectionFactory<ManagedHttpClientConnection> {
  private static final AtomicLong COUNTER = new AtomicLong();

  @Override
  public ManagedHttpClientConnection createConnection(Socket socket) throws IOException {
    UnloggedConnection connection =
        new UnloggedConnection("entire-http-" + COUNTER.getAndIncrement());
    if (socket != null) {
      connection.bind(socket);
    }
    return connection;
  }

  /** HttpClient's connection, bound to plain socket holders and without header logging. */
  private static final class UnloggedConnection extends DefaultManagedHttpClientConnection {
    UnloggedConnection(String id) {
      super(id);
    }

    @Override
    public void bind(Socket socket) throws IOException {
      bind(new SocketHolder(socket)); // never the wire-logging holder
    }

    @Override
    public void bind(SSLSocket sslSocket, Socket socket) throws IOException {
      bind(new SocketHolder(sslSocket, socket));
    }

    @Override
    protected void onRequestSubmitted(ClassicHttpRequest request) {
      // Deliberately silent: the headers may carry credentials.
    }

    @Override
    protected void onResponseReceived(ClassicHttpResponse response) {
      // Deliberately silent: the headers may carry cookies.
    }
  }
}
