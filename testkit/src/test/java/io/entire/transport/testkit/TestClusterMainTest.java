package io.entire.transport.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.ConnectException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@link TestClusterMain} as scripts use it: a separate JVM. */
@Timeout(60)
class TestClusterMainTest {

  @TempDir Path work;

  static Process launch(List<String> jvmOptions, String... args) throws Exception {
    Path classes =
        Path.of(TestClusterMain.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    command.add("-cp");
    command.add(classes.toString());
    command.add(TestClusterMain.class.getName());
    command.addAll(List.of(args));
    return new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
  }

  static List<String> readLines(Process process, int count) throws Exception {
    BufferedReader reader =
        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String line = reader.readLine();
      if (line == null) {
        throw new AssertionError("TestClusterMain ended after " + lines);
      }
      lines.add(line);
    }
    return lines;
  }

  @Test
  void printsServersWritesPortFileAndStopsAtEndOfStdin() throws Exception {
    Path portFile = work.resolve("run/ports.txt");
    Path root = work.resolve("repos");
    Process process =
        launch(
            List.of(),
            "--replicas",
            "2",
            "--repo",
            "et/org/repo",
            "--empty-repo",
            "e/f",
            "--root",
            root.toString(),
            "--port-file",
            portFile.toString());
    try {
      List<String> lines = readLines(process, 3);

      assertTrue(lines.get(0).matches("entry http://127\\.0\\.0\\.1:\\d+"), lines.toString());
      assertTrue(lines.get(1).matches("replica-0 http://127\\.0\\.0\\.1:\\d+"), lines.toString());
      assertTrue(lines.get(2).matches("replica-1 http://127\\.0\\.0\\.1:\\d+"), lines.toString());
      assertEquals(String.join("\n", lines) + "\n", Files.readString(portFile));
      String replica = lines.get(1).split(" ")[1];
      assertEquals(200, Http.get(Http.infoRefs(replica, "et/org/repo")).statusCode());
      assertEquals(200, Http.get(Http.infoRefs(replica, "e/f")).statusCode());

      process.getOutputStream().close();

      assertTrue(process.waitFor(20, TimeUnit.SECONDS), "did not stop at end of stdin");
      assertEquals(0, process.exitValue());
      assertThrows(ConnectException.class, () -> Http.get(Http.infoRefs(replica, "et/org/repo")));
      assertTrue(BareRepositories.isBareRepository(root.resolve("et/org/repo")), "root kept");
    } finally {
      process.destroyForcibly();
    }
  }

  @Test
  void stopsOnSigtermWithoutStdin() throws Exception {
    Process process = launch(List.of(), "--replicas", "1", "--no-stdin", "--bearer", "t");
    try {
      List<String> lines = readLines(process, 2);
      String replica = lines.get(1).split(" ")[1];
      assertEquals(401, Http.get(replica + "/").statusCode());

      process.destroy(); // SIGTERM

      assertTrue(process.waitFor(20, TimeUnit.SECONDS), "did not stop on SIGTERM");
      assertThrows(ConnectException.class, () -> Http.get(URI.create(replica).toString()));
    } finally {
      process.destroyForcibly();
    }
  }

  @Test
  void rejectsUnknownOptions() throws Exception {
    Process process = launch(List.of(), "--bogus");
    assertTrue(process.waitFor(20, TimeUnit.SECONDS));
    assertEquals(2, process.exitValue());
  }
}
