package io.entire.transport.adapters.git;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Objects;

/**
 * Reads pkt-lines from a stream, strictly: the header must be four hex digits; {@code 0000}, {@code
 * 0001} and {@code 0002} are the special packets; {@code 0003} is reserved and any other length
 * below 4 or above {@value PktLine#MAX_PACKET_LENGTH} is refused; a stream that ends inside a
 * packet is an error, never a short packet. Every error is a {@link PktLineException} naming the
 * stream (the {@code source} given at construction) and what was wrong.
 *
 * <p>Not thread-safe. The reader never closes the stream; whoever opened it does.
 */
public final class PktLineReader {
  private final InputStream in;
  private final String source;
  private final byte[] header = new byte[4];

  /**
   * Creates a reader.
   *
   * @param in the stream to read (unbuffered reads are fine but slow; pass a buffered stream)
   * @param source what the stream is, for error messages, e.g. {@code "response of
   *     git-upload-pack"}
   */
  public PktLineReader(InputStream in, String source) {
    this.in = Objects.requireNonNull(in, "in");
    this.source = Objects.requireNonNull(source, "source");
  }

  /** Returns what the stream is, as given at construction. */
  public String source() {
    return source;
  }

  /**
   * Reads the next packet.
   *
   * @return the packet, or {@code null} when the stream ended cleanly before a new packet
   * @throws PktLineException when the framing is broken
   * @throws IOException when reading fails
   */
  public PktLine read() throws IOException {
    int got = readFully(header, 0, 4);
    if (got == 0) {
      return null;
    }
    if (got < 4) {
      throw error(headerCutShort(got));
    }
    int length = checkedLength(header, 0, source);
    switch (length) {
      case 0:
        return PktLine.FLUSH;
      case 1:
        return PktLine.DELIM;
      case 2:
        return PktLine.RESPONSE_END;
      default:
        break;
    }
    byte[] payload = new byte[length - 4];
    int n = readFully(payload, 0, payload.length);
    if (n < payload.length) {
      throw error(packetCutShort(payload.length, n));
    }
    return PktLine.wrap(payload);
  }

  /**
   * Reads the next packet; the end of the stream is an error here.
   *
   * @param expected what was expected, for the message, e.g. {@code "the flush packet"}
   * @return the packet
   * @throws PktLineException when the stream ended or the framing is broken
   * @throws IOException when reading fails
   */
  public PktLine readRequired(String expected) throws IOException {
    PktLine line = read();
    if (line == null) {
      throw error("stream ended before " + expected);
    }
    return line;
  }

  /** Returns a protocol error naming this reader's stream. */
  PktLineException error(String what) {
    return error(source, what);
  }

  /** Returns a protocol error naming the stream {@code source}. */
  static PktLineException error(String source, String what) {
    return new PktLineException("protocol error in " + source + ": " + what);
  }

  /**
   * Parses and checks the four-byte header at {@code offset}: the same rules for every reader of
   * pkt-lines, whether it builds {@link PktLine}s or relays bytes in bulk ({@link PktLineRelay}).
   *
   * @return the length: 0, 1 or 2 for the special packets, else the total packet length (4 to
   *     {@value PktLine#MAX_PACKET_LENGTH}, header included)
   * @throws PktLineException for a non-hex digit, the reserved {@code 0003} or an oversized length
   */
  static int checkedLength(byte[] buffer, int offset, String source) throws PktLineException {
    int value = 0;
    for (int i = offset; i < offset + 4; i++) {
      int digit = hexDigit(buffer[i]);
      if (digit < 0) {
        throw error(
            source,
            "invalid pkt-line length header \""
                + printable(Arrays.copyOfRange(buffer, offset, offset + 4))
                + "\"");
      }
      value = (value << 4) | digit;
    }
    if (value == 3) {
      throw error(source, "reserved pkt-line length 0003");
    }
    if (value > PktLine.MAX_PACKET_LENGTH) {
      throw error(
          source,
          "pkt-line length " + value + " exceeds the maximum of " + PktLine.MAX_PACKET_LENGTH);
    }
    return value;
  }

  /** What to say when the stream ended after {@code got} bytes of a header. */
  static String headerCutShort(int got) {
    return "stream ended inside a pkt-line header (" + got + " of 4 bytes)";
  }

  /** What to say when the stream ended after {@code got} of {@code expected} payload bytes. */
  static String packetCutShort(int expected, int got) {
    return "stream ended inside a pkt-line (expected "
        + expected
        + " payload bytes, got "
        + got
        + ")";
  }

  private static int hexDigit(byte b) {
    if (b >= '0' && b <= '9') {
      return b - '0';
    }
    if (b >= 'a' && b <= 'f') {
      return b - 'a' + 10;
    }
    if (b >= 'A' && b <= 'F') {
      return b - 'A' + 10;
    }
    return -1;
  }

  private static String printable(byte[] bytes) {
    StringBuilder sb = new StringBuilder();
    for (byte b : bytes) {
      int c = b & 0xff;
      if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\') {
        sb.append((char) c);
      } else {
        sb.append(String.format("\\x%02x", c));
      }
    }
    return sb.toString();
  }

  private int readFully(byte[] buffer, int offset, int length) throws IOException {
    int total = 0;
    while (total < length) {
      int n = in.read(buffer, offset + total, length - total);
      if (n < 0) {
        break;
      }
      total += n;
    }
    return total;
  }
}
