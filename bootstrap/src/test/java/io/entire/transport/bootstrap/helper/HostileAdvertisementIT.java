package io.entire.transport.bootstrap.helper;

import static io.entire.transport.bootstrap.helper.GitRun.mustSucceed;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built helper and real git against a hostile info/refs (hardening_1, hardening_5): a ref name
 * that carries helper-protocol lines must not reach git (G3, G5), and an endless or gzip-bomb
 * advertisement must end in a clear error at the limit, not in an out-of-memory death.
 */
class HostileAdvertisementIT {
  private static final String REPO_PATH = "/et/org/repo";
  private static final String A = "1".repeat(40);
  private static final String B = "2".repeat(40);
  private static final String CAPS =
      "multi_ack_detailed side-band-64k thin-pack ofs-delta no-progress object-format=sha1"
          + " agent=hostile/1";

  /** Small enough that the old code's readAllBytes of a bomb dies, roomy for a 64 MiB limit. */
  private static final Map<String, String> SMALL_HEAP = Map.of("JAVA_OPTS", "-Xmx160m");

  @TempDir Path temp;
  private HelperSandbox sandbox;
  private HostileHttpServer server;
  private Path repo;

  @BeforeEach
  void sandbox() {
    sandbox = new HelperSandbox(temp.resolve("sandbox"));
    mustSucceed(sandbox.git("init", "-q", "repo"));
    repo = sandbox.work().resolve("repo");
  }

  @AfterEach
  void stopServer() {
    if (server != null) {
      server.close();
    }
  }

  private String url() {
    return "entire::" + server.url() + REPO_PATH;
  }

  /** A v0 advertisement whose second ref name ends git's list and adds a {@code lock} line. */
  private static byte[] lockInjection(String service, Path victim) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(HostileHttpServer.pktLine("# service=" + service + "\n"));
    out.writeBytes("0000".getBytes(StandardCharsets.US_ASCII));
    out.writeBytes(HostileHttpServer.pktLine(A + " refs/heads/main\0" + CAPS + "\n"));
    out.writeBytes(HostileHttpServer.pktLine(B + " refs/heads/zz\n\nx\nlock " + victim + "\n"));
    out.writeBytes("0000".getBytes(StandardCharsets.US_ASCII));
    return out.toByteArray();
  }

  private void serveLockInjection(Path victim) {
    server =
        new HostileHttpServer(
            (request, out) -> {
              if (request.line().startsWith("GET ")
                  && request.line().contains("/info/refs?service=")) {
                String service =
                    request.line().contains("git-receive-pack")
                        ? "git-receive-pack"
                        : "git-upload-pack";
                HostileHttpServer.respond(
                    out,
                    "application/x-" + service + "-advertisement",
                    "",
                    lockInjection(service, victim));
              } else {
                // A fetch-pack request (only the unfixed helper gets this far): nothing useful.
                HostileHttpServer.respond(
                    out, "application/x-git-upload-pack-result", "", "0000".getBytes());
              }
            });
  }

  private static List<String> fatalLines(GitRun run) {
    return run.stderr().lines().filter(line -> line.startsWith("fatal:")).toList();
  }

  private void assertRefusedByName(GitRun run, Path victim) {
    assertTrue(Files.exists(victim), "the victim file survives: " + run.describe());
    assertNotEquals(0, run.exitCode(), run::describe);
    List<String> fatal = fatalLines(run);
    assertEquals(1, fatal.size(), run::describe);
    assertTrue(
        fatal.get(0).startsWith("fatal: invalid ref name \"refs/heads/zz\\n\\nx\\nlock "),
        run::describe);
    assertTrue(
        fatal.get(0).contains("in info/refs response of " + server.url() + REPO_PATH),
        run::describe);
    assertTrue(
        server.requestLines().stream().noneMatch(l -> l.startsWith("POST ")),
        "nothing was fetched from the hostile server: " + server.requestLines());
  }

  @Test
  void hardening_1_G3_G5_v0FetchRefusesARefNameThatWouldMakeGitDeleteAFile() throws IOException {
    Path victim = Files.writeString(temp.resolve("victim"), "precious\n");
    serveLockInjection(victim);

    GitRun fetch =
        sandbox.gitIn(repo, Map.of(), "-c", "protocol.version=0", "fetch", url(), "main");

    assertRefusedByName(fetch, victim);
  }

  @Test
  void hardening_1_G3_G4_v2FetchFallingBackToV0RefusesTheSameAdvertisement() throws IOException {
    Path victim = Files.writeString(temp.resolve("victim"), "precious\n");
    serveLockInjection(victim);

    GitRun fetch =
        sandbox.gitIn(repo, Map.of(), "-c", "protocol.version=2", "fetch", url(), "main");

    assertRefusedByName(fetch, victim);
  }

  @Test
  void hardening_1_G3_G6_pushRefusesTheSameAdvertisement() throws IOException {
    Path victim = Files.writeString(temp.resolve("victim"), "precious\n");
    serveLockInjection(victim);
    mustSucceed(sandbox.gitIn(repo, Map.of(), "commit", "-q", "--allow-empty", "-m", "c"));

    GitRun push = sandbox.gitIn(repo, Map.of(), "push", url(), "HEAD:refs/heads/main");

    assertRefusedByName(push, victim);
  }

  /** gzip of {@code bytes} zeros, made on the fly: about a thousandth of the size. */
  private static byte[] gzipBomb(long bytes) throws IOException {
    ByteArrayOutputStream compressed = new ByteArrayOutputStream();
    try (GZIPOutputStream gzip =
        new GZIPOutputStream(compressed, 64 * 1024) {
          {
            def.setLevel(Deflater.BEST_SPEED);
          }
        }) {
      byte[] zeros = new byte[1024 * 1024];
      for (long written = 0; written < bytes; written += zeros.length) {
        gzip.write(zeros);
      }
    }
    return compressed.toByteArray();
  }

  private void assertRefusedAtTheLimit(GitRun run) {
    assertNotEquals(0, run.exitCode(), run::describe);
    List<String> fatal = fatalLines(run);
    assertEquals(
        List.of(
            "fatal: info/refs response of " + server.url() + REPO_PATH + " is larger than 64 MiB"),
        fatal,
        run::describe);
    assertTrue(
        run.stderr().lines().noneMatch(l -> l.contains("OutOfMemory") || l.contains("memory")),
        run::describe);
  }

  @Test
  void hardening_5_gzipBombInfoRefsEndsAtTheLimitNotInOutOfMemory() throws IOException {
    byte[] bomb = gzipBomb(512L * 1024 * 1024);
    server =
        new HostileHttpServer(
            (request, out) ->
                HostileHttpServer.respond(
                    out,
                    "application/x-git-upload-pack-advertisement",
                    "Content-Encoding: gzip\r\n",
                    bomb));

    GitRun lsRemote = sandbox.gitIn(repo, SMALL_HEAP, "ls-remote", url());

    assertRefusedAtTheLimit(lsRemote);
  }

  @Test
  void hardening_5_endlessInfoRefsEndsAtTheLimitNotInOutOfMemory() {
    server = new HostileHttpServer((request, out) -> endlessAdvertisement(out));

    GitRun lsRemote = sandbox.gitIn(repo, SMALL_HEAP, "ls-remote", url());

    assertRefusedAtTheLimit(lsRemote);
  }

  /** Valid-looking ref lines in chunks until the client hangs up. */
  private static void endlessAdvertisement(OutputStream out) throws IOException {
    out.write(
        ("HTTP/1.1 200 OK\r\n"
                + "Content-Type: application/x-git-upload-pack-advertisement\r\n"
                + "Transfer-Encoding: chunked\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII));
    ByteArrayOutputStream chunk = new ByteArrayOutputStream();
    chunk.writeBytes(HostileHttpServer.pktLine("# service=git-upload-pack\n"));
    chunk.writeBytes("0000".getBytes(StandardCharsets.US_ASCII));
    chunk.writeBytes(HostileHttpServer.pktLine(A + " refs/heads/main\0" + CAPS + "\n"));
    byte[] first = chunk.toByteArray();
    chunk.reset();
    byte[] line = HostileHttpServer.pktLine(B + " refs/heads/more\n");
    while (chunk.size() < 64 * 1024) {
      chunk.writeBytes(line);
    }
    byte[] repeated = chunk.toByteArray();
    writeChunk(out, first);
    while (true) {
      writeChunk(out, repeated); // ends with an IOException when the helper hangs up
    }
  }

  private static void writeChunk(OutputStream out, byte[] data) throws IOException {
    out.write((Integer.toHexString(data.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
    out.write(data);
    out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
  }
}
