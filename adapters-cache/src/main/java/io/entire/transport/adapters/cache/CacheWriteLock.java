package io.entire.transport.adapters.cache;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The exclusive lock that serialises writers of one cache file (K3), across processes and across
 * the threads of this JVM.
 *
 * <p>An OS file lock ({@link FileChannel#tryLock()}) on a separate lock file excludes other
 * processes, but it belongs to the whole JVM: a second thread would get {@link
 * OverlappingFileLockException}, and on POSIX systems closing any channel of the file drops the
 * lock of every channel. So writers first take a JVM-wide permit per lock file path, and only its
 * holder opens the lock file. The permit is a {@link Semaphore}, not a reentrant lock, so that even
 * the holding thread cannot get in a second time and drop its own file lock.
 *
 * <p>The lock file is created with mode 0600 and never deleted: deleting it would let a late writer
 * lock an unlinked file while another locks the new one. It holds no data.
 *
 * <p>Thread-safe. Waiting uses the monotonic {@link System#nanoTime()} clock, not the cache's
 * {@link java.time.Clock}, which may be fixed in tests or jump.
 */
final class CacheWriteLock {
  private static final ConcurrentHashMap<Path, Semaphore> IN_THIS_JVM = new ConcurrentHashMap<>();
  private static final long FIRST_BACKOFF_MILLIS = 1;
  private static final long MAX_BACKOFF_MILLIS = 50;

  private final Path lockFile;
  private final Duration timeout;

  /**
   * @param lockFile the lock file, e.g. {@code nodes.json.lock}
   * @param timeout how long {@link #acquire()} waits at most
   */
  CacheWriteLock(Path lockFile, Duration timeout) {
    this.lockFile = lockFile.toAbsolutePath().normalize();
    this.timeout = timeout;
  }

  /**
   * Takes the lock, polling the file lock with a bounded exponential backoff. The directory of the
   * lock file must exist.
   *
   * @return the held lock, to be closed by the caller; empty when the timeout passed first
   * @throws IOException when the lock file cannot be created or locked
   * @throws InterruptedException when the thread is interrupted while waiting
   */
  Optional<Held> acquire() throws IOException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    Semaphore threads = IN_THIS_JVM.computeIfAbsent(realPath(), path -> new Semaphore(1));
    if (!threads.tryAcquire(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
      return Optional.empty();
    }
    boolean handedOver = false;
    try {
      Optional<Held> held = lockFile(threads, deadline);
      handedOver = held.isPresent();
      return held;
    } finally {
      if (!handedOver) {
        threads.release();
      }
    }
  }

  /**
   * Resolves symbolic links in the directory, so that two cache objects reaching one file by
   * different paths share one JVM lock and never open the lock file at the same time.
   */
  private Path realPath() throws IOException {
    return lockFile.getParent().toRealPath().resolve(lockFile.getFileName());
  }

  private Optional<Held> lockFile(Semaphore threads, long deadline)
      throws IOException, InterruptedException {
    FileChannel channel = OwnerOnlyFiles.openForWriting(lockFile);
    boolean handedOver = false;
    try {
      long backoffMillis = FIRST_BACKOFF_MILLIS;
      while (true) {
        FileLock lock = tryLock(channel);
        if (lock != null) {
          handedOver = true;
          return Optional.of(new Held(threads, channel, lock));
        }
        long remainingNanos = deadline - System.nanoTime();
        if (remainingNanos <= 0) {
          return Optional.empty();
        }
        // Polling because FileChannel.lock() cannot time out; the cap keeps the wait short once
        // the other writer (a few milliseconds of work) is done.
        Thread.sleep(Math.min(backoffMillis, TimeUnit.NANOSECONDS.toMillis(remainingNanos) + 1));
        backoffMillis = Math.min(backoffMillis * 2, MAX_BACKOFF_MILLIS);
      }
    } finally {
      if (!handedOver) {
        channel.close();
      }
    }
  }

  private static FileLock tryLock(FileChannel channel) throws IOException {
    try {
      return channel.tryLock();
    } catch (OverlappingFileLockException e) {
      // Only reachable through a hard-linked lock file: this JVM holds it elsewhere, so it is busy.
      return null;
    }
  }

  /** A held lock; {@link #close()} releases it. Used by the thread that acquired it only. */
  static final class Held implements AutoCloseable {
    private final Semaphore threads;
    private final FileChannel channel;
    private final FileLock lock;

    private Held(Semaphore threads, FileChannel channel, FileLock lock) {
      this.threads = threads;
      this.channel = channel;
      this.lock = lock;
    }

    /** Releases the file lock, closes the lock file and lets the next thread in. */
    @Override
    public void close() throws IOException {
      try (channel) {
        lock.release();
      } finally {
        threads.release();
      }
    }
  }
}
