package io.entire.transport.adapters.cache;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Creates the cache directory and files so that only their owner can read them (K1: directory 0700,
 * files 0600). The permissions are given at creation, never applied afterwards, so no other user
 * can open a file in the window between creating and restricting it.
 *
 * <p>On file systems without POSIX permissions the files are created with the defaults of the
 * platform. Stateless and thread-safe.
 */
final class OwnerOnlyFiles {
  private static final FileAttribute<?> DIRECTORY_0700 =
      PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"));
  private static final FileAttribute<?> FILE_0600 =
      PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));

  /** Unique among the temp files of this process; the process id tells processes apart. */
  private static final AtomicLong TEMP_FILES = new AtomicLong();

  /** Each name is tried once; only leftovers of a crashed process with our pid can collide. */
  private static final int TEMP_FILE_ATTEMPTS = 100;

  private OwnerOnlyFiles() {}

  /**
   * Creates {@code directory} with mode 0700 unless it exists; its missing parents are created with
   * the usual defaults (they are not ours, e.g. {@code ~/.cache}).
   */
  static void createDirectory(Path directory) throws IOException {
    if (Files.isDirectory(directory)) {
      return;
    }
    Path parent = directory.getParent();
    if (parent != null) {
      Files.createDirectories(parent);
    }
    try {
      Files.createDirectory(directory, attributes(directory, DIRECTORY_0700));
    } catch (FileAlreadyExistsException e) {
      if (!Files.isDirectory(directory)) {
        throw e;
      }
      // Another process created it between our check and our create: fine.
    }
  }

  /**
   * Creates a new, empty, uniquely named file with mode 0600 next to {@code target}, named {@code
   * <target>.<pid>-<n>.tmp}. Not {@link Files#createTempFile}: its random names come from a {@code
   * SecureRandom}, whose setup costs the short-lived helper process milliseconds for nothing, as
   * the file is created exclusively (CREATE_NEW) in our own 0700 directory anyway.
   */
  static Path createTempFileNextTo(Path target) throws IOException {
    Path directory = target.getParent();
    String prefix = target.getFileName() + "." + ProcessHandle.current().pid() + "-";
    FileAttribute<?>[] attributes = attributes(directory, FILE_0600);
    for (int attempt = 1; ; attempt++) {
      Path temp = directory.resolve(prefix + TEMP_FILES.incrementAndGet() + ".tmp");
      try {
        return Files.createFile(temp, attributes);
      } catch (FileAlreadyExistsException e) {
        if (attempt == TEMP_FILE_ATTEMPTS) {
          throw e;
        }
      }
    }
  }

  /**
   * Opens {@code file} for writing, creating it with mode 0600 when missing; never through a
   * symbolic link (hardening_2: a link could lead to another user's file).
   */
  static FileChannel openForWriting(Path file) throws IOException {
    return FileChannel.open(
        file,
        Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS),
        attributes(file, FILE_0600));
  }

  private static FileAttribute<?>[] attributes(Path path, FileAttribute<?> posix) {
    return path.getFileSystem().supportedFileAttributeViews().contains("posix")
        ? new FileAttribute<?>[] {posix}
        : new FileAttribute<?>[0];
  }
}
