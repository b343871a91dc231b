package io.entire.transport.testkit;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * One request and its response on a connection of a {@link LoopbackHttpServer}. Handlers answer
 * through exactly one of {@link #respond} or {@link #respondStream}; both apply the server's {@link
 * Fault#truncateAfter(long) truncation} and common headers, and record the request.
 *
 * <p>Used by the connection thread only, except {@link #destroyProcess()} which any thread may call
 * to abort a running CGI process.
 */
final class Exchange {

  static final int BUFFER_SIZE = 64 * 1024;
  private static final byte[] CRLF = {'\r', '\n'};
  private static final byte[] LAST_CHUNK = "0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);

  private final LoopbackHttpServer server;
  private final RequestHead head;
  private final ReceivedBody body;
  private final OutputStream out;
  private final Fault fault;
  private final ConnectionLoop connection;
  private final BodyPacer pacer;
  private volatile Process process;
  private boolean responded;
  private boolean closeConnection;

  Exchange(
      LoopbackHttpServer server,
      RequestHead head,
      ReceivedBody body,
      OutputStream out,
      Fault fault,
      ConnectionLoop connection) {
    this.server = server;
    this.head = head;
    this.body = body;
    this.out = out;
    this.fault = fault;
    this.connection = connection;
    this.pacer = new BodyPacer(server, connection, fault);
  }

  RequestHead head() {
    return head;
  }

  ReceivedBody body() {
    return body;
  }

  OutputStream rawOutput() {
    return out;
  }

  String remoteAddress() {
    return connection.remoteAddress();
  }

  /** The server this exchange arrived at; its thread pool runs the CGI helper threads. */
  LoopbackHttpServer server() {
    return server;
  }

  boolean responded() {
    return responded;
  }

  /** Whether the connection must be closed after this exchange instead of being kept alive. */
  boolean closeConnection() {
    return closeConnection || head.wantsClose();
  }

  /**
   * Whether the connection may carry another request after this exchange: not when it must close
   * (and said so with {@code Connection: close}), nor under {@link Fault#closeAfterResponse()},
   * which closes it without saying so.
   */
  boolean keepAlive() {
    return !closeConnection() && fault.kind() != Fault.Kind.CLOSE_AFTER_RESPONSE;
  }

  /** Marks the connection to be closed after this exchange (e.g. the body was not fully read). */
  void closeConnectionAfterResponse() {
    closeConnection = true;
  }

  /**
   * Attaches the CGI process that owns the request body from now on, so an abort can kill it and
   * fixed responses no longer try to read the body.
   */
  void attachProcess(Process process) {
    this.process = process;
  }

  void destroyProcess() {
    Process p = process;
    if (p != null) {
      p.destroyForcibly();
    }
  }

  /**
   * Sends a complete response with {@code Content-Length}. The request body is drained first,
   * unless a CGI process owns it, so keep-alive works; a body the client has not sent yet (it waits
   * for 100 Continue) is never requested, and the connection is closed instead.
   */
  void respond(int status, HttpHeaders headers, byte[] content) throws IOException {
    if (fault.kind() == Fault.Kind.STATUS_AFTER_HANDLER) {
      sendFixed(
          fault.status(), HttpHeaders.plainText(), fault.body().getBytes(StandardCharsets.UTF_8));
      return;
    }
    sendFixed(status, headers, content);
  }

  private void sendFixed(int status, HttpHeaders headers, byte[] content) throws IOException {
    startResponse(status);
    if (process == null) {
      body.discardUnlessAwaitingContinue();
    }
    if (!body.isFinished()) {
      closeConnection = true;
    }
    HttpHeaders all = withCommonHeaders(headers);
    all.set("Content-Length", Integer.toString(content.length));
    writeHead(status, all);
    long limit = fault.truncateAfterBytes();
    int length = (int) Math.min(content.length, limit);
    out.flush(); // the head goes out at once, also when the body is throttled
    pacer.write(out, content, 0, length);
    out.flush();
    if (length < content.length) {
      closeConnection = true; // Fault.truncateAfter: the client sees fewer bytes than declared
    }
  }

  void respondText(int status, String text) throws IOException {
    respond(status, HttpHeaders.plainText(), text.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Streams {@code source} to the client with chunked framing (or, under {@link
   * Fault.Framing#CONTENT_LENGTH} truncation, spooled to learn its length). Any {@code
   * Content-Length} in {@code headers} is replaced. Output is flushed whenever the source has
   * nothing more ready, so interactive protocol exchanges never stall in our buffer.
   */
  void respondStream(int status, HttpHeaders headers, InputStream source) throws IOException {
    if (fault.kind() == Fault.Kind.STATUS_AFTER_HANDLER) {
      // Fault.statusAfterHandler: let the handler (http-backend) finish its work, then fail
      source.transferTo(OutputStream.nullOutputStream());
      respond(status, headers, new byte[0]);
      return;
    }
    startResponse(status);
    HttpHeaders all = withCommonHeaders(headers);
    all.remove("Content-Length");
    if (fault.kind() == Fault.Kind.TRUNCATE && fault.framing() == Fault.Framing.CONTENT_LENGTH) {
      respondSpooled(status, all, source);
      return;
    }
    all.set("Transfer-Encoding", "chunked");
    writeHead(status, all);
    long limit = fault.truncateAfterBytes();
    long sent = 0;
    byte[] buf = new byte[BUFFER_SIZE];
    while (true) {
      if (source.available() == 0) {
        out.flush();
      }
      int n = source.read(buf);
      if (n < 0) {
        break;
      }
      if (n > limit - sent) {
        int keep = (int) (limit - sent);
        if (keep > 0) {
          writeChunk(buf, keep);
        }
        out.flush();
        closeConnection = true; // no last chunk: a broken chunked stream
        return;
      }
      writeChunk(buf, n);
      sent += n;
    }
    out.write(LAST_CHUNK);
    out.flush();
  }

  private void respondSpooled(int status, HttpHeaders all, InputStream source) throws IOException {
    Path spool = Files.createTempFile("entire-testkit-spool", ".bin");
    try {
      long length;
      try (OutputStream file =
          new BufferedOutputStream(Files.newOutputStream(spool), BUFFER_SIZE)) {
        length = source.transferTo(file);
      }
      all.set("Content-Length", Long.toString(length));
      writeHead(status, all);
      long limit = Math.min(length, fault.truncateAfterBytes());
      try (InputStream file = Files.newInputStream(spool)) {
        byte[] buf = new byte[BUFFER_SIZE];
        long sent = 0;
        while (sent < limit) {
          int n = file.read(buf, 0, (int) Math.min(buf.length, limit - sent));
          if (n < 0) {
            break;
          }
          pacer.write(out, buf, 0, n);
          sent += n;
        }
      }
      out.flush();
      if (limit < length) {
        closeConnection = true;
      }
    } finally {
      Files.deleteIfExists(spool);
    }
  }

  private void startResponse(int status) {
    if (responded) {
      throw new IllegalStateException("response already sent for " + head.target());
    }
    responded = true;
    server.record(connection, head, status);
  }

  private HttpHeaders withCommonHeaders(HttpHeaders headers) {
    HttpHeaders all = new HttpHeaders();
    for (Map.Entry<String, String> e : headers.entries()) {
      all.add(e.getKey(), e.getValue());
    }
    for (Map.Entry<String, String> e : server.commonHeaders().entries()) {
      all.addIfAbsent(e.getKey(), e.getValue());
    }
    all.remove("Transfer-Encoding");
    all.remove("Connection");
    return all;
  }

  private void writeHead(int status, HttpHeaders headers) throws IOException {
    StringBuilder text = new StringBuilder(256);
    text.append("HTTP/1.1 ").append(status).append(' ').append(reason(status)).append("\r\n");
    for (Map.Entry<String, String> e : headers.entries()) {
      text.append(e.getKey()).append(": ").append(e.getValue()).append("\r\n");
    }
    if (closeConnection()) {
      text.append("Connection: close\r\n");
    }
    text.append("\r\n");
    out.write(text.toString().getBytes(StandardCharsets.ISO_8859_1));
  }

  private void writeChunk(byte[] buf, int length) throws IOException {
    out.write(Integer.toHexString(length).getBytes(StandardCharsets.ISO_8859_1));
    out.write(CRLF);
    pacer.write(out, buf, 0, length);
    out.write(CRLF);
  }

  static String reason(int status) {
    return switch (status) {
      case 200 -> "OK";
      case 201 -> "Created";
      case 204 -> "No Content";
      case 301 -> "Moved Permanently";
      case 302 -> "Found";
      case 303 -> "See Other";
      case 304 -> "Not Modified";
      case 307 -> "Temporary Redirect";
      case 308 -> "Permanent Redirect";
      case 400 -> "Bad Request";
      case 401 -> "Unauthorized";
      case 403 -> "Forbidden";
      case 404 -> "Not Found";
      case 405 -> "Method Not Allowed";
      case 413 -> "Content Too Large";
      case 415 -> "Unsupported Media Type";
      case 429 -> "Too Many Requests";
      case 500 -> "Internal Server Error";
      case 502 -> "Bad Gateway";
      case 503 -> "Service Unavailable";
      case 504 -> "Gateway Timeout";
      default -> "Status " + status;
    };
  }
}
