package io.entire.transport.adapters.git;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.entire.transport.domain.GitService;
import io.entire.transport.domain.TransportException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The helper in-process, driven the way git drives it, against real git: the transport runs git's
 * stateless server side on a bare repository, and the helper runs the real {@code git
 * fetch-pack}/{@code git send-pack} (G3–G6, G12).
 */
class RemoteHelperGitIntegrationTest {
  @TempDir Path tmp;
  private GitCli git;
  private Path server;
  private Path client;

  @BeforeEach
  void repositories() throws IOException {
    git = new GitCli(tmp.resolve("home"));
    server = tmp.resolve("server.git");
    git.git(tmp, "init", "-q", "--bare", "-b", "main", server.toString());
    git.commits(server, "main", "base", 3, false);
    client = tmp.resolve("client");
    git.git(tmp, "init", "-q", "-b", "main", client.toString());
  }

  private LocalGitTransport transport() {
    return new LocalGitTransport(server, git.environment());
  }

  private GitProcessLauncher launcherInClient() {
    Map<String, String> env = new HashMap<>(git.environment());
    env.put("GIT_DIR", client.resolve(".git").toString());
    return GitProcessLauncher.system(client, env);
  }

  private HelperRun drive(LocalGitTransport transport, String commands) {
    return HelperRun.run(
        transport, commands.getBytes(StandardCharsets.UTF_8), launcherInClient(), tmp);
  }

  private String serverOid(String ref) {
    return git.git(server, "rev-parse", ref).trim();
  }

  @Test
  void g3ListShowsTheServersRefsWithHeadAsSymref() {
    HelperRun run = drive(transport(), "option object-format true\nlist\n\n");
    assertNull(run.failure);
    String main = serverOid("main");
    assertEquals(
        "ok\n:object-format sha1\n@refs/heads/main HEAD\n" + main + " refs/heads/main\n\n",
        run.out());
  }

  @Test
  void g5FetchRunsFetchPackAndReportsLockAndConnectivity() {
    // Keep the pack (index-pack) so fetch-pack reports a lock file and connectivity.
    git.git(client, "config", "fetch.unpackLimit", "1");
    String main = serverOid("main");
    LocalGitTransport transport = transport();
    HelperRun run =
        drive(
            transport,
            "option check-connectivity true\n"
                + "option cloning true\n"
                + "option progress false\n"
                + "list\n"
                + "fetch "
                + main
                + " refs/heads/main\n\n"
                + "\n");
    assertNull(run.failure, () -> run.failure.getMessage() + "\n" + run.stderr);
    String[] answers = run.out().split("\n", -1);
    assertEquals("ok", answers[0]);
    String fetchAnswer = run.out().substring(run.out().indexOf(main + " refs/heads/main\n\n") + 58);
    assertTrue(fetchAnswer.matches("(?s)lock .*\\.keep\nconnectivity-ok\n\n"), fetchAnswer);
    assertEquals("3", git.git(client, "rev-list", "--count", main).trim());
    List<LocalGitTransport.Call> posts = transport.posts(GitService.UPLOAD_PACK);
    assertEquals(1, posts.size());
    assertNull(posts.get(0).header("Git-Protocol"), "v0 requests carry no protocol header");
    String body = new String(posts.get(0).body(), StandardCharsets.ISO_8859_1);
    assertTrue(body.startsWith("0") && body.contains("want " + main), "unwrapped request: " + body);
    assertTrue(body.endsWith("0009done\n"), body);
  }

  @Test
  void g5ProtocolV1AdvertisementIsUnderstoodAndItsVersionIsSentWithEachPost() {
    String main = serverOid("main");
    LocalGitTransport transport = transport().version1(true);
    HelperRun run = drive(transport, "list\nfetch " + main + " refs/heads/main\n\n\n");
    assertNull(run.failure, () -> run.failure.getMessage() + "\n" + run.stderr);
    assertTrue(run.out().startsWith("@refs/heads/main HEAD\n" + main + " refs/heads/main\n\n"));
    assertEquals("3", git.git(client, "rev-list", "--count", main).trim());
    assertEquals(
        "version=1", transport.posts(GitService.UPLOAD_PACK).get(0).header("Git-Protocol"));
  }

  @Test
  void g5NegotiationOverSeveralRoundsWorks() {
    git.git(client, "fetch", "-q", server.toString(), "main:refs/remotes/origin/main");
    git.git(client, "branch", "local", "refs/remotes/origin/main");
    git.commits(client, "local", "local", 100, true);
    git.commits(server, "main", "server", 2, true);
    String main = serverOid("main");
    LocalGitTransport transport = transport();
    HelperRun run = drive(transport, "list\nfetch " + main + " refs/heads/main\n\n\n");
    assertNull(run.failure, () -> run.failure.getMessage() + "\n" + run.stderr);
    assertTrue(run.out().endsWith(" refs/heads/main\n\n\n"), run.out());
    int rounds = transport.posts(GitService.UPLOAD_PACK).size();
    assertTrue(rounds >= 3, "expected a multi-round negotiation, got " + rounds + " POSTs");
    assertEquals("5", git.git(client, "rev-list", "--count", main).trim());
    String last =
        new String(
            transport.posts(GitService.UPLOAD_PACK).get(rounds - 1).body(),
            StandardCharsets.ISO_8859_1);
    assertTrue(last.contains("have "), "haves are sent: " + last);
  }

  @Test
  void g5ShallowFetchThenDeepen() {
    git.commits(server, "main", "more", 3, true);
    String main = serverOid("main");
    HelperRun shallow =
        drive(transport(), "option depth 1\nlist\nfetch " + main + " refs/heads/main\n\n\n");
    assertNull(shallow.failure, () -> shallow.failure.getMessage() + "\n" + shallow.stderr);
    git.git(client, "update-ref", "refs/heads/main", main);
    assertEquals("1", git.git(client, "rev-list", "--count", main).trim());
    assertTrue(Files.exists(client.resolve(".git/shallow")));

    HelperRun deepen =
        drive(
            transport(),
            "option depth 2\noption deepen-relative true\nlist\nfetch "
                + main
                + " refs/heads/main\n\n\n");
    assertNull(deepen.failure, () -> deepen.failure.getMessage() + "\n" + deepen.stderr);
    assertEquals("3", git.git(client, "rev-list", "--count", main).trim());
  }

  @Test
  void g5FetchPackFailureIsReportedByFetchPackAndEndsWithout128BlankLine() {
    HelperRun run =
        drive(transport(), "list\nfetch " + serverOid("main") + " refs/heads/missing\n\n");
    assertNull(run.failure);
    assertEquals(RemoteHelper.EXIT_ALREADY_REPORTED, run.exitCode);
    assertTrue(run.stderr.contains("refs/heads/missing"), run.stderr);
    assertFalse(run.out().endsWith("\n\n\n"), "no blank line after a failed fetch: " + run.out());
  }

  @Test
  void g8TransportFailureDuringFetchIsFatalWithItsMessage() {
    LocalGitTransport transport =
        transport().failPosts(new TransportException("all 2 nodes failed"));
    HelperRun run = drive(transport, "list\nfetch " + serverOid("main") + " refs/heads/main\n\n");
    assertNotNull(run.failure);
    assertEquals("all 2 nodes failed", run.failure.getMessage());
  }

  private void clientCommitsOnTopOfServer(int count) {
    git.git(client, "fetch", "-q", "--update-head-ok", server.toString(), "main:main");
    git.commits(client, "main", "pushed", count, true);
  }

  @Test
  void g6PushBridgesSendPackOntoOneReceivePackPostWithPushSize() {
    clientCommitsOnTopOfServer(2);
    String pushed = git.git(client, "rev-parse", "main").trim();
    LocalGitTransport transport = transport();
    HelperRun run = drive(transport, "list for-push\npush refs/heads/main:refs/heads/main\n\n\n");
    assertNull(run.failure, () -> run.failure.getMessage() + "\n" + run.stderr);
    assertEquals(RemoteHelper.EXIT_OK, run.exitCode);
    assertTrue(run.out().endsWith("\nok refs/heads/main\n\n"), run.out());
    assertEquals(pushed, serverOid("main"));
    List<LocalGitTransport.Call> posts = transport.posts(GitService.RECEIVE_PACK);
    assertEquals(1, posts.size());
    assertEquals(
        Long.toString(posts.get(0).bodyLength()), posts.get(0).header("X-Entire-Push-Size"));
    String body = new String(posts.get(0).body(), StandardCharsets.ISO_8859_1);
    assertTrue(body.contains("refs/heads/main\0"), "commands with capabilities");
    assertTrue(body.contains("PACK"), "pack data follows");
  }

  @Test
  void g6RemoteRejectionIsRelayedAndTheHelperEndsAsGitsDoes() throws IOException {
    Path hook = server.resolve("hooks/pre-receive");
    Files.writeString(hook, "#!/bin/sh\necho 'policy says no' >&2\nexit 1\n");
    hook.toFile().setExecutable(true);
    clientCommitsOnTopOfServer(1);
    String before = serverOid("main");
    HelperRun run = drive(transport(), "list for-push\npush refs/heads/main:refs/heads/main\n\n\n");
    assertNull(run.failure);
    assertEquals(RemoteHelper.EXIT_ALREADY_REPORTED, run.exitCode);
    assertTrue(
        run.out().endsWith("\nerror refs/heads/main pre-receive hook declined\n\n"), run.out());
    assertEquals(before, serverOid("main"));
  }

  @Test
  void g6DryRunSendsNothing() {
    clientCommitsOnTopOfServer(1);
    LocalGitTransport transport = transport();
    HelperRun run =
        drive(
            transport,
            "option dry-run true\nlist for-push\npush refs/heads/main:refs/heads/main\n\n\n");
    assertNull(run.failure, () -> run.failure.getMessage() + "\n" + run.stderr);
    assertTrue(run.out().endsWith("\nok refs/heads/main\n\n"), run.out());
    assertEquals(List.of(), transport.posts(GitService.RECEIVE_PACK));
  }

  @Test
  void g12LargePushIsSpooledToDiskAndTheSpoolFileIsRemoved() throws IOException {
    git.git(client, "fetch", "-q", "--update-head-ok", server.toString(), "main:main");
    byte[] noise = new byte[3 << 20];
    new Random(42).nextBytes(noise);
    Files.write(client.resolve("noise.bin"), noise);
    git.git(client, "add", "noise.bin");
    git.git(client, "-c", "core.compression=0", "commit", "-q", "-m", "big");
    Path spool = Files.createDirectories(tmp.resolve("spool"));
    AtomicLong filesDuringPost = new AtomicLong(-1);
    AtomicLong unlinkedSpoolsDuringPost = new AtomicLong(-1);
    LocalGitTransport transport =
        transport()
            .inspectBodies(
                body -> {
                  filesDuringPost.set(countFiles(spool));
                  unlinkedSpoolsDuringPost.set(openUnlinkedSpoolFiles(spool));
                });
    HelperRun run =
        HelperRun.run(
            transport,
            "list for-push\npush refs/heads/main:refs/heads/main\n\n\n"
                .getBytes(StandardCharsets.UTF_8),
            launcherInClient(),
            spool);
    assertNull(run.failure, () -> run.failure.getMessage() + "\n" + run.stderr);
    assertTrue(run.out().endsWith("ok refs/heads/main\n\n"), run.out());
    long length = transport.posts(GitService.RECEIVE_PACK).get(0).bodyLength();
    assertTrue(length > 3 << 20, "the pack is in the body: " + length);
    assertEquals(
        0, filesDuringPost.get(), "hardening_7: the spool file has no name to leave behind");
    assertEquals(
        1, unlinkedSpoolsDuringPost.get(), "G12: the body was spooled to an (unlinked) file");
    assertEquals(0, countFiles(spool), "nothing in the spool dir after the POST");
    assertEquals(0, openUnlinkedSpoolFiles(spool), "the spool file is closed after the POST");
    assertEquals(git.git(client, "rev-parse", "main"), git.git(server, "rev-parse", "main"));
  }

  @Test
  void g4StatelessConnectWithRealUploadPackV2() throws IOException {
    ByteArrayOutputStream stdin = new ByteArrayOutputStream();
    stdin.writeBytes("stateless-connect git-upload-pack\n".getBytes(StandardCharsets.UTF_8));
    stdin.writeBytes(
        Wire.of(
                "command=ls-refs\n",
                "agent=test\n",
                "0001",
                "symrefs\n",
                "ref-prefix refs/heads/\n",
                "ref-prefix HEAD\n",
                "0000")
            .bytes());
    LocalGitTransport transport = transport().serviceSectionOnV2(true);
    HelperRun run = HelperRun.run(transport, stdin.toByteArray(), launcherInClient(), tmp);
    assertNull(run.failure, () -> run.failure.getMessage());
    String out = run.out();
    assertTrue(out.startsWith("\n000eversion 2\n"), out);
    String main = serverOid("main");
    assertTrue(
        out.endsWith(
            new Wire()
                    .lines(
                        main + " HEAD symref-target:refs/heads/main\n",
                        main + " refs/heads/main\n",
                        "0000")
                    .string()
                + "0002"),
        out);
    assertEquals(
        "version=2", transport.posts(GitService.UPLOAD_PACK).get(0).header("Git-Protocol"));
  }

  /** Linux: open files of this JVM that were spooled in {@code dir} and have been unlinked. */
  private static long openUnlinkedSpoolFiles(Path dir) {
    Path prefix = dir.resolve("entire-body-");
    try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
      return fds.map(RemoteHelperGitIntegrationTest::linkTarget)
          .filter(t -> t.startsWith(prefix.toString()) && t.endsWith(" (deleted)"))
          .count();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String linkTarget(Path fd) {
    try {
      return Files.readSymbolicLink(fd).toString();
    } catch (IOException e) {
      return ""; // closed meanwhile
    }
  }

  private static long countFiles(Path dir) {
    try (Stream<Path> files = Files.list(dir)) {
      return files.count();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
