package io.entire.transport.bootstrap.helper;

import io.entire.transport.adapters.git.GitConfigList;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * git's configuration as {@code bin/git-remote-entire} hands it over (N5): the launcher runs {@code
 * git config -z --list} beside the JVM's start and passes its output on a descriptor, named by the
 * system property {@value #PROPERTY} (e.g. {@code /dev/fd/3}). The stream holds git's output, then
 * a line feed, git's exit status in decimal, a line feed and git's error output. No config entry
 * starts with a line feed (each is {@code key LF value NUL}, and a key is never empty), so the
 * trailer starts at the first line feed that begins the stream or follows a NUL.
 */
final class LauncherGitConfig {
  /** The system property naming the launcher's stream. */
  static final String PROPERTY = "entire.helper.gitConfig";

  /** More than any configuration; a stream this long is not the launcher's. */
  private static final int MAX_BYTES = 16 * 1024 * 1024;

  private LauncherGitConfig() {}

  /**
   * Reads and parses the launcher's stream.
   *
   * @param stream the descriptor's path
   * @return git's configuration
   * @throws IOException when the stream cannot be read, has no trailer, or git failed (the message
   *     has git's exit code and its own error, as when the helper runs git itself)
   */
  static GitConfigList read(Path stream) throws IOException {
    byte[] bytes;
    try (InputStream in = Files.newInputStream(stream)) {
      bytes = in.readNBytes(MAX_BYTES + 1);
    }
    if (bytes.length > MAX_BYTES) {
      throw new IOException("git config --list printed more than " + MAX_BYTES + " bytes");
    }
    int trailer = trailerStart(bytes);
    if (trailer < 0) {
      throw new IOException("git config --list ended early (the launcher's stream has no status)");
    }
    String rest =
        new String(bytes, trailer + 1, bytes.length - trailer - 1, StandardCharsets.UTF_8);
    int newline = rest.indexOf('\n');
    String status = newline < 0 ? rest : rest.substring(0, newline);
    String errors = newline < 0 ? "" : rest.substring(newline + 1);
    boolean digits = !status.isEmpty() && status.length() <= 3;
    for (int i = 0; digits && i < status.length(); i++) {
      digits = status.charAt(i) >= '0' && status.charAt(i) <= '9';
    }
    if (!digits) {
      throw new IOException("git config --list: the launcher's stream has no exit status");
    }
    if (!status.equals("0")) {
      throw new IOException(
          "git config --list failed with exit code " + status + ": " + errors.strip());
    }
    try {
      return GitConfigList.parse(Arrays.copyOf(bytes, trailer));
    } catch (IllegalArgumentException e) {
      throw new IOException(e.getMessage(), e);
    }
  }

  /** The index of the trailer's first line feed, or -1. */
  private static int trailerStart(byte[] bytes) {
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] == '\n' && (i == 0 || bytes[i - 1] == 0)) {
        return i;
      }
    }
    return -1;
  }
}
