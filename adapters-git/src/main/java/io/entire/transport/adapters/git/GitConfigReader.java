package io.entire.transport.adapters.git;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;

/**
 * Reads git's configuration with one {@code git config -z --list} (N5: at most one git process per
 * invocation; the URL matching is {@link GitHttpConfig}'s). Run in the helper's environment, git
 * sees what it would see itself: system, global and repository files, {@code -c} options and {@code
 * GIT_CONFIG_*} variables.
 *
 * <p>Thread-safe if the launcher is.
 *
 * @since 0.2
 */
public final class GitConfigReader {
  private final GitProcessLauncher launcher;

  /**
   * Creates a reader.
   *
   * @param launcher starts git, e.g. {@link GitProcessLauncher#system()}
   */
  public GitConfigReader(GitProcessLauncher launcher) {
    this.launcher = Objects.requireNonNull(launcher, "launcher");
  }

  /**
   * Runs {@code git config -z --list} and parses its output.
   *
   * @return the configuration in git's order
   * @throws IOException when git cannot be started, fails (the message has git's own error, such as
   *     a syntax error in a config file), or prints something that is not a config list
   * @throws InterruptedException when interrupted while waiting for git; git is then killed
   */
  public GitConfigList read() throws IOException, InterruptedException {
    Process git = launcher.start(List.of("config", "-z", "--list"));
    try {
      git.getOutputStream().close();
      // stderr drains on its own thread: read after stdout, a git that fills the stderr pipe
      // while we wait on stdout would block both processes.
      StderrDrain errorsDrain = new StderrDrain(git.getErrorStream());
      errorsDrain.start();
      byte[] output = readAll(git.getInputStream());
      int exit = git.waitFor();
      errorsDrain.join();
      byte[] errors = errorsDrain.bytes;
      if (exit != 0) {
        throw new IOException(
            "git config --list failed with exit code "
                + exit
                + ": "
                + new String(errors, StandardCharsets.UTF_8).strip());
      }
      return GitConfigList.parse(output);
    } catch (IllegalArgumentException e) {
      throw new IOException(e.getMessage(), e);
    } finally {
      git.destroy();
    }
  }

  /** Reads git's stderr to its end beside the stdout reader. */
  private static final class StderrDrain extends Thread {
    private final InputStream in;
    private volatile byte[] bytes = new byte[0];

    StderrDrain(InputStream in) {
      super("git-config-stderr");
      setDaemon(true);
      this.in = in;
    }

    @Override
    public void run() {
      try {
        bytes = readAll(in);
      } catch (IOException e) {
        // git's message is lost, not its exit code: the caller still reports the failure.
      }
    }
  }

  /** Reads a stream to its end; a stream the launcher did not pipe reads as empty. */
  private static byte[] readAll(InputStream in) throws IOException {
    try (in) {
      return in.readAllBytes();
    }
  }
}
