package io.entire.transport.application.port.in;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
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
 * A replayable request body: failover re-sends it from the start (F8), so it can be opened any
 * number of times. Bodies are bytes in memory, a file, or a stream spooled to memory or a temp
 * file.
 *
 * <p>Instances are safe to {@link #open()} from one thread at a time. The creator closes the body
 * (which releases a spool file); the transport never closes it.
 *
 * @since 0.1
 */
public interface RequestBody extends Closeable {

  /** Bodies up to this size are spooled in memory; larger ones go to a temp file. */
  int DEFAULT_MEMORY_THRESHOLD = 1 << 20;

  /** Returns the length in bytes. */
  long length();

  /**
   * Opens the body from its first byte.
   *
   * @return a fresh stream; the caller closes it
   * @throws IOException when a spool file cannot be read
   */
  InputStream open() throws IOException;

  /** Releases resources (a spool file). Default: nothing to release. */
  @Override
  default void close() throws IOException {}

  /** A body of bytes (not copied; do not change the array afterwards). */
  static RequestBody ofBytes(byte[] bytes) {
    Objects.requireNonNull(bytes, "bytes");
    return new RequestBody() {
      @Override
      public long length() {
        return bytes.length;
      }

      @Override
      public InputStream open() {
        return new java.io.ByteArrayInputStream(bytes);
      }
    };
  }

  /** A body read from a file, which must not change while the body is in use. */
  static RequestBody ofFile(Path file) throws IOException {
    Objects.requireNonNull(file, "file");
    long size = Files.size(file);
    return new RequestBody() {
      @Override
      public long length() {
        return size;
      }

      @Override
      public InputStream open() throws IOException {
        return Files.newInputStream(file);
      }
    };
  }

  /**
   * Reads a stream to its end into a replayable body: in memory up to {@code memoryThreshold}
   * bytes, else into a temp file in {@code spoolDirectory}, so large pushes never sit whole in the
   * heap (G12). The temp file is owner-only (0600 on POSIX) and, where the platform allows, deleted
   * as soon as it is open, so not even a SIGKILL can leave it behind (hardening_7); else it is
   * deleted on {@link #close()}.
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
    return ofBytes(memory.toByteArray());
  }
}
