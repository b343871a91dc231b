package io.entire.transport.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@link TestClusterMain} as scripts use it: a separate JVM. */
@Timeout(60)
class TestClusterMainTest {

  @TempDir Path work;

  static Process launch(List<String> jvmOptions, String... args) throws Exception {
    // the testkit and BouncyCastle (https only): a plain cluster must run without the latter
    boolean https = List.of(args).contains("--https") || List.of(args).contains("--client-cert");
    List<String> classpath = new ArrayList<>(List.of(location(TestClusterMain.class)));
    if (https) {
      classpath.add(location(org.bouncycastle.jce.provider.BouncyCastleProvider.class));
      classpath.add(location(org.bouncycastle.openssl.jcajce.JcaPEMWriter.class));
      classpath.add(location(org.bouncycastle.asn1.bsi.BSIObjectIdentifiers.class));
    }
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmOptions);
    command.add("-cp");
    command.add(String.join(java.io.File.pathSeparator, classpath));
    command.add(TestClusterMain.class.getName());
    command.addAll(List.of(args));
    return new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
  }

  private static String location(Class<?> type) throws Exception {
    return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
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
  void N3_httpsWithClientCertificatesAndAProxyServeRealGitAcrossProcesses() throws Exception {
    // the child's proxy resolves r0.cluster.test, so the child needs the names at JVM start
    Path hosts = LoopbackNames.writeHostsFile(work.resolve("hosts"));
    Process process =
        launch(
            List.of(LoopbackNames.jvmOption(hosts)),
            "--replicas",
            "1",
            "--repo",
            "et/org/repo",
            "--client-cert",
            "--names",
            "--proxy-basic",
            "alice:pw-1234",
            "--no-stdin");
    try {
      Map<String, String> lines = new LinkedHashMap<>();
      for (String line : readLines(process, 7)) {
        lines.put(line.split(" ")[0], line.split(" ")[1]);
      }
      assertEquals(
          List.of(
              "entry", "replica-0", "hosts-file", "ca-file", "client-cert", "client-key", "proxy"),
          List.copyOf(lines.keySet()));
      String replica = lines.get("replica-0");
      assertTrue(replica.matches("https://r0\\.cluster\\.test:\\d+"), replica);
      assertTrue(
          lines.get("proxy").matches("http://alice:pw-1234@127\\.0\\.0\\.1:\\d+"),
          lines.get("proxy"));
      assertEquals(
          LoopbackNames.hostsFileContent(), Files.readString(Path.of(lines.get("hosts-file"))));
      try (IsolatedGit git = IsolatedGit.create()) {
        IsolatedGit trusting = git.withEnv("GIT_SSL_CAINFO", lines.get("ca-file"));
        String[] throughProxy = {
          "-c", "http.proxy=" + lines.get("proxy"), "ls-remote", replica + "/et/org/repo"
        };

        IsolatedGit.Result withoutCertificate = trusting.run(work, throughProxy);
        IsolatedGit.Result withCertificate =
            trusting
                .withEnv("GIT_SSL_CERT", lines.get("client-cert"))
                .withEnv("GIT_SSL_KEY", lines.get("client-key"))
                .run(work, throughProxy);

        assertFalse(withoutCertificate.ok(), withoutCertificate.stdout());
        assertTrue(withCertificate.ok(), withCertificate.stderr());
        assertTrue(withCertificate.stdout().contains("refs/heads/main"), withCertificate.stdout());
      }
    } finally {
      process.destroy();
      assertTrue(process.waitFor(20, TimeUnit.SECONDS), "did not stop on SIGTERM");
    }
  }

  @Test
  void rejectsUnknownOptions() throws Exception {
    Process process = launch(List.of(), "--bogus");
    assertTrue(process.waitFor(20, TimeUnit.SECONDS));
    assertEquals(2, process.exitValue());
  }
}
