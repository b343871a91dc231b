package io.entire.transport.adapters.cache;

import static java.nio.file.attribute.PosixFilePermission.OWNER_EXECUTE;
import static java.nio.file.attribute.PosixFilePermission.OWNER_READ;
import static java.nio.file.attribute.PosixFilePermission.OWNER_WRITE;

import java.io.IOException;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides whether the cache directory and its files belong to the current user (K1, hardening_2).
 *
 * <p>The cache tells the helper where to send the user's token, so a file another local user could
 * have written is never trusted: the {@code entire} directory and every file in it must be owned by
 * the current user. Our own directory is tightened to 0700 and our own files to 0600 when they are
 * looser (created by hand or under an old umask), after which no other user can add, replace or
 * change anything in it; anything owned by someone else is refused, and the caller then reads the
 * cache as empty and never writes through it (K5: refusals are logged at debug, never fatal).
 *
 * <p>The directory may be a symbolic link when the link and the directory it points to are both
 * ours (a cache kept on another disk). The parent directories are taken as the user's own, as with
 * {@code $HOME}: whoever controls them controls the cache path itself.
 *
 * <p>On file systems without POSIX attributes (Windows) there are no owner checks and nothing is
 * tightened: the cache behaves as it did before these checks, relying on the per-user location.
 *
 * <p>Thread-safe: the current user is looked up once, racily but idempotently.
 */
final class CacheOwnership {
  private static final Logger log = LoggerFactory.getLogger(CacheOwnership.class);

  private static final Set<PosixFilePermission> DIRECTORY_0700 =
      EnumSet.of(OWNER_READ, OWNER_WRITE, OWNER_EXECUTE);
  private static final Set<PosixFilePermission> FILE_0600 = EnumSet.of(OWNER_READ, OWNER_WRITE);

  private final boolean posix;
  private final FileSystem fileSystem;
  private volatile Optional<UserPrincipal> currentUser;

  CacheOwnership(FileSystem fileSystem) {
    this.fileSystem = fileSystem;
    this.posix = fileSystem.supportedFileAttributeViews().contains("posix");
  }

  /**
   * Reads the attributes of {@code path} itself, not of a link's target: POSIX attributes (with the
   * owner) where the file system has them.
   *
   * @throws java.nio.file.NoSuchFileException when nothing is there
   */
  BasicFileAttributes attributesOf(Path path) throws IOException {
    return posix
        ? Files.readAttributes(path, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS)
        : Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
  }

  /**
   * Checks the cache directory, tightening it to 0700 when it is ours and looser.
   *
   * @param directory the existing cache directory
   * @return why the directory is not trusted, or empty when it is
   * @throws java.nio.file.NoSuchFileException when the directory does not exist
   * @throws IOException when its attributes cannot be read or changed
   */
  Optional<String> refuseDirectory(Path directory) throws IOException {
    if (!posix) {
      return Optional.empty();
    }
    PosixFileAttributes entry = (PosixFileAttributes) attributesOf(directory);
    Optional<String> foreign = notOurs(entry, "directory");
    if (foreign.isPresent()) {
      return foreign;
    }
    PosixFileAttributes target = entry;
    if (entry.isSymbolicLink()) {
      // Our own link: what counts is the directory it leads to.
      target = Files.readAttributes(directory, PosixFileAttributes.class);
      foreign = notOurs(target, "directory behind the symbolic link");
      if (foreign.isPresent()) {
        return foreign;
      }
    }
    if (!target.isDirectory()) {
      return Optional.of("it is not a directory");
    }
    tighten(directory, target, DIRECTORY_0700);
    return Optional.empty();
  }

  /**
   * Checks an existing file in a trusted cache directory, tightening it to 0600 when it is ours, a
   * regular file and looser. A symbolic link owned by us passes; the caller decides what it means.
   *
   * @param file the file
   * @param attributes its own attributes, from {@link #attributesOf}
   * @return why the file is not trusted, or empty when it is
   * @throws IOException when its permissions cannot be changed
   */
  Optional<String> refuseFile(Path file, BasicFileAttributes attributes) throws IOException {
    if (!posix) {
      return Optional.empty();
    }
    PosixFileAttributes posixAttributes = (PosixFileAttributes) attributes;
    Optional<String> foreign = notOurs(posixAttributes, "file");
    if (foreign.isEmpty() && posixAttributes.isRegularFile()) {
      tighten(file, posixAttributes, FILE_0600);
    }
    return foreign;
  }

  private Optional<String> notOurs(PosixFileAttributes attributes, String what) {
    Optional<UserPrincipal> me = currentUser();
    if (me.isEmpty()) {
      return Optional.of("the current user cannot be determined to check the " + what + "'s owner");
    }
    if (!me.get().equals(attributes.owner())) {
      return Optional.of(
          "the "
              + what
              + " is owned by "
              + attributes.owner().getName()
              + ", not by "
              + me.get().getName());
    }
    return Optional.empty();
  }

  /** Sets owner-only permissions on our own {@code path} if it has any for group or others. */
  private static void tighten(
      Path path, PosixFileAttributes attributes, Set<PosixFilePermission> ownerOnly)
      throws IOException {
    if (!ownerOnly.containsAll(attributes.permissions())) {
      Files.setPosixFilePermissions(path, ownerOnly);
      log.debug(
          "replica cache: {} was accessible to group or others ({}); made it owner-only",
          path,
          attributes.permissions());
    }
  }

  private Optional<UserPrincipal> currentUser() {
    Optional<UserPrincipal> user = currentUser;
    if (user == null) {
      user = lookUpCurrentUser();
      currentUser = user;
    }
    return user;
  }

  /**
   * The JVM names the user from the password database ({@code user.name}); a process whose uid has
   * no entry there (common in containers) gets "?", so Linux's {@code /proc/self} (owned by the
   * process's user) gives the numeric uid, which the lookup service also accepts.
   */
  private Optional<UserPrincipal> lookUpCurrentUser() {
    UserPrincipalLookupService users = fileSystem.getUserPrincipalLookupService();
    try {
      return Optional.of(users.lookupPrincipalByName(System.getProperty("user.name")));
    } catch (IOException | RuntimeException byName) {
      try {
        Object uid = Files.getAttribute(fileSystem.getPath("/proc/self"), "unix:uid");
        return Optional.of(users.lookupPrincipalByName(String.valueOf(uid)));
      } catch (IOException | RuntimeException byUid) {
        log.debug("replica cache: cannot determine the current user; the cache is not used", byUid);
        return Optional.empty();
      }
    }
  }
}
