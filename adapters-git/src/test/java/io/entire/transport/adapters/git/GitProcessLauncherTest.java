package io.entire.transport.adapters.git;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The system launcher runs git with the helper's environment, minus the token. */
class GitProcessLauncherTest {
  @TempDir Path tmp;

  /** Prints the environment a launched git process sees; run in a child JVM by the test. */
  public static final class Probe {
    private Probe() {}

    /** Runs {@code env} through the system launcher and copies its output to stdout. */
    public static void main(String[] args) throws Exception {
      Process p = GitProcessLauncher.system().start(List.of("-c", "alias.showenv=!env", "showenv"));
      p.getOutputStream().close();
      p.getInputStream().transferTo(System.out);
      System.exit(p.waitFor());
    }
  }

  @Test
  void theTokenIsNotPassedToGitSubprocessesButTheRestOfTheEnvironmentIs() throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder builder =
        new ProcessBuilder(
            java,
            "-Xshare:auto",
            "-XX:TieredStopAtLevel=1",
            "-cp",
            System.getProperty("java.class.path"),
            Probe.class.getName());
    builder.environment().put("ENTIRE_TOKEN", "s3cr3t-token");
    builder.environment().put("GIT_DIR", tmp.toString());
    builder.environment().put("GIT_CONFIG_NOSYSTEM", "1");
    builder.environment().put("HOME", tmp.toString());
    Process probe = builder.redirectErrorStream(true).start();
    String env = new String(probe.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, probe.waitFor(), env);
    assertFalse(env.contains("s3cr3t-token"), "ENTIRE_TOKEN must be withheld");
    assertTrue(env.contains("GIT_DIR=" + tmp), "the rest is inherited, GIT_DIR included");
  }

  @Test
  void extraEnvironmentAndWorkingDirectoryAreApplied() throws IOException, InterruptedException {
    Process p =
        GitProcessLauncher.system(tmp, Map.of("PROBE_VALUE", "42", "HOME", tmp.toString()))
            .start(List.of("-c", "alias.showenv=!env; pwd", "showenv"));
    p.getOutputStream().close();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, p.waitFor());
    assertTrue(out.contains("PROBE_VALUE=42"), out);
    assertTrue(out.contains(tmp.toRealPath().toString()), out);
  }
}
