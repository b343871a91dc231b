package io.entire.transport.adapters.http;

import java.io.IOException;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLSocket;
import org.apache.hc.client5.http.impl.io.DefaultManagedHttpClientConnection;
import org.apache.hc.client5.http.io.ManagedHttpClientConnection;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.config.Http1Config;
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
 * <p>Its connections read response head lines of up to {@link #MAX_LINE_LENGTH} bytes (HttpClient's
 * default is 8 KiB): an entry's {@code X-Entire-Replicas} header naming many replicas is one long
 * line. A longer line, or more than {@link #MAX_HEADER_COUNT} header fields, fails the exchange
 * with an {@link IOException} (HttpClient's {@code MessageConstraintException}) before more is
 * buffered, so a hostile server cannot make the client hold more than about 6 MiB of headers.
 *
 * <p><b>Why there are two</b>: adapters-auth has a class of the same name and purpose for the token
 * exchange's client. Adapters never depend on each other, and each adapter's HttpClient must not
 * log headers or wire bytes because they carry credentials, so each adapter keeps its own copy.
 *
 * <p>Thread-safe.
 */
final class UnloggedConnectionFactory
    implements HttpConnectionFactory<ManagedHttpClientConnection> {
  /** The longest response status or header line accepted, in bytes (hardening: 64 KiB). */
  static final int MAX_LINE_LENGTH = 64 * 1024;

  /** The most header fields a response may have (HttpClient's default). */
  static final int MAX_HEADER_COUNT = 100;

  private static final AtomicLong COUNTER = new AtomicLong();
  private static final Http1Config HTTP1 =
      Http1Config.custom()
          .setMaxLineLength(MAX_LINE_LENGTH)
          .setMaxHeaderCount(MAX_HEADER_COUNT)
          .build();

  @Override
  public ManagedHttpClientConnection createConnection(Socket socket) throws IOException {
    UnloggedConnection connection =
        new UnloggedConnection("entire-http-" + COUNTER.getAndIncrement(), HTTP1);
    if (socket != null) {
      connection.bind(socket);
    }
    return connection;
  }

  /**
   * HttpClient's connection, bound to plain socket holders and without header logging; it also
   * tells whether its current request was written out completely (for {@link
   * StaleConnectionDetector}).
   */
  static final class UnloggedConnection extends DefaultManagedHttpClientConnection {
    // Set by the thread running the exchange, read by the same thread after a failure.
    private boolean requestWritten;

    UnloggedConnection(String id, Http1Config http1) {
      // null: HttpClient's defaults for charset coding, length strategies and message codecs
      super(id, null, null, http1, null, null, null, null);
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
    public void sendRequestHeader(ClassicHttpRequest request) throws HttpException, IOException {
      requestWritten = false;
      super.sendRequestHeader(request);
    }

    @Override
    public ClassicHttpResponse receiveResponseHeader() throws HttpException, IOException {
      // HttpClient waits for the response only after writing and flushing the whole request
      // (Expect: 100-continue is off).
      requestWritten = true;
      return super.receiveResponseHeader();
    }

    /**
     * Whether the current request was written out completely, so a failure now happened while
     * waiting for its response rather than while sending it.
     */
    boolean requestWritten() {
      return requestWritten;
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
