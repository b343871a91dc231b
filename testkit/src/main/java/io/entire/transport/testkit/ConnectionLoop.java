package io.entire.transport.testkit;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSocket;

/**
 * One client connection of a {@link LoopbackHttpServer}: reads request after request (head, then
 * body framing) and hands each to the server's {@link RequestPipeline} until either side closes the
 * connection, a request cannot be parsed (answered 400), or the pipeline says it may carry no more.
 *
 * <p>Runs on one thread of the server's pool; {@link #abort()} may be called from any thread and
 * also kills the CGI process of the request in flight.
 */
final class ConnectionLoop implements Runnable {

  private final LoopbackHttpServer server;
  private final Socket socket;
  private volatile Exchange exchange;
  private volatile boolean aborted;

  ConnectionLoop(LoopbackHttpServer server, Socket socket) {
    this.server = server;
    this.socket = socket;
  }

  /** Closes the socket and kills the CGI process of the request in flight, if any. */
  void abort() {
    aborted = true;
    LoopbackHttpServer.closeQuietly(socket);
    Exchange current = exchange;
    if (current != null) {
      current.destroyProcess();
    }
  }

  @Override
  public void run() {
    try {
      socket.setTcpNoDelay(true);
      InputStream in = new BufferedInputStream(socket.getInputStream(), Exchange.BUFFER_SIZE);
      OutputStream out = new BufferedOutputStream(socket.getOutputStream(), Exchange.BUFFER_SIZE);
      while (!aborted && !server.isClosed()) {
        RequestHead head;
        ReceivedBody body;
        try {
          head = RequestHead.read(in);
          if (head == null) {
            return;
          }
          body = ReceivedBody.of(head, in);
        } catch (BadRequestException e) {
          badRequest(out, e);
          return;
        }
        if (!server.pipeline().serve(this, head, body, out)) {
          return;
        }
      }
    } catch (IOException e) {
      // the client went away, or we closed the socket (down, reset, close): nothing to answer
    } finally {
      server.forget(this);
      LoopbackHttpServer.closeQuietly(socket);
    }
  }

  /**
   * The subject of the certificate the client presented in the TLS handshake (e.g. {@code
   * CN=entire-testkit-client-rsa}), or null on plain http or when it presented none.
   */
  String clientCertificate() {
    if (!(socket instanceof SSLSocket tls)) {
      return null;
    }
    try {
      return tls.getSession().getPeerPrincipal().getName();
    } catch (SSLPeerUnverifiedException e) {
      return null;
    }
  }

  /** The client's IP address, as the CGI environment wants it. */
  String remoteAddress() {
    return socket.getInetAddress().getHostAddress();
  }

  /** Ends the connection with a TCP RST instead of a FIN ({@link Fault#reset()}). */
  void reset() throws IOException {
    socket.setSoLinger(true, 0); // close() now sends RST instead of FIN
    socket.close();
  }

  /** Makes {@code current} (or nothing, with null) the exchange an abort must end. */
  void inFlight(Exchange current) {
    this.exchange = current;
  }

  boolean isAborted() {
    return aborted;
  }

  private static void badRequest(OutputStream out, BadRequestException e) throws IOException {
    byte[] text = (e.getMessage() + "\n").getBytes(StandardCharsets.UTF_8);
    String head =
        "HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain; charset=utf-8\r\n"
            + "Content-Length: "
            + text.length
            + "\r\nConnection: close\r\n\r\n";
    out.write(head.getBytes(StandardCharsets.ISO_8859_1));
    out.write(text);
    out.flush();
  }
}
