package io.entire.transport.adapters.git;

import io.entire.transport.application.port.in.RequestBody;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * A request body spooled to a temp file (G12) that this body owns, read through the one channel it
 * keeps open until {@link #close()}.
 *
 * <p>The file is normally unlinked as soon as it is open (hardening_7): the data lives on only
 * through the open channel, so the OS frees it when the channel is closed or the process dies, even
 * by SIGKILL, and no {@code entire-body-*.spool} is ever left in the temp directory. Where an open
 * file cannot be deleted (Windows without delete sharing), the file keeps its name and is deleted
 * on close, as a process that is killed cannot.
 *
 * <p>Replayable (F8): each {@link #open()} returns a stream with its own position that reads with
 * positional reads ({@link FileChannel#read(ByteBuffer, long)}), which neither use nor move the
 * channel's shared position, so streams open at the same time, even on different threads, never
 * disturb each other. {@code Channels.newInputStream} would share the position, so it is not used.
 * As with every {@link FileChannel}, interrupting a thread while it reads closes the channel, and
 * the body cannot be read again: interrupting means giving up the operation.
 */
final class SpooledFileBody implements RequestBody {
  private final FileChannel channel;
  private final long length;
  private final Optional<Path> deleteOnClose;

  /**
   * @param channel the open spool file, readable; this body closes it
   * @param length how many bytes of it are the body
   * @param deleteOnClose the file to delete after closing the channel, when it still has a name
   */
  SpooledFileBody(FileChannel channel, long length, Optional<Path> deleteOnClose) {
    this.channel = Objects.requireNonNull(channel, "channel");
    this.length = length;
    this.deleteOnClose = Objects.requireNonNull(deleteOnClose, "deleteOnClose");
  }

  /**
   * Deletes {@code file}, which the caller holds open, so that only the open channel keeps its data
   * (POSIX unlink semantics).
   *
   * @return empty when deleted; else the file, to delete once the channel is closed
   */
  static Optional<Path> unlinkWhileOpen(Path file) {
    try {
      Files.delete(file);
      return Optional.empty();
    } catch (IOException | RuntimeException e) {
      return Optional.of(file); // e.g. Windows refusing to delete an open file: delete on close
    }
  }

  @Override
  public long length() {
    return length;
  }

  @Override
  public InputStream open() throws IOException {
    if (!channel.isOpen()) {
      throw new IOException("the spooled request body is closed");
    }
    return new PositionalStream();
  }

  /** Closes the channel, which frees an unlinked file, then deletes a file that kept its name. */
  @Override
  public void close() throws IOException {
    try {
      channel.close();
    } finally {
      if (deleteOnClose.isPresent()) {
        Files.deleteIfExists(deleteOnClose.get());
      }
    }
  }

  /** Reads the body from its first byte with its own position; closing it leaves the body open. */
  private final class PositionalStream extends InputStream {
    private long position;

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] bytes, int offset, int count) throws IOException {
      Objects.checkFromIndexSize(offset, count, bytes.length);
      if (count == 0) {
        return 0;
      }
      long remaining = length - position;
      if (remaining <= 0) {
        return -1;
      }
      ByteBuffer target = ByteBuffer.wrap(bytes, offset, (int) Math.min(count, remaining));
      int n = channel.read(target, position);
      if (n < 0) {
        // The file is shorter than the body it held: nothing but this body can have cut it.
        throw new IOException("spooled request body ended after " + position + " of " + length);
      }
      position += n;
      return n;
    }

    @Override
    public long skip(long count) {
      long skipped = Math.max(0, Math.min(count, length - position));
      position += skipped;
      return skipped;
    }

    @Override
    public int available() {
      return (int) Math.min(Integer.MAX_VALUE, Math.max(0, length - position));
    }
  }
}
