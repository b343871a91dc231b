package io.entire.transport.adapters.git;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Copies the pkt-line response of a stateless protocol v2 request from the server to git in bulk
 * (G4), checking every header in place with the rules of {@link PktLineReader}: no packet is copied
 * into a {@link PktLine} of its own, so a pack of any size costs one fixed buffer, one large read
 * and one write per arrival.
 *
 * <p>Only whole packets whose header passed the checks are written: what arrived of a packet whose
 * end has not arrived yet stays in the buffer. A response that ends inside a header or a packet,
 * carries a {@code 0002} of its own, has a malformed, reserved or oversized length, or is empty is
 * a {@link PktLineException}; its broken part is never written, and the caller, which writes the
 * {@code 0002} only after a response relayed without error, never makes it look complete.
 *
 * <p>Written bytes are flushed after each read from the response, so git sees progress messages and
 * can index the pack while the rest is still on its way, as with git's own http helper.
 *
 * <p>Not thread-safe: one instance serves one connection and reuses its buffer for every response.
 * The streams belong to the caller.
 */
final class PktLineRelay {
  /**
   * The buffer size: large reads, and always room for at least one whole packet after the
   * unfinished one kept at the start.
   */
  static final int DEFAULT_BUFFER_SIZE = 256 * 1024;

  private final byte[] buffer;

  PktLineRelay() {
    this(DEFAULT_BUFFER_SIZE);
  }

  /**
   * A relay with a buffer of {@code bufferSize} bytes (tests use the smallest allowed).
   *
   * @throws IllegalArgumentException below twice {@link PktLine#MAX_PACKET_LENGTH}
   */
  PktLineRelay(int bufferSize) {
    if (bufferSize < 2 * PktLine.MAX_PACKET_LENGTH) {
      throw new IllegalArgumentException(
          "buffer of " + bufferSize + " bytes is too small for pkt-line relaying");
    }
    this.buffer = new byte[bufferSize];
  }

  /**
   * Copies the whole response from {@code in} to {@code out}.
   *
   * @param in the response body; read to its end, not closed
   * @param out where the packets go; flushed, not closed
   * @param source what the response is, for error messages
   * @return the number of packets copied, at least one
   * @throws PktLineException when the framing is broken or the response is empty
   * @throws IOException when reading or writing fails
   */
  long relay(InputStream in, OutputStream out, String source) throws IOException {
    long packets = 0;
    int limit = 0; // bytes in the buffer: the unfinished packet, if any, then new bytes
    int n;
    while ((n = in.read(buffer, limit, buffer.length - limit)) >= 0) {
      limit += n;
      int end = 0; // end of the whole packets at the start of the buffer
      while (limit - end >= 4) {
        int length = PktLineReader.checkedLength(buffer, end, source);
        if (length == 2) {
          throw PktLineReader.error(source, "the server sent a response-end packet (0002) itself");
        }
        int size = Math.max(length, 4); // flush and delim are headers only
        if (limit - end < size) {
          break;
        }
        end += size;
        packets++;
      }
      if (end > 0) {
        out.write(buffer, 0, end);
        out.flush();
        // The unfinished packet (shorter than MAX_PACKET_LENGTH) moves to the start.
        System.arraycopy(buffer, end, buffer, 0, limit - end);
        limit -= end;
      }
    }
    if (limit >= 4) {
      int length = PktLineReader.checkedLength(buffer, 0, source);
      throw PktLineReader.error(source, PktLineReader.packetCutShort(length - 4, limit - 4));
    }
    if (limit > 0) {
      throw PktLineReader.error(source, PktLineReader.headerCutShort(limit));
    }
    if (packets == 0) {
      throw PktLineReader.error(source, "empty response");
    }
    return packets;
  }
}
