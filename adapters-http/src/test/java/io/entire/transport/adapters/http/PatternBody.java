package io.entire.transport.adapters.http;

import io.entire.transport.application.port.in.RequestBody;
import java.io.InputStream;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.CRC32;

/**
 * A request body of {@code length} pseudo-random bytes generated on the fly: it never exists in
 * memory, so sending it proves the transport streams. Counts how often it was opened.
 */
final class PatternBody implements RequestBody {
  private final long length;
  private final AtomicInteger opened = new AtomicInteger();
  private final Gate gate;

  /** Lets a test hold the stream after some bytes until it says go. */
  interface Gate {
    /** Called once when {@code position} bytes were read; returns when reading may go on. */
    void reached(long position);

    /** Where to call {@link #reached}. */
    long position();
  }

  PatternBody(long length) {
    this(length, null);
  }

  PatternBody(long length, Gate gate) {
    this.length = length;
    this.gate = gate;
  }

  @Override
  public long length() {
    return length;
  }

  int openCount() {
    return opened.get();
  }

  /** The CRC-32 of the whole body, computed by generating it once more. */
  long crc() {
    CRC32 crc = new CRC32();
    byte[] buffer = new byte[64 * 1024];
    try (InputStream in = new Stream(null)) {
      int n;
      while ((n = in.read(buffer)) >= 0) {
        crc.update(buffer, 0, n);
      }
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
    return crc.getValue();
  }

  @Override
  public InputStream open() {
    opened.incrementAndGet();
    return new Stream(gate);
  }

  private final class Stream extends InputStream {
    private final Gate gate;
    private long position;
    private long state = 0x9E3779B97F4A7C15L;
    private boolean gatePassed;

    Stream(Gate gate) {
      this.gate = gate;
    }

    @Override
    public int read() {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      if (position >= length) {
        return -1;
      }
      long limit = length;
      if (gate != null && !gatePassed) {
        if (position >= gate.position()) {
          gatePassed = true;
          gate.reached(position);
        } else {
          limit = gate.position();
        }
      }
      int n = (int) Math.min(len, limit - position);
      for (int i = 0; i < n; i++) {
        if ((position + i) % 8 == 0) {
          state ^= state << 13;
          state ^= state >>> 7;
          state ^= state << 17;
        }
        b[off + i] = (byte) (state >>> (8 * ((position + i) % 8)));
      }
      position += n;
      return n;
    }
  }
}
