package io.entire.transport.adapters.git;

import java.io.IOException;
import java.io.InputStream;

/**
 * One request read from a pkt-line stream up to its flush packet, presented as a stream so it can
 * be spooled ({@link SpooledRequestBody#spool}) rather than held in the heap.
 *
 * <ul>
 *   <li>{@link #framed}: the request as git wrote it on the helper's stdin in a {@code
 *       stateless-connect} session — packets with their headers, delimiters allowed, the final
 *       flush included.
 *   <li>{@link #unwrapped}: a request of {@code git fetch-pack}/{@code git send-pack} in {@code
 *       --stateless-rpc} mode, which wrap the real request (pkt-lines, or pack data) in an outer
 *       layer of pkt-lines ended by a flush; this yields the payloads only, as git's http helper
 *       does.
 * </ul>
 *
 * <p>A response-end packet, or the end of the stream before the flush, is a {@link
 * PktLineException}. Not thread-safe; closing does not close the underlying stream.
 */
final class RequestStream extends InputStream {
  private final PktLineReader reader;
  private final boolean framed;
  private byte[] current;
  private int position;
  private boolean done;

  private RequestStream(PktLineReader reader, PktLine first, boolean framed) throws IOException {
    this.reader = reader;
    this.framed = framed;
    accept(first);
  }

  /** A stateless-connect request that started with {@code first}. */
  static RequestStream framed(PktLineReader reader, PktLine first) throws IOException {
    return new RequestStream(reader, first, true);
  }

  /** A {@code --stateless-rpc} request of fetch-pack/send-pack that started with {@code first}. */
  static RequestStream unwrapped(PktLineReader reader, PktLine first) throws IOException {
    return new RequestStream(reader, first, false);
  }

  private void accept(PktLine line) throws IOException {
    switch (line.type()) {
      case FLUSH -> {
        done = true;
        current = framed ? line.encode() : new byte[0];
      }
      case DELIM -> {
        if (!framed) {
          throw reader.error("unexpected delimiter packet (0001)");
        }
        current = line.encode();
      }
      case RESPONSE_END -> throw reader.error("unexpected response-end packet (0002) in a request");
      case DATA -> current = framed ? line.encode() : line.payloadView();
    }
    position = 0;
  }

  private boolean fill() throws IOException {
    while (position >= current.length) {
      if (done) {
        return false;
      }
      accept(reader.readRequired("the flush packet ending the request"));
    }
    return true;
  }

  @Override
  public int read() throws IOException {
    if (!fill()) {
      return -1;
    }
    return current[position++] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (len == 0) {
      return 0;
    }
    if (!fill()) {
      return -1;
    }
    int n = Math.min(len, current.length - position);
    System.arraycopy(current, position, b, off, n);
    position += n;
    return n;
  }
}
