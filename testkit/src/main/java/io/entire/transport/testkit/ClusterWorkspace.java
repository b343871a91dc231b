package io.entire.transport.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The files a {@link TestCluster} works in: its {@link IsolatedGit} (with a temporary git home) and
 * the root directory of the bare repositories it serves, which it owns, and deletes on {@link
 * #close()}, only when it created it.
 *
 * <p>Immutable; {@link #close()} is called once, by the cluster.
 *
 * @param git the isolated git of the cluster
 * @param root the absolute, normalized repositories root
 * @param ownsRoot whether {@link #open(Path)} created the root (and {@link #close()} deletes it)
 */
record ClusterWorkspace(IsolatedGit git, Path root, boolean ownsRoot) {

  /**
   * Creates the isolated git and the repositories root: {@code givenRoot} (created if missing), or
   * a new temporary directory when it is null. On failure nothing is left behind.
   *
   * @throws UncheckedIOException when a directory cannot be created
   */
  static ClusterWorkspace open(Path givenRoot) {
    IsolatedGit git = IsolatedGit.create();
    Path root = givenRoot;
    boolean ownsRoot = root == null;
    try {
      if (ownsRoot) {
        root = Files.createTempDirectory("entire-testkit-repos");
      } else {
        Files.createDirectories(root);
      }
      return new ClusterWorkspace(git, root.toAbsolutePath().normalize(), ownsRoot);
    } catch (IOException | RuntimeException e) {
      git.close();
      if (ownsRoot && root != null) {
        FileTrees.deleteQuietly(root);
      }
      throw startFailure(e);
    }
  }

  /** What a failed cluster start throws: an I/O failure wrapped with its cause, others as is. */
  static RuntimeException startFailure(Exception e) {
    if (e instanceof IOException io) {
      return new UncheckedIOException("cannot start test cluster: " + io.getMessage(), io);
    }
    return (RuntimeException) e;
  }

  /** Closes the isolated git and deletes the root when this workspace created it. */
  void close() {
    git.close();
    if (ownsRoot) {
      FileTrees.deleteQuietly(root);
    }
  }
}
