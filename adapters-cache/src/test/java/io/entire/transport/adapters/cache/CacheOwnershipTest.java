package io.entire.transport.adapters.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.entire.transport.domain.NodeUrl;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileOwnerAttributeView;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalNotFoundException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * hardening_2 (K1, K2): the cache trusts only a directory and files that belong to the current user
 * and that no one else can write; another local user cannot plant replicas (which would receive the
 * user's token) or keep an entry alive past the TTL.
 *
 * <p>The suite may run as root; files of "another user" are made by handing them to {@code nobody}.
 * Root can write them anyway, so these tests show the cache refuses by choice, not because the OS
 * stopped it.
 */
class CacheOwnershipTest {
  private static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");
  private static final String CLUSTER = "git.example.dev";
  private static final String REPO = "/team/service.git";
  private static final List<NodeUrl> OURS = List.of(NodeUrl.of("https://r1.eu.example.dev"));
  private static final String POISON = "http://127.0.0.1:4444";
  private static final String POISONED =
      "{\""
          + CLUSTER
          + "\": {\""
          + REPO
          + "\": {\"nodes\": [\""
          + POISON
          + "\"], \"expiresAt\": \"2099-01-01T00:00:00Z\"}}}";

  @TempDir Path dir;
  private Path file;
  private MutableClock clock;
  private FileReplicaCache cache;

  @BeforeEach
  void setUp() {
    assumeTrue(
        dir.getFileSystem().supportedFileAttributeViews().contains("posix"),
        "ownership is only checked on POSIX file systems");
    file = dir.resolve("entire").resolve("nodes.json");
    clock = new MutableClock(T0);
    cache = new FileReplicaCache(file, clock);
  }

  private static String permissions(Path path) throws IOException {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
  }

  private static UserPrincipal someoneElse(Path path) throws IOException {
    UserPrincipal nobody;
    try {
      nobody = path.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody");
    } catch (UserPrincipalNotFoundException e) {
      nobody = null;
    }
    assumeTrue(nobody != null, "an unprivileged user 'nobody' exists");
    assumeTrue(!nobody.equals(Files.getOwner(path)), "the tests do not run as nobody");
    return nobody;
  }

  /** Hands {@code path} (not a link's target) to another user; skips when we may not (not root). */
  private static void giveAway(Path path) throws IOException {
    UserPrincipal other = someoneElse(path);
    try {
      Files.getFileAttributeView(path, FileOwnerAttributeView.class, LinkOption.NOFOLLOW_LINKS)
          .setOwner(other);
    } catch (IOException e) {
      assumeTrue(false, "cannot chown to another user here: " + e);
    }
  }

  private Path writeCacheFile(String content) throws IOException {
    Files.createDirectories(file.getParent());
    Files.setPosixFilePermissions(file.getParent(), PosixFilePermissions.fromString("rwx------"));
    Files.writeString(file, content);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    return file;
  }

  @Test
  void hardening_2_K1_precreatedWorldWritableDirectoryWeOwn_isTightenedTo0700AndUsed()
      throws IOException {
    Files.createDirectories(file.getParent());
    Files.setPosixFilePermissions(file.getParent(), PosixFilePermissions.fromString("rwxrwxrwx"));

    cache.store(CLUSTER, REPO, OURS);

    assertEquals("rwx------", permissions(file.getParent()));
    assertEquals(OURS, cache.load(CLUSTER, REPO));
    assertEquals("rw-------", permissions(file));
  }

  @Test
  void hardening_2_K1_worldWritableDirectoryWeOwn_isTightenedOnReadToo() throws IOException {
    writeCacheFile(POISONED.replace(POISON, "https://r1.eu.example.dev"));
    Files.setPosixFilePermissions(file.getParent(), PosixFilePermissions.fromString("rwxrwxrwx"));

    assertEquals(OURS, cache.load(CLUSTER, REPO));
    assertEquals("rwx------", permissions(file.getParent()));
  }

  @Test
  void hardening_2_K1_directoryOwnedBySomeoneElse_isIgnored_andNeverWritten() throws IOException {
    writeCacheFile(POISONED);
    Files.setPosixFilePermissions(file.getParent(), PosixFilePermissions.fromString("rwxrwxrwx"));
    giveAway(file.getParent());

    assertEquals(List.of(), cache.load(CLUSTER, REPO), "K1: a foreign directory is not trusted");
    cache.store(CLUSTER, "/other.git", OURS);

    assertEquals(POISONED, Files.readString(file), "nothing written through");
    assertEquals("rwxrwxrwx", permissions(file.getParent()), "not ours to change");
    assertFalse(Files.exists(file.resolveSibling("nodes.json.lock")), "no lock file created");
  }

  @Test
  void hardening_2_K1_fileOwnedBySomeoneElse_isIgnored_andNotOverwritten() throws IOException {
    writeCacheFile(POISONED);
    giveAway(file);

    assertEquals(List.of(), cache.load(CLUSTER, REPO), "K1: a foreign file is not trusted");
    cache.store(CLUSTER, "/other.git", OURS);

    assertEquals(POISONED, Files.readString(file), "not overwritten");
    assertEquals(someoneElse(dir), Files.getOwner(file, LinkOption.NOFOLLOW_LINKS), "not replaced");
    assertEquals(List.of(), cache.load(CLUSTER, "/other.git"));
  }

  @Test
  void hardening_2_K1_groupOrOtherWritableFileWeOwn_isTightenedTo0600AndUsed() throws IOException {
    writeCacheFile(POISONED.replace(POISON, "https://r1.eu.example.dev"));
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-rw-rw-"));

    assertEquals(OURS, cache.load(CLUSTER, REPO));
    assertEquals("rw-------", permissions(file));
  }

  @Test
  void hardening_2_K1_lockFileOwnedBySomeoneElse_isNeverOpened_andTheWriteIsSkipped()
      throws IOException {
    Files.createDirectories(file.getParent());
    Path lock = Files.writeString(file.resolveSibling("nodes.json.lock"), "");
    giveAway(lock);

    cache.store(CLUSTER, REPO, OURS);

    assertFalse(Files.exists(file), "K3: no write without our own lock");
    assertEquals(someoneElse(dir), Files.getOwner(lock, LinkOption.NOFOLLOW_LINKS));
  }

  @Test
  void hardening_2_K1_fileThatIsASymlinkToSomeoneElsesFile_isIgnored_andItsTargetNeverWritten()
      throws IOException {
    Path theirs = Files.writeString(dir.resolve("theirs.json"), POISONED);
    giveAway(theirs);
    writeCacheFile("");
    Files.delete(file);
    Files.createSymbolicLink(file, theirs);

    assertEquals(List.of(), cache.load(CLUSTER, REPO), "a symlinked cache file is not followed");
    cache.store(CLUSTER, "/other.git", OURS);

    assertEquals(POISONED, Files.readString(theirs), "the link's target is never written");
    assertEquals(OURS, cache.load(CLUSTER, "/other.git"), "our own link was replaced by our file");
    assertFalse(Files.isSymbolicLink(file));
  }

  @Test
  void hardening_2_K1_symlinkOwnedBySomeoneElse_isIgnored_andNeverReplaced() throws IOException {
    Path ours = writeCacheFile(POISONED);
    Path target = Files.move(ours, dir.resolve("target.json"));
    Files.createSymbolicLink(file, target);
    giveAway(file);

    assertEquals(List.of(), cache.load(CLUSTER, REPO));
    cache.store(CLUSTER, "/other.git", OURS);

    assertTrue(Files.isSymbolicLink(file), "their link is left alone");
    assertEquals(POISONED, Files.readString(target));
  }

  @Test
  void hardening_2_K1_directoryThatIsASymlinkToSomeoneElsesDirectory_isIgnored()
      throws IOException {
    Path theirs = Files.createDirectories(dir.resolve("theirs"));
    Files.writeString(theirs.resolve("nodes.json"), POISONED);
    giveAway(theirs.resolve("nodes.json"));
    giveAway(theirs);
    Files.createSymbolicLink(file.getParent(), theirs);

    assertEquals(List.of(), cache.load(CLUSTER, REPO));
    cache.store(CLUSTER, "/other.git", OURS);

    assertEquals(POISONED, Files.readString(theirs.resolve("nodes.json")));
    assertFalse(Files.exists(theirs.resolve("nodes.json.lock")), "nothing created in their dir");
  }

  @Test
  void hardening_2_K1_directoryThatIsOurSymlinkToOurDirectory_isUsed() throws IOException {
    Path elsewhere = Files.createDirectories(dir.resolve("elsewhere"));
    Files.setPosixFilePermissions(elsewhere, PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.createSymbolicLink(file.getParent(), elsewhere);

    cache.store(CLUSTER, REPO, OURS);

    assertEquals(OURS, cache.load(CLUSTER, REPO));
    assertEquals("rwx------", permissions(elsewhere), "the directory behind our link is ours");
  }

  @Test
  void hardening_2_K2_expiryIn2099_isClampedToTheTtlAfterTheFileWasWritten() throws IOException {
    writeCacheFile(POISONED.replace(POISON, "https://r1.eu.example.dev"));
    Files.setLastModifiedTime(file, FileTime.from(T0));

    assertEquals(OURS, cache.load(CLUSTER, REPO));
    clock.advance(Duration.ofHours(24).minusMillis(1));
    assertEquals(OURS, cache.load(CLUSTER, REPO));
    clock.advance(Duration.ofMillis(1));
    assertEquals(List.of(), cache.load(CLUSTER, REPO), "K2: 2099 is read as at most T0 + 24 h");
  }

  @Test
  void hardening_2_K2_clampedExpiry_isWrittenBack_soItHoldsAfterLaterWritesToo()
      throws IOException {
    writeCacheFile(POISONED.replace(POISON, "https://r1.eu.example.dev"));
    Files.setLastModifiedTime(file, FileTime.from(T0));
    clock.advance(Duration.ofHours(23));
    cache.store(CLUSTER, "/other.git", OURS); // rewrites the file at T0 + 23 h

    assertTrue(
        Files.readString(file).contains("\"2025-03-02T10:00:00Z\""),
        "the 2099 entry is stored with its clamped expiry: " + Files.readString(file));
    clock.advance(Duration.ofHours(1));
    assertEquals(List.of(), cache.load(CLUSTER, REPO));
    assertEquals(OURS, cache.load(CLUSTER, "/other.git"));
  }
}
