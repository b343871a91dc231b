package io.entire.transport.testkit;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The body of one request, read straight from the connection (never buffered whole), framed by
 * {@code Content-Length} or {@code Transfer-Encoding: chunked}. It ends exactly at the end of the
 * body, so the next request on a keep-alive connection can be read afterwards.
 *
 * <p>Read by one thread at a time (the connection thread, or the thread pumping it into a CGI
 * process); {@link #isFinished()} may be asked from any thread.
 */
final class ReceivedBody extends InputStream {

  private static final byte[] CONTINUE =
      "HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);

  private enum Framing {
    NONE,
    LENGTH,
    CHUNKED
  }

  private final InputStream in;
  private final Framing framing;
  private final long declaredLength;
  private final boolean expectContinue;
  // LENGTH: bytes left in the body; CHUNKED: bytes left in the current chunk
  private long remaining;
  private volatile boolean finished;
  private volatile boolean continueSent;

  private ReceivedBody(InputStream in, Framing framing, long length, boolean expectContinue) {
    this.in = in;
    this.framing = framing;
    this.declaredLength = framing == Framing.LENGTH ? length : -1;
    this.remaining = framing == Framing.LENGTH ? length : 0;
    this.finished = framing == Framing.NONE || (framing == Framing.LENGTH && length == 0);
    this.expectContinue = expectContinue;
  }

  static ReceivedBody of(RequestHead head, InputStream in) throws BadRequestException {
    String expect = head.header("Expect");
    boolean expectContinue = expect != null && expect.equalsIgnoreCase("100-continue");
    String transferEncoding = head.header("Transfer-Encoding");
    if (transferEncoding != null) {
      if (!transferEncoding.toLowerCase(Locale.ROOT).trim().endsWith("chunked")) {
        throw new BadRequestException("unsupported Transfer-Encoding: " + transferEncoding);
      }
      return new ReceivedBody(in, Framing.CHUNKED, -1, expectContinue);
    }
    String contentLength = head.header("Content-Length");
    if (contentLength != null) {
      long length;
      try {
        length = Long.parseLong(contentLength.trim());
      } catch (NumberFormatException e) {
        throw new BadRequestException("malformed Content-Length: " + contentLength);
      }
      if (length < 0) {
        throw new BadRequestException("negative Content-Length: " + contentLength);
      }
      return new ReceivedBody(in, Framing.LENGTH, length, expectContinue);
    }
    return new ReceivedBody(in, Framing.NONE, 0, false);
  }

  /** The {@code Content-Length} of the request, or -1 when it is chunked or has no body. */
  long declaredLength() {
    return declaredLength;
  }

  /** Whether every byte of the body (and, when chunked, the trailer) has been read. */
  boolean isFinished() {
    return finished;
  }

  /**
   * Whether the client sent {@code Expect: 100-continue} and still waits for our go-ahead before
   * sending the body.
   */
  boolean awaitingContinue() {
    return expectContinue && !continueSent && !finished;
  }

  /**
   * Sends {@code 100 Continue} when the client waits for it. Called by the connection thread before
   * the body is handed to another thread, so interim and final responses never interleave.
   */
  void sendContinueIfExpected(OutputStream out) throws IOException {
    if (awaitingContinue()) {
      out.write(CONTINUE);
      out.flush();
      continueSent = true;
    }
  }

  /**
   * Reads and drops the rest of the body so the connection can carry another request. A client
   * still waiting for {@code 100 Continue} has not sent the body, so nothing is read then (the
   * connection is closed after the response instead).
   */
  void discardUnlessAwaitingContinue() throws IOException {
    if (awaitingContinue()) {
      return;
    }
    byte[] buf = new byte[64 * 1024];
    while (read(buf, 0, buf.length) >= 0) {
      // dropped
    }
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (finished) {
      return -1;
    }
    if (len == 0) {
      return 0;
    }
    if (framing == Framing.CHUNKED && remaining == 0) {
      startChunk();
      if (finished) {
        return -1;
      }
    }
    int n = in.read(b, off, (int) Math.min(len, remaining));
    if (n < 0) {
      throw new EOFException("client closed the connection in the middle of the request body");
    }
    remaining -= n;
    if (remaining == 0) {
      if (framing == Framing.LENGTH) {
        finished = true;
      } else {
        String crlf = RequestHead.readLine(in, false);
        if (!crlf.isEmpty()) {
          throw new BadRequestException("chunk data not followed by CRLF");
        }
      }
    }
    return n;
  }

  private void startChunk() throws IOException {
    String line = RequestHead.readLine(in, false);
    int semicolon = line.indexOf(';');
    String size = (semicolon < 0 ? line : line.substring(0, semicolon)).trim();
    try {
      remaining = Long.parseLong(size, 16);
    } catch (NumberFormatException e) {
      throw new BadRequestException("malformed chunk size: " + line);
    }
    if (remaining < 0) {
      throw new BadRequestException("negative chunk size: " + line);
    }
    if (remaining == 0) {
      // last chunk: skip the trailer fields up to the empty line
      while (!RequestHead.readLine(in, false).isEmpty()) {
        // trailer fields are not used
      }
      finished = true;
    }
  }
}
