package io.entire.transport.testkit;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Writes response body bytes at the rate of a {@link Fault#throttle(int)} fault, or at once when
 * the fault does not throttle. The body goes out in slices of at most a tenth of a second's worth,
 * each flushed, with timed waits on the server between them ({@link LoopbackHttpServer#pause}), so
 * no thread spins and a server that closes or goes down ends the wait at once.
 *
 * <p>Used by one exchange on its connection thread only.
 */
final class BodyPacer {

  private final LoopbackHttpServer server;
  private final ConnectionLoop connection;
  private final long bytesPerSecond;
  private long started = -1;
  private long sent;

  BodyPacer(LoopbackHttpServer server, ConnectionLoop connection, Fault fault) {
    this.server = server;
    this.connection = connection;
    this.bytesPerSecond = fault.bytesPerSecond();
  }

  /**
   * Writes {@code length} bytes of {@code buf} from {@code offset} to {@code out}.
   *
   * @throws IOException when the server closed or went down while the body was paced
   */
  void write(OutputStream out, byte[] buf, int offset, int length) throws IOException {
    if (bytesPerSecond == 0) {
      out.write(buf, offset, length);
      return;
    }
    int slice = (int) Math.max(1, Math.min(bytesPerSecond / 10, Exchange.BUFFER_SIZE));
    if (started < 0) {
      started = System.nanoTime();
    }
    int from = offset;
    int left = length;
    while (left > 0) {
      // when the bytes sent so far are due at the configured rate, counted from the first byte
      long due = started + (long) (sent * 1e9 / bytesPerSecond);
      long wait = due - System.nanoTime();
      if (wait > 0 && !server.pause(connection, wait)) {
        throw new IOException(server.name() + " closed while a throttled body was sent");
      }
      int n = Math.min(slice, left);
      out.write(buf, from, n);
      out.flush();
      from += n;
      left -= n;
      sent += n;
    }
  }
}
