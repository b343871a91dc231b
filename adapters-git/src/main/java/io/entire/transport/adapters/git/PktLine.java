package io.entire.transport.adapters.git;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * One packet of git's pkt-line framing: four lower-case hex digits giving the total length (header
 * included) followed by the payload, or one of the special packets {@code 0000} (flush), {@code
 * 0001} (delimiter, protocol v2) and {@code 0002} (response end, stateless protocol v2).
 *
 * <p>Immutable and thread-safe; the payload is copied on the way in and out.
 */
public final class PktLine {

  /** The largest total packet length git allows ({@code LARGE_PACKET_MAX}). */
  public static final int MAX_PACKET_LENGTH = 65520;

  /** The largest payload: {@link #MAX_PACKET_LENGTH} minus the four header bytes. */
  public static final int MAX_PAYLOAD = MAX_PACKET_LENGTH - 4;

  /** The flush packet {@code 0000}: ends a message. */
  public static final PktLine FLUSH = new PktLine(Type.FLUSH, new byte[0]);

  /** The delimiter packet {@code 0001}: separates sections of a protocol v2 message. */
  public static final PktLine DELIM = new PktLine(Type.DELIM, new byte[0]);

  /** The response-end packet {@code 0002}: ends a response of a stateless v2 connection. */
  public static final PktLine RESPONSE_END = new PktLine(Type.RESPONSE_END, new byte[0]);

  /** What kind of packet this is. */
  public enum Type {
    /** A packet carrying a payload (possibly empty: {@code 0004}). */
    DATA,
    /** {@code 0000}. */
    FLUSH,
    /** {@code 0001}. */
    DELIM,
    /** {@code 0002}. */
    RESPONSE_END
  }

  private final Type type;
  private final byte[] payload;

  private PktLine(Type type, byte[] payload) {
    this.type = type;
    this.payload = payload;
  }

  /**
   * A data packet.
   *
   * @param payload at most {@link #MAX_PAYLOAD} bytes; copied
   * @return the packet
   * @throws IllegalArgumentException when the payload is too large for one packet
   */
  public static PktLine data(byte[] payload) {
    return data(payload, 0, Objects.requireNonNull(payload, "payload").length);
  }

  /**
   * A data packet from part of an array.
   *
   * @param buffer the bytes
   * @param offset where the payload starts
   * @param length the payload length, at most {@link #MAX_PAYLOAD}
   * @return the packet
   * @throws IllegalArgumentException when the payload is too large for one packet
   */
  public static PktLine data(byte[] buffer, int offset, int length) {
    Objects.checkFromIndexSize(offset, length, buffer.length);
    if (length > MAX_PAYLOAD) {
      throw new IllegalArgumentException(
          "pkt-line payload of " + length + " bytes exceeds the maximum of " + MAX_PAYLOAD);
    }
    return new PktLine(Type.DATA, Arrays.copyOfRange(buffer, offset, offset + length));
  }

  /** A data packet that takes ownership of {@code payload} (the reader's fresh buffers). */
  static PktLine wrap(byte[] payload) {
    if (payload.length > MAX_PAYLOAD) {
      throw new IllegalArgumentException("pkt-line payload too large: " + payload.length);
    }
    return new PktLine(Type.DATA, payload);
  }

  /** A data packet holding the UTF-8 bytes of {@code text} (add the trailing LF yourself). */
  public static PktLine text(String text) {
    return data(text.getBytes(StandardCharsets.UTF_8));
  }

  /** Returns the packet type. */
  public Type type() {
    return type;
  }

  /** Returns whether this is the flush packet. */
  public boolean isFlush() {
    return type == Type.FLUSH;
  }

  /** Returns whether this is a data packet. */
  public boolean isData() {
    return type == Type.DATA;
  }

  /** Returns a copy of the payload (empty for special packets). */
  public byte[] payload() {
    return payload.clone();
  }

  /** Returns the payload itself, not a copy, for relaying; callers must not change it. */
  byte[] payloadView() {
    return payload;
  }

  /** Returns the payload length. */
  public int payloadLength() {
    return payload.length;
  }

  /** Returns the payload as UTF-8 text without one trailing LF, as git's readers chomp it. */
  public String text() {
    int end = payload.length;
    if (end > 0 && payload[end - 1] == '\n') {
      end--;
    }
    return new String(payload, 0, end, StandardCharsets.UTF_8);
  }

  /** Returns the wire form: header and payload. */
  public byte[] encode() {
    byte[] out = new byte[4 + payload.length];
    writeHeader(out);
    System.arraycopy(payload, 0, out, 4, payload.length);
    return out;
  }

  /**
   * Writes the wire form.
   *
   * @param out the stream; not flushed, not closed
   * @throws IOException when writing fails
   */
  public void writeTo(OutputStream out) throws IOException {
    byte[] header = new byte[4];
    writeHeader(header);
    out.write(header);
    out.write(payload);
  }

  private void writeHeader(byte[] into) {
    int length =
        switch (type) {
          case DATA -> payload.length + 4;
          case FLUSH -> 0;
          case DELIM -> 1;
          case RESPONSE_END -> 2;
        };
    String hex = "0123456789abcdef";
    into[0] = (byte) hex.charAt((length >> 12) & 0xf);
    into[1] = (byte) hex.charAt((length >> 8) & 0xf);
    into[2] = (byte) hex.charAt((length >> 4) & 0xf);
    into[3] = (byte) hex.charAt(length & 0xf);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PktLine other
        && type == other.type
        && Arrays.equals(payload, other.payload);
  }

  @Override
  public int hashCode() {
    return 31 * type.hashCode() + Arrays.hashCode(payload);
  }

  /** Returns a short description: the type and, for data, the length (never the payload). */
  @Override
  public String toString() {
    return type == Type.DATA
        ? "PktLine[DATA, " + payload.length + " bytes]"
        : "PktLine[" + type + "]";
  }
}
