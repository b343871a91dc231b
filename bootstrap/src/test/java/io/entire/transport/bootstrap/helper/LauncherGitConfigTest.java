package io.entire.transport.bootstrap.helper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.entire.transport.adapters.git.GitConfigList;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * N5: git's configuration as bin/git-remote-entire hands it over on a descriptor: git's {@code -z}
 * output, then a line feed, the exit status and git's errors. The stream comes from the real
 * launcher code in {@code LauncherIT}; here its format, hostile variants included.
 */
class LauncherGitConfigTest {
  @TempDir Path dir;

  private Path stream(String content) throws IOException {
    return Files.write(dir.resolve("fd"), content.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void N5_readsGitsOutputBeforeTheTrailer() throws IOException {
    GitConfigList config =
        LauncherGitConfig.read(
            stream("http.proxy\nhttp://proxy:3128\0http.extraheader\nA: b\nc\0\n0\n"));

    assertEquals(List.of("http://proxy:3128"), config.values("http.proxy"));
    assertEquals(List.of("A: b\nc"), config.values("http.extraheader"));
  }

  @Test
  void N5_anEmptyConfigurationIsJustTheTrailer() throws IOException {
    assertEquals(List.of(), LauncherGitConfig.read(stream("\n0\n")).values("http.proxy"));
  }

  @Test
  void N5_gitsFailureIsReportedWithItsExitCodeAndMessage() throws IOException {
    Path failed = stream("\n128\nfatal: bad config line 3 in file /home/u/.gitconfig\n");

    IOException e = assertThrows(IOException.class, () -> LauncherGitConfig.read(failed));
    assertEquals(
        "git config --list failed with exit code 128: fatal: bad config line 3 in file"
            + " /home/u/.gitconfig",
        e.getMessage());
  }

  @Test
  void N5_aStreamWithoutTrailerOrStatusIsRefused() throws IOException {
    for (String broken :
        List.of("", "http.proxy\nx\0", "http.proxy\nx\0\n", "\nzero\n", "\n-1\n", "\n1234\n")) {
      Path path = stream(broken);
      IOException e = assertThrows(IOException.class, () -> LauncherGitConfig.read(path), broken);
      assertTrue(e.getMessage().startsWith("git config --list"), e.getMessage());
    }
  }

  @Test
  void N5_aValueWithALineFeedAfterItsNulIsNotTheTrailer() throws IOException {
    // "key\nvalue\0" entries: a line feed inside a value never follows a NUL directly.
    GitConfigList config = LauncherGitConfig.read(stream("a.b\n\nx\0c.d\ny\0\n0\n"));

    assertEquals(
        Map.of("a.b", List.of("\nx"), "c.d", List.of("y")),
        Map.of("a.b", config.values("a.b"), "c.d", config.values("c.d")));
  }
}
