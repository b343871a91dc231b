package io.entire.transport.adapters.auth;

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
 * Makes the token exchange's HttpClient connections without its header and wire logs.
 *
 * <p>The exchange request body carries the login token and its response the minted token; with
 * HttpClient's stock connections, a host application that turns on debug logging broadly would
 * write both to its log through {@code org.apache.hc.client5.http.wire} (A5). This factory binds
 * sockets without the wire-logging holder and skips the header log hooks.
 *
 * <p><b>Why there are two</b>: adapters-http has a class of the same name and purpose for the data
 * plane's client. Adapters never depend on each other, and each adapter's HttpClient must not log
 * headers or wire bytes because they carry credentials, so each adapter keeps its own copy. This
 * one has only the silencing; the data plane's also raises the header line limit and tracks whether
 * a request was written.
 *
 * <p>It extends HttpClient's {@code @Internal} connection class; {@code
 * TokenExchangeCredentialsTest.a5_…} runs with HttpClient's debug logs on and fails if an upgrade
 * lets them through again. Thread-safe.
 */
final class UnloggedConnectionFactory
    implements HttpConnectionFactory<ManagedHttpClientConnection> {
  private static final AtomicLong IDS = new AtomicLong();

  @Override
  public ManagedHttpClientConnection createConnection(Socket socket) throws IOException {
    UnloggedConnection connection =
        new UnloggedConnection("token-exchange-" + IDS.incrementAndGet());
    if (socket != null) {
      connection.bind(socket);
    }
    return connection;
  }

  private static final class UnloggedConnection extends DefaultManagedHttpClientConnection {
    UnloggedConnection(String id) {
      super(id);
    }

    @Override
    public void bind(Socket socket) throws IOException {
      bind(new SocketHolder(socket));
    }

    @Override
    public void bind(SSLSocket sslSocket, Socket socket) throws IOException {
      bind(new SocketHolder(sslSocket, socket));
    }

    @Override
    protected void onRequestSubmitted(ClassicHttpRequest request) {
      // Silent on purpose: see the class comment.
    }

    @Override
    protected void onResponseReceived(ClassicHttpResponse response) {
      // Silent on purpose: see the class comment.
    }
  }
}
