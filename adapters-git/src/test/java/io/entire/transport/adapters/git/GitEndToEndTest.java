package io.entire.transport.adapters.git;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real git driving the real helper end to end: {@code git-remote-testentire} on {@code PATH} starts
 * a JVM running {@link TestHelperMain}, so {@code git clone testentire::<path>} speaks git's
 * remote-helper protocol to our command loop (G2–G6, G12). No HTTP: the transport runs git's
 * stateless server side on a local bare repository.
 */
class GitEndToEndTest {
  @TempDir Path tmp;
  private GitCli git;
  private Path server;
  private Path log;
  private String url;

  @BeforeEach
  void setUp() throws IOException {
    Path bin = Files.createDirectories(tmp.resolve("bin"));
    Path helper = bin.resolve("git-remote-testentire");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Files.writeString(
        helper,
        "#!/bin/sh\nexec '"
            + java
            + "' -Xshare:auto -XX:TieredStopAtLevel=1 -XX:+UseSerialGC $TESTENTIRE_JAVA_OPTS"
            + " -cp '"
            + System.getProperty("java.class.path")
            + "' "
            + TestHelperMain.class.getName()
            + " \"$@\"\n");
    assertTrue(helper.toFile().setExecutable(true));
    log = tmp.resolve("transport.log");
    git =
        new GitCli(tmp.resolve("home"))
            .with("PATH", bin + ":" + System.getenv("PATH"))
            .with("TESTENTIRE_LOG", log.toString());
    server = tmp.resolve("server.git");
    git.git(tmp, "init", "-q", "--bare", "-b", "main", server.toString());
    git.commits(server, "main", "c", 3, false);
    url = "testentire::" + server;
  }

  private List<String> transportLog() throws IOException {
    return Files.exists(log) ? Files.readAllLines(log) : List.of();
  }

  private String rev(Path repo, String rev) {
    return git.git(repo, "rev-parse", rev).trim();
  }

  @Test
  void g4CloneWithProtocolV2GoesThroughStatelessConnect() throws IOException {
    git.git(tmp, "clone", "-q", url, "clone");
    Path clone = tmp.resolve("clone");
    assertEquals(rev(server, "main"), rev(clone, "HEAD"));
    assertTrue(Files.exists(clone.resolve("c-3.txt")));
    List<String> calls = transportLog();
    assertTrue(calls.get(0).startsWith("GET-v2 git-upload-pack"), calls.toString());
    assertTrue(
        calls.stream()
            .filter(c -> c.startsWith("POST"))
            .allMatch(c -> c.contains("protocol=version=2")),
        calls.toString());
    assertTrue(calls.stream().noneMatch(c -> c.startsWith("GET ")), "no v0 discovery: " + calls);
  }

  @Test
  void g5CloneWithProtocolV0GoesThroughListAndFetchPack() throws IOException {
    git.git(tmp, "-c", "protocol.version=0", "clone", "-q", url, "clone");
    Path clone = tmp.resolve("clone");
    assertEquals(rev(server, "main"), rev(clone, "HEAD"));
    assertEquals("main", git.git(clone, "symbolic-ref", "--short", "HEAD").trim());
    List<String> calls = transportLog();
    assertTrue(calls.get(0).startsWith("GET git-upload-pack"), calls.toString());
    assertTrue(calls.stream().anyMatch(c -> c.startsWith("POST git-upload-pack protocol=null")));
  }

  @Test
  void g4FallbackToV0WhenTheServerDoesNotSpeakV2() throws IOException {
    GitCli oldServer = git.with("TESTENTIRE_V0_ONLY", "1");
    oldServer.git(tmp, "clone", "-q", url, "clone");
    assertEquals(rev(server, "main"), rev(tmp.resolve("clone"), "HEAD"));
    List<String> calls = transportLog();
    assertTrue(calls.get(0).startsWith("GET-v2 git-upload-pack"), calls.toString());
    assertTrue(calls.stream().noneMatch(c -> c.startsWith("GET ")), "v0 answer reused: " + calls);
    assertTrue(calls.stream().anyMatch(c -> c.startsWith("POST git-upload-pack protocol=null")));
  }

  @Test
  void g6PushThenRejectedAndRemoteRejectedPushes() throws IOException {
    git.git(tmp, "clone", "-q", url, "a");
    git.git(tmp, "clone", "-q", url, "b");
    Path a = tmp.resolve("a");
    Path b = tmp.resolve("b");
    git.commits(a, "main", "from-a", 1, true);
    Files.deleteIfExists(log);
    GitCli.Result pushed = git.run(a, null, "push", "origin", "main");
    assertEquals(0, pushed.exitCode(), pushed.stderr());
    assertEquals(rev(a, "main"), rev(server, "main"));
    List<String> calls = transportLog();
    assertTrue(calls.get(0).startsWith("GET git-receive-pack"), calls.toString());
    String post =
        calls.stream().filter(c -> c.startsWith("POST git-receive-pack")).findFirst().orElseThrow();
    String length = post.substring(post.indexOf("length=") + 7);
    assertTrue(post.contains("push-size=" + length + " "), post);

    git.commits(b, "main", "from-b", 1, true);
    GitCli.Result rejected = git.run(b, null, "push", "origin", "main");
    assertNotEquals(0, rejected.exitCode());
    assertTrue(rejected.stderr().contains("! [rejected]"), rejected.stderr());
    assertTrue(rejected.stderr().contains("main -> main"), rejected.stderr());

    git.git(server, "config", "receive.denyNonFastForwards", "true");
    GitCli.Result remoteRejected = git.run(b, null, "push", "--force", "origin", "main");
    assertNotEquals(0, remoteRejected.exitCode());
    assertTrue(
        remoteRejected.stderr().contains("! [remote rejected] main -> main"),
        remoteRejected.stderr());
    assertFalse(remoteRejected.stderr().contains("fatal:"), remoteRejected.stderr());
    assertEquals(rev(a, "main"), rev(server, "main"));
  }

  @Test
  void g5ShallowCloneThenDeepenWithProtocolV0() {
    shallowCloneThenDeepen("0");
  }

  @Test
  void g4ShallowCloneThenDeepenWithProtocolV2() {
    shallowCloneThenDeepen("2");
  }

  private void shallowCloneThenDeepen(String version) {
    String protocol = "protocol.version=" + version;
    git.git(tmp, "-c", protocol, "clone", "-q", "--depth", "1", url, "shallow");
    Path clone = tmp.resolve("shallow");
    assertEquals("1", git.git(clone, "rev-list", "--count", "HEAD").trim());
    git.git(clone, "-c", protocol, "fetch", "-q", "--deepen", "1");
    assertEquals("2", git.git(clone, "rev-list", "--count", "origin/main").trim());
  }

  @Test
  void g12PushOfAPackSeveralTimesLargerThanTheHeapSucceeds() throws IOException {
    git.git(tmp, "clone", "-q", url, "big");
    Path clone = tmp.resolve("big");
    byte[] chunk = new byte[1 << 20];
    Random random = new Random(7);
    try (var out = Files.newOutputStream(clone.resolve("big.bin"))) {
      for (int i = 0; i < 64; i++) {
        random.nextBytes(chunk);
        out.write(chunk);
      }
    }
    git.git(clone, "config", "core.compression", "0");
    git.git(clone, "add", "big.bin");
    git.git(clone, "commit", "-q", "-m", "64 MiB");
    git.git(server, "config", "receive.unpackLimit", "1");
    Files.deleteIfExists(log);
    GitCli.Result pushed =
        git.with("TESTENTIRE_JAVA_OPTS", "-Xmx16m")
            .with("TESTENTIRE_SPOOL", Files.createDirectories(tmp.resolve("spool")).toString())
            .run(clone, null, "push", "-q", "origin", "main");
    assertEquals(0, pushed.exitCode(), pushed.stderr());
    assertEquals(rev(clone, "main"), rev(server, "main"));
    String post =
        transportLog().stream()
            .filter(c -> c.startsWith("POST git-receive-pack"))
            .findFirst()
            .orElseThrow();
    long length = Long.parseLong(post.substring(post.indexOf("length=") + 7));
    assertTrue(
        length > 64L << 20, "G12: a pack of " + length + " bytes went through a 16 MiB heap");
  }
}
