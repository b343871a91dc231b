package io.entire.transport.adapters.git;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** N5: the helper reads git's configuration with one {@code git config -z --list}. */
class GitConfigListTest {
  @TempDir Path tmp;

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void N5_parsesEntriesWithAndWithoutValuesInOrder() {
    GitConfigList list =
        GitConfigList.parse(
            bytes("http.proxy\nhttp://p:3128\0http.sslverify\0http.extraheader\n\0"));

    assertEquals(
        List.of(
            new GitConfigList.Entry("http.proxy", "http://p:3128"),
            new GitConfigList.Entry("http.sslverify", null),
            new GitConfigList.Entry("http.extraheader", "")),
        list.entries());
  }

  @Test
  void N5_aValueMayHoldNewlinesAndRepeatedKeysAreKept() {
    GitConfigList list = GitConfigList.parse(bytes("a.b\nline1\nline2\0a.b\nsecond\0"));

    assertEquals(Arrays.asList("line1\nline2", "second"), list.values("a.b"));
  }

  @Test
  void N5_emptyOutputIsAnEmptyList() {
    assertTrue(GitConfigList.parse(new byte[0]).entries().isEmpty());
  }

  @Test
  void N5_refusesOutputThatIsNotAConfigList() {
    IllegalArgumentException unterminated =
        assertThrows(
            IllegalArgumentException.class, () -> GitConfigList.parse(bytes("a.b\nsecret-value")));
    assertFalse(unterminated.getMessage().contains("secret-value"), unterminated.getMessage());
    assertThrows(IllegalArgumentException.class, () -> GitConfigList.parse(bytes("\nvalue\0")));
  }

  @Test
  void N5_toStringShowsNoValues() {
    GitConfigList list = GitConfigList.parse(bytes("http.extraheader\nAuthorization: x-secret\0"));

    assertFalse(list.toString().contains("x-secret"), list.toString());
  }

  @Test
  void N5_readsWhatRealGitPrintsWithOneProcess() throws IOException, InterruptedException {
    Path global = tmp.resolve("gitconfig");
    Files.writeString(
        global,
        "[http]\n\tsslVerify\n\textraHeader = \"X-A: 1\"\n"
            + "[http \"https://*.example.dev\"]\n\tproxy = http://p:3128\n");
    GitCli cli = new GitCli(tmp.resolve("home")).with("GIT_CONFIG_GLOBAL", global.toString());
    GitProcessLauncher launcher = GitProcessLauncher.system(tmp, cli.environment());

    GitConfigList list = new GitConfigReader(launcher).read();

    assertEquals(
        List.of(
            new GitConfigList.Entry("http.sslverify", null),
            new GitConfigList.Entry("http.extraheader", "X-A: 1"),
            new GitConfigList.Entry("http.https://*.example.dev.proxy", "http://p:3128")),
        list.entries());
  }

  @Test
  void N5_aBrokenConfigFileFailsWithGitsMessage() throws IOException {
    Path global = tmp.resolve("gitconfig");
    Files.writeString(global, "[http\n");
    GitCli cli = new GitCli(tmp.resolve("home")).with("GIT_CONFIG_GLOBAL", global.toString());
    GitProcessLauncher launcher = GitProcessLauncher.system(tmp, Map.copyOf(cli.environment()));

    IOException failure =
        assertThrows(IOException.class, () -> new GitConfigReader(launcher).read());
    assertTrue(failure.getMessage().contains("bad config line"), failure.getMessage());
  }

  @Test
  void N5_aGitThatFillsStderrBeforeItsOutputDoesNotHangTheReader() {
    // 256 KiB on stderr fills any pipe buffer before a byte reaches stdout: read one after the
    // other, both processes would wait on each other for ever.
    GitProcessLauncher noisy =
        arguments ->
            new ProcessBuilder(
                    "sh", "-c", "head -c 262144 /dev/zero | tr '\\0' w >&2; printf 'a.b\\nc\\0'")
                .start();

    GitConfigList config =
        assertTimeoutPreemptively(
            Duration.ofSeconds(30), () -> new GitConfigReader(noisy).read(), "reader hung");
    assertEquals(List.of("c"), config.values("a.b"));
  }
}
