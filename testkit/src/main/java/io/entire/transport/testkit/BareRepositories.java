package io.entire.transport.testkit;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Creates the bare repositories a cluster serves. Seeded repositories get a small, deterministic
 * history written in one {@code git fast-import} run (fast, and the same commit ids every time):
 *
 * <ul>
 *   <li>{@code main}: three commits ({@code README.md}, {@code src/hello.txt}, a README update),
 *       plus an optional commit adding {@code payload.bin} of pseudo-random bytes;
 *   <li>{@code feature}: one commit ({@code src/feature.txt}) on top of main's second commit;
 *   <li>annotated tag {@code v1.0} on main's second commit;
 *   <li>{@code HEAD} pointing at {@code main}.
 * </ul>
 *
 * <p>Every repository gets {@code http.receivepack=true} (pushes allowed), {@code
 * uploadpack.allowFilter=true}, {@code uploadpack.allowAnySHA1InWant=true}, {@code
 * receive.unpackLimit=1} and {@code receive.autogc=false}. Stateless.
 */
final class BareRepositories {

  private static final String PERSON = "Entire Testkit <testkit@entire.invalid>";
  private static final long EPOCH = 1_700_000_000L;

  private BareRepositories() {}

  /** Checks a repository path such as {@code et/org/repo} and returns it without slashes around. */
  static String normalize(String path) {
    if (path == null) {
      throw new IllegalArgumentException("repository path must not be null");
    }
    String p = path.strip();
    while (p.startsWith("/")) {
      p = p.substring(1);
    }
    while (p.endsWith("/")) {
      p = p.substring(0, p.length() - 1);
    }
    if (p.isEmpty()) {
      throw new IllegalArgumentException("repository path must not be empty: '" + path + "'");
    }
    for (String segment : p.split("/")) {
      if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
        throw new IllegalArgumentException(
            "repository path must be relative without empty, '.' or '..' segments: " + path);
      }
    }
    if (p.chars().anyMatch(c -> c < 0x20 || c == 0x7f || c == '\\')) {
      throw new IllegalArgumentException(
          "repository path must not contain control characters or backslashes: " + path);
    }
    return p;
  }

  /**
   * Creates (or reuses) the bare repository at {@code root/path}.
   *
   * <p>An existing bare repository is reused as is (only the config above is applied), so a cluster
   * can be started again over a kept root directory.
   *
   * @param payloadBytes size of the extra {@code payload.bin} commit, 0 for none
   * @param seeded whether to write the small history; false for an empty repository
   * @return the repository directory
   */
  static Path create(IsolatedGit git, Path root, String path, boolean seeded, long payloadBytes) {
    String normalized = normalize(path);
    Path dir = root.resolve(normalized);
    try {
      if (Files.exists(dir)) {
        if (isBareRepository(dir)) {
          configure(git, dir);
          return dir;
        }
        if (!isEmptyDirectory(dir)) {
          throw new IllegalStateException(
              "cannot create repository "
                  + normalized
                  + ": "
                  + dir
                  + " exists and is not a bare git repository");
        }
      }
      Files.createDirectories(dir.getParent());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create repository directory " + dir, e);
    }
    git.runChecked(null, "init", "--bare", "--quiet", dir.toString());
    configure(git, dir);
    if (seeded) {
      seed(git, dir, normalized, payloadBytes);
    }
    if (payloadBytes > 0) {
      // no delta search against a large random blob: it cannot shrink and indexing it is slow
      try {
        Files.createDirectories(dir.resolve("info"));
        Files.writeString(dir.resolve("info/attributes"), "payload.bin -delta\n");
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write info/attributes of " + dir, e);
      }
    }
    return dir;
  }

  private static void configure(IsolatedGit git, Path dir) {
    git.runChecked(dir, "config", "http.receivepack", "true");
    git.runChecked(dir, "config", "uploadpack.allowFilter", "true");
    git.runChecked(dir, "config", "uploadpack.allowAnySHA1InWant", "true");
    // Keep pushed packs as they are (index-pack) instead of exploding them into loose objects,
    // which would deflate every large blob again, and never run gc after a push: large pushes
    // stay fast and timings predictable.
    git.runChecked(dir, "config", "receive.unpackLimit", "1");
    git.runChecked(dir, "config", "receive.autogc", "false");
  }

  static boolean isBareRepository(Path dir) {
    return Files.isRegularFile(dir.resolve("HEAD"))
        && Files.isDirectory(dir.resolve("objects"))
        && Files.isDirectory(dir.resolve("refs"));
  }

  private static boolean isEmptyDirectory(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return false;
    }
    try (Stream<Path> entries = Files.list(dir)) {
      return entries.findAny().isEmpty();
    }
  }

  private static void seed(IsolatedGit git, Path dir, String path, long payloadBytes) {
    Path log;
    try {
      log = Files.createTempFile("entire-testkit-fast-import", ".log");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a temporary file for git fast-import", e);
    }
    try {
      // One pack, never exploded into loose objects (fast-import does that below 100 objects):
      // a clone then reuses the packed data instead of deflating a large payload again. Level 0
      // (stored) keeps a large payload quick to write; random bytes do not compress anyway.
      ProcessBuilder builder =
          git.processBuilder(
                  dir,
                  List.of(
                      "-c",
                      "fastimport.unpackLimit=0",
                      "-c",
                      "core.compression=0",
                      "-c",
                      "pack.compression=0",
                      "fast-import",
                      "--quiet",
                      "--done"))
              .redirectErrorStream(true)
              .redirectOutput(log.toFile());
      Process process = builder.start();
      try (OutputStream in = new BufferedOutputStream(process.getOutputStream(), 64 * 1024)) {
        writeHistory(in, path, payloadBytes);
      } catch (IOException e) {
        // fast-import died early; its log below says why
      }
      if (!process.waitFor(5, TimeUnit.MINUTES)) {
        process.destroyForcibly();
        throw new IllegalStateException("git fast-import for " + path + " did not finish");
      }
      if (process.exitValue() != 0) {
        throw new IllegalStateException(
            "git fast-import for "
                + path
                + " exited with "
                + process.exitValue()
                + ": "
                + Files.readString(log).trim());
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot seed repository " + path, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while seeding " + path, e);
    } finally {
      try {
        Files.deleteIfExists(log);
      } catch (IOException e) {
        // a stray temp file is harmless
      }
    }
  }

  private static void writeHistory(OutputStream out, String path, long payloadBytes)
      throws IOException {
    commit(out, "refs/heads/main", 1, null, "Initial commit\n", EPOCH);
    inlineFile(out, "README.md", "# " + path + "\n\nSeeded by entire-testkit.\n");

    commit(out, "refs/heads/main", 2, 1, "Add hello\n", EPOCH + 60);
    inlineFile(out, "src/hello.txt", "hello from " + path + "\n");

    commit(out, "refs/heads/feature", 3, 2, "Start feature\n", EPOCH + 120);
    inlineFile(out, "src/feature.txt", "work in progress\n");

    commit(out, "refs/heads/main", 4, 2, "Update README\n", EPOCH + 180);
    inlineFile(out, "README.md", "# " + path + "\n\nSeeded by entire-testkit.\nSecond line.\n");

    text(out, "tag v1.0\nfrom :2\n");
    text(out, "tagger " + PERSON + " " + (EPOCH + 240) + " +0000\n");
    data(out, "Release 1.0\n".getBytes(StandardCharsets.UTF_8));

    if (payloadBytes > 0) {
      text(out, "blob\nmark :100\ndata " + payloadBytes + "\n");
      SplittableRandom random = new SplittableRandom(path.hashCode());
      byte[] buf = new byte[64 * 1024];
      for (long left = payloadBytes; left > 0; ) {
        random.nextBytes(buf);
        int n = (int) Math.min(buf.length, left);
        out.write(buf, 0, n);
        left -= n;
      }
      text(out, "\n");
      commit(out, "refs/heads/main", 5, 4, "Add payload\n", EPOCH + 300);
      text(out, "M 100644 :100 payload.bin\n");
    }
    text(out, "done\n");
  }

  private static void commit(
      OutputStream out, String ref, int mark, Integer parent, String message, long time)
      throws IOException {
    text(out, "commit " + ref + "\nmark :" + mark + "\n");
    text(out, "author " + PERSON + " " + time + " +0000\n");
    text(out, "committer " + PERSON + " " + time + " +0000\n");
    data(out, message.getBytes(StandardCharsets.UTF_8));
    if (parent != null) {
      text(out, "from :" + parent + "\n");
    }
  }

  private static void inlineFile(OutputStream out, String name, String content) throws IOException {
    text(out, "M 100644 inline " + name + "\n");
    data(out, content.getBytes(StandardCharsets.UTF_8));
  }

  private static void data(OutputStream out, byte[] bytes) throws IOException {
    text(out, "data " + bytes.length + "\n");
    out.write(bytes);
    text(out, "\n");
  }

  private static void text(OutputStream out, String s) throws IOException {
    out.write(s.getBytes(StandardCharsets.UTF_8));
  }
}
