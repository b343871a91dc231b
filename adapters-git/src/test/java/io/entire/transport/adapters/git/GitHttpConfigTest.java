package io.entire.transport.adapters.git;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * N5: {@code http.<url>.*} matching, compared with real git on every case: {@code git config
 * --get-urlmatch} for single values, {@code git config --bool} for booleans, and the headers git
 * actually sends for {@code http.extraHeader}.
 */
class GitHttpConfigTest {
  private static final String REMOTE = "https://git.example.dev/team/repo";

  @TempDir Path tmp;

  /** name, remote URL, key, expected value (null: none), then entries "url|name=value". */
  static Stream<Arguments> urlmatchCases() {
    return Stream.of(
        c("plain key applies to any URL", REMOTE, "proxy", "P", "proxy=P"),
        c(
            "host beats plain, plain last",
            REMOTE,
            "proxy",
            "H",
            "https://git.example.dev|proxy=H",
            "proxy=P"),
        c(
            "host beats plain, plain first",
            REMOTE,
            "proxy",
            "H",
            "proxy=P",
            "https://git.example.dev|proxy=H"),
        c("equal plain entries: last wins", REMOTE, "proxy", "B", "proxy=A", "proxy=B"),
        c("wildcard label matches", REMOTE, "proxy", "W", "https://*.example.dev|proxy=W"),
        c(
            "wildcard is one label only",
            "https://a.git.example.dev/r",
            "proxy",
            null,
            "https://*.example.dev|proxy=W"),
        c(
            "wildcard needs a label",
            "https://example.dev/r",
            "proxy",
            null,
            "https://*.example.dev|proxy=W"),
        c(
            "longer host wins over wildcard",
            REMOTE,
            "proxy",
            "L",
            "https://git.example.dev|proxy=L",
            "https://*.example.dev|proxy=W"),
        c(
            "same host length: last wins (1)",
            "https://a.example.dev/r",
            "proxy",
            "W",
            "https://a.example.dev|proxy=L",
            "https://*.example.dev|proxy=W"),
        c(
            "same host length: last wins (2)",
            "https://a.example.dev/r",
            "proxy",
            "L",
            "https://*.example.dev|proxy=W",
            "https://a.example.dev|proxy=L"),
        c(
            "host length before path length",
            REMOTE,
            "proxy",
            "H",
            "https://git.example.dev|proxy=H",
            "https://*.example.dev/team/repo|proxy=W"),
        c(
            "path prefix on a / boundary",
            REMOTE,
            "proxy",
            "T",
            "https://git.example.dev/team|proxy=T"),
        c(
            "path prefix must end at a /",
            "https://git.example.dev/teamx/repo",
            "proxy",
            null,
            "https://git.example.dev/team|proxy=T"),
        c(
            "path with trailing slash",
            REMOTE,
            "proxy",
            "T",
            "https://git.example.dev/team/|proxy=T"),
        c(
            "longer path wins, longer first",
            REMOTE,
            "proxy",
            "R",
            "https://git.example.dev/team/repo|proxy=R",
            "https://git.example.dev/team|proxy=T"),
        c(
            "longer path wins, longer last",
            REMOTE,
            "proxy",
            "R",
            "https://git.example.dev/team|proxy=T",
            "https://git.example.dev/team/repo|proxy=R"),
        c(
            "a longer path does not match",
            REMOTE,
            "proxy",
            null,
            "https://git.example.dev/team/repo/more|proxy=X"),
        c(
            "dots in the path before the key",
            "https://git.example.dev/repo.git",
            "proxy",
            "G",
            "https://git.example.dev/repo.git|proxy=G"),
        c(
            "user must match",
            "https://alice@git.example.dev/r",
            "proxy",
            "A",
            "https://alice@git.example.dev|proxy=A",
            "https://bob@git.example.dev|proxy=B"),
        c(
            "user pattern needs a user",
            REMOTE,
            "proxy",
            null,
            "https://alice@git.example.dev|proxy=A"),
        c(
            "user beats no user at equal path",
            "https://alice@git.example.dev/r",
            "proxy",
            "A",
            "https://alice@git.example.dev|proxy=A",
            "https://git.example.dev|proxy=N"),
        c(
            "path beats user",
            "https://alice@git.example.dev/team/r",
            "proxy",
            "T",
            "https://git.example.dev/team|proxy=T",
            "https://alice@git.example.dev|proxy=A"),
        c("scheme must match", REMOTE, "proxy", null, "http://git.example.dev|proxy=H"),
        c("default port is no port", REMOTE, "proxy", "D", "https://git.example.dev:443|proxy=D"),
        c(
            "leading zeros in the port",
            "https://git.example.dev:8443/r",
            "proxy",
            "Z",
            "https://git.example.dev:08443|proxy=Z"),
        c(
            "other port does not match",
            REMOTE,
            "proxy",
            null,
            "https://git.example.dev:8443|proxy=O"),
        c(
            "port in the URL needs it in the pattern",
            "https://git.example.dev:8443/r",
            "proxy",
            null,
            "https://git.example.dev|proxy=N"),
        c(
            "scheme and host are case-insensitive",
            REMOTE,
            "proxy",
            "C",
            "HTTPS://Git.Example.DEV|proxy=C"),
        c(
            "dot segments resolved",
            REMOTE,
            "proxy",
            "S",
            "https://git.example.dev/x/../team/./|proxy=S"),
        c("escapes normalized", REMOTE, "proxy", "E", "https://git.example.dev/te%61m|proxy=E"),
        c("not a URL: ignored", REMOTE, "proxy", "P", "proxy=P", "git.example.dev|proxy=X"),
        c(
            "bad escape: ignored",
            REMOTE,
            "proxy",
            "P",
            "proxy=P",
            "https://git.example.dev/%zz|proxy=X"),
        c(
            "variable names are case-insensitive",
            REMOTE,
            "sslcainfo",
            "F",
            "https://git.example.dev|sslCAInfo=F"));
  }

  private static Arguments c(String name, String url, String key, String expected, String... e) {
    return Arguments.of(name, url, key, expected, List.of(e));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("urlmatchCases")
  void N5_choosesTheValueGitChooses(
      String name, String url, String key, String expected, List<String> entries) throws Exception {
    GitCli git = new GitCli(tmp.resolve("home"));
    Path file = writeConfig(entries);

    GitCli.Result real =
        git.run(tmp, null, "config", "-f", file.toString(), "--get-urlmatch", "http." + key, url);
    Optional<String> ours = ours(git, file, url).string(key);

    Optional<String> gits =
        real.exitCode() == 0 ? Optional.of(real.stdout().strip()) : Optional.empty();
    assertEquals(gits, ours, "ours vs git for " + entries + " (git stderr: " + real.stderr() + ")");
    assertEquals(Optional.ofNullable(expected), ours, "the case's expectation");
  }

  @ParameterizedTest(name = "[{0}]")
  @ValueSource(
      strings = {
        "true",
        "YES",
        "on",
        "1",
        "-1",
        "0x1f",
        "1k",
        "1g",
        "2g",
        " 1",
        "false",
        "No",
        "OFF",
        "0",
        "00",
        "",
        "maybe",
        " true",
        "1 ",
        "08",
        "2147483648",
        "-2147483648"
      })
  void N5_parsesBooleansAsGitDoes(String value) throws Exception {
    GitCli git = new GitCli(tmp.resolve("home"));
    GitCli.Result real =
        git.run(tmp, null, "-c", "http.sslVerify=" + value, "config", "--bool", "http.sslVerify");
    GitConfigList list =
        GitConfigList.of(List.of(new GitConfigList.Entry("http.sslverify", value)));
    GitHttpConfig config = GitHttpConfig.forUrl(list, REMOTE);

    if (real.exitCode() == 0) {
      assertEquals(Optional.of(Boolean.valueOf(real.stdout().strip())), config.sslVerify());
    } else {
      InvalidGitConfigException bad =
          assertThrows(InvalidGitConfigException.class, config::sslVerify);
      assertEquals("http.sslVerify", bad.key());
      assertTrue(bad.getMessage().contains("'http.sslVerify'"), bad.getMessage());
    }
  }

  @Test
  void N5_aKeyWithoutValueIsTrueForBooleansAndAnErrorNamingTheKeyForStrings() throws Exception {
    GitConfigList list =
        GitConfigList.of(
            List.of(
                new GitConfigList.Entry("http.sslverify", null),
                new GitConfigList.Entry("http.proxy", null)));
    GitHttpConfig config = GitHttpConfig.forUrl(list, REMOTE);

    assertEquals(Optional.of(true), config.sslVerify());
    InvalidGitConfigException missing =
        assertThrows(InvalidGitConfigException.class, config::proxy);
    assertEquals("http.proxy", missing.key());
    assertTrue(missing.getMessage().contains("'http.proxy'"), missing.getMessage());
  }

  /** Checked with git 2.39: {@code git -c ... ls-remote} dies, or does not, in these cases. */
  @Test
  void N5_aMalformedValueFailsOnlyWhenGitWouldReadIt() throws Exception {
    GitConfigList.Entry otherHost =
        new GitConfigList.Entry("http.https://other.dev.sslverify", "maybe");
    GitConfigList.Entry specific =
        new GitConfigList.Entry("http.https://git.example.dev.sslverify", "true");
    GitConfigList.Entry plainBad = new GitConfigList.Entry("http.sslverify", "maybe");

    assertEquals(
        Optional.of(true),
        GitHttpConfig.forUrl(GitConfigList.of(List.of(otherHost, specific)), REMOTE).sslVerify(),
        "another host's value is never read");
    assertEquals(
        Optional.of(true),
        GitHttpConfig.forUrl(GitConfigList.of(List.of(specific, plainBad)), REMOTE).sslVerify(),
        "a less specific value after a more specific one is never read");
    GitHttpConfig readFirst =
        GitHttpConfig.forUrl(GitConfigList.of(List.of(plainBad, specific)), REMOTE);
    InvalidGitConfigException bad =
        assertThrows(InvalidGitConfigException.class, readFirst::sslVerify);
    assertEquals("http.sslVerify", bad.key());
  }

  /** name, then entries "url|extraHeader=value" as in {@link #urlmatchCases()}. */
  static Stream<Arguments> extraHeaderCases() {
    return Stream.of(
        Arguments.of(
            "plain then specific: both", List.of("extraHeader=X-A: 1", "URL|extraHeader=X-B: 2")),
        Arguments.of(
            "specific then plain: plain dropped",
            List.of("URL|extraHeader=X-B: 2", "extraHeader=X-A: 1")),
        Arguments.of(
            "empty clears",
            List.of("extraHeader=X-A: 1", "URL|extraHeader=", "URL|extraHeader=X-C: 3")),
        Arguments.of("plain list", List.of("extraHeader=X-A: 1", "extraHeader=X-B: 2")),
        Arguments.of(
            "other URL ignored",
            List.of("extraHeader=X-A: 1", "http://elsewhere.dev|extraHeader=X-B: 2")),
        Arguments.of(
            "empty at the end clears all",
            List.of("extraHeader=X-A: 1", "URL|extraHeader=X-B: 2", "URL|extraHeader=")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("extraHeaderCases")
  void N5_extraHeadersAreTheOnesGitSends(String name, List<String> template) throws Exception {
    List<String> seen = Collections.synchronizedList(new ArrayList<>());
    try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      CountDownLatch recorded = new CountDownLatch(1);
      Thread recorder = new Thread(() -> recordHeaders(server, seen, recorded), "header-recorder");
      recorder.setDaemon(true);
      recorder.start();
      String base = "http://127.0.0.1:" + server.getLocalPort();
      String url = base + "/repo";
      List<String> entries = new ArrayList<>();
      template.forEach(e -> entries.add(e.replace("URL|", base + "|")));
      GitCli git = new GitCli(tmp.resolve("home"));
      Path file = writeConfig(entries);
      git.with("GIT_CONFIG_GLOBAL", file.toString()).run(tmp, null, "ls-remote", url);

      List<String> ours = ours(git, file, url).extraHeaders();

      assertTrue(recorded.await(60, TimeUnit.SECONDS), "git sent no request");
      assertEquals(List.copyOf(seen), ours);
    }
  }

  /**
   * Answers every request with 404 and records its {@code X-} header lines verbatim, in order, for
   * the first request only (git may retry or follow up).
   */
  private static void recordHeaders(
      ServerSocket server, List<String> seen, CountDownLatch recorded) {
    boolean first = true;
    while (!server.isClosed()) {
      try (Socket socket = server.accept()) {
        BufferedReader in =
            new BufferedReader(
                new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
        for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
          if (first && line.regionMatches(true, 0, "x-", 0, 2)) {
            seen.add(line);
          }
        }
        first = false;
        recorded.countDown();
        socket
            .getOutputStream()
            .write(
                "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.ISO_8859_1));
      } catch (IOException e) {
        return; // the server socket was closed at the end of the test
      }
    }
  }

  private GitHttpConfig ours(GitCli git, Path file, String url) {
    GitCli.Result list = git.run(tmp, null, "config", "-f", file.toString(), "-z", "--list");
    return GitHttpConfig.forUrl(
        GitConfigList.parse(list.stdout().getBytes(StandardCharsets.UTF_8)), url);
  }

  /** Writes one section per entry so the file keeps the entries' order. */
  private Path writeConfig(List<String> entries) throws IOException {
    StringBuilder text = new StringBuilder();
    for (String entry : entries) {
      int bar = entry.indexOf('|');
      int eq = entry.indexOf('=');
      String section = bar < 0 ? "[http]" : "[http \"" + entry.substring(0, bar) + "\"]";
      String value = entry.substring(eq + 1);
      text.append(section)
          .append("\n\t")
          .append(entry, bar + 1, eq)
          .append(" = \"")
          .append(value)
          .append("\"\n");
    }
    Path file = Files.createTempFile(tmp, "config", "");
    Files.writeString(file, text);
    return file;
  }

  @Test
  void N5_toStringShowsNoValues() {
    GitConfigList list =
        GitConfigList.of(
            List.of(new GitConfigList.Entry("http.extraheader", "Authorization: secret-x")));

    assertFalse(GitHttpConfig.forUrl(list, REMOTE).toString().contains("secret-x"));
  }
}
