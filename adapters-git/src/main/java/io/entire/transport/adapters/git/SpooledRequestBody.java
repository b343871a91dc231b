package io.entire.transport.adapters.git;

import io.entire.transport.application.port.in.RequestBody;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Objects;
import java.util.Optional;

/**
 * Turns a request git writes on a pipe into a replayable {@link RequestBody} (F8, G12): small ones
 * in memory, larger ones in a temp file. Here, not in the inbound port, because only the helper
 * reads requests from a stream it cannot rewind; the port keeps the interface and the in-memory and
 * caller's-file bodies (issue 9 item 6), and the JGit bridge spools with JGit's own buffer.
 *
 * <p>Static methods; thread-safe.
 */
final class SpooledRequestBody {
  /** Bodies up to this size are spooled in memory; larger ones go to a temp file. */
  static final int MEMORY_THRESHOLD = 1 << 20;

  private SpooledRequestBody() {}

  /**
   * Reads a stream to its end into a replayable body: in memory up to {@code memoryThreshold}
   * bytes, else into a temp file in {@code spoolDirectory}, so large pushes never sit whole in the
   * heap (G12). The temp file is owner-only (0600 on POSIX) and, where the platform allows, deleted
   * as soon as it is open, so not even a SIGKILL can leave it behind (hardening_7); else it is
   * deleted on {@link RequestBody#close()}.
   *
   * @param in the stream to read; not closed
   * @param memoryThreshold the largest body kept in memory
   * @param spoolDirectory where temp files go, or null for the default temp directory
   * @return the body; the caller closes it
   * @throws IOException when reading or spooling fails
   */
  static RequestBody spool(InputStream in, int memoryThreshold, Path spoolDirectory)
      throws IOException {
    Objects.requireNonNull(in, "in");
    if (memoryThreshold < 0) {
      throw new IllegalArgumentException(
          "memoryThreshold must not be negative: " + memoryThreshold);
    }
    ByteArrayOutputStream memory = new ByteArrayOutputStream(Math.min(memoryThreshold, 64 * 1024));
    byte[] buffer = new byte[64 * 1024];
    int n;
    while ((n = in.read(buffer)) >= 0) {
      if (memory.size() + n <= memoryThreshold) {
        memory.write(buffer, 0, n);
        continue;
      }
      Path file =
          spoolDirectory == null
              ? Files.createTempFile("entire-body-", ".spool")
              : Files.createTempFile(spoolDirectory, "entire-body-", ".spool");
      FileChannel channel;
      try {
        channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
      } catch (IOException | RuntimeException e) {
        Files.deleteIfExists(file);
        throw e;
      }
      Optional<Path> deleteOnClose = SpooledFileBody.unlinkWhileOpen(file);
      try {
        // Not closed: closing it would close the channel, which the body keeps.
        OutputStream out = Channels.newOutputStream(channel);
        memory.writeTo(out);
        memory = null;
        out.write(buffer, 0, n);
        in.transferTo(out);
        return new SpooledFileBody(channel, channel.size(), deleteOnClose);
      } catch (IOException | RuntimeException e) {
        try {
          channel.close(); // first: where the file is still there, it cannot go while open
          if (deleteOnClose.isPresent()) {
            Files.deleteIfExists(deleteOnClose.get());
          }
        } catch (IOException cleanup) {
          e.addSuppressed(cleanup);
        }
        throw e;
      }
    }
    return RequestBody.ofBytes(memory.toByteArray());
  }
}
