package io.entire.transport.application.port.in;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * A replayable request body: failover re-sends it from the start (F8), so it can be opened any
 * number of times. Bodies are bytes in memory ({@link #ofBytes}), a caller's file ({@link
 * #ofFile}), or any implementation of this interface, such as the git helper's spooled bodies
 * (which live in {@code adapters-git}: spooling to temp files is an adapter's I/O, not the port's).
 *
 * <p>Instances are safe to {@link #open()} from one thread at a time. The creator closes the body
 * (which releases what it holds, e.g. a spool file); the transport never closes it.
 *
 * @since 0.1
 */
public interface RequestBody extends Closeable {

  /** Returns the length in bytes. */
  long length();

  /**
   * Opens the body from its first byte.
   *
   * @return a fresh stream; the caller closes it
   * @throws IOException when the body's storage (a file) cannot be read
   */
  InputStream open() throws IOException;

  /** Releases what the body holds (e.g. a spool file). Default: nothing to release. */
  @Override
  default void close() throws IOException {}

  /**
   * A body of bytes (not copied; do not change the array afterwards).
   *
   * @param bytes the body
   * @return the body
   */
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

  /**
   * A body read from a caller's file, which must not change while the body is in use. The body
   * holds no resource: each {@link #open()} opens the file anew, and closing the body leaves the
   * file alone.
   *
   * @param file the file
   * @return the body
   * @throws IOException when the file's size cannot be read
   */
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
}
