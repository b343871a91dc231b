package io.entire.transport.adapters.auth;

import io.entire.transport.application.port.in.Cancellation;
import io.entire.transport.domain.CredentialException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs {@code git credential <action>}: writes its input to git's stdin, reads at most 64 KiB of
 * its stdout and checks its exit status.
 *
 * <p>git runs with this process's environment plus the configured additions, so {@code
 * GIT_TERMINAL_PROMPT}, {@code GIT_ASKPASS} and the user's git configuration apply as usual. Its
 * stderr goes to this process's stderr, and a helper may prompt on the terminal. Each run is
 * bounded by a timeout; after it, or on a cancel (DESIGN §3), git and the helpers it started are
 * killed. Messages name the command and the target, never the input (A5).
 *
 * <p>Immutable, so thread-safe; each run uses its own process and reader thread.
 */
final class CredentialHelperProcess {
  // Logs under the adapter's name, as before this class was split off, so log settings still apply.
  private static final Logger log = LoggerFactory.getLogger(GitCredentialHelperCredentials.class);

  private static final Duration OUTPUT_GRACE = Duration.ofSeconds(5);
  private static final int MAX_OUTPUT_BYTES = 64 * 1024;

  private final String git;
  private final Map<String, String> environment;
  private final Duration timeout;

  /**
   * @param git the git command, a name on {@code PATH} or an absolute path
   * @param environment variables added to (or replacing in) the inherited environment; copied
   * @param timeout bound on each run
   * @throws IllegalArgumentException when a value is blank, not positive, or contains CR, LF or NUL
   */
  CredentialHelperProcess(String git, Map<String, String> environment, Duration timeout) {
    Objects.requireNonNull(git, "gitExecutable");
    if (git.isBlank() || GitCredentialProtocol.hasLineBreakOrNul(git)) {
      throw new IllegalArgumentException("gitExecutable must name the git command");
    }
    this.git = git;
    Objects.requireNonNull(environment, "environment");
    environment.forEach(
        (k, v) -> {
          Objects.requireNonNull(k, "environment variable name");
          Objects.requireNonNull(v, "environment variable " + k);
          if (k.isEmpty()
              || k.contains("=")
              || GitCredentialProtocol.hasLineBreakOrNul(k)
              || v.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("invalid environment variable for git: " + k);
          }
        });
    this.environment = Map.copyOf(environment);
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive: " + timeout);
    }
    this.timeout = timeout;
  }

  /** The git command as configured. */
  String git() {
    return git;
  }

  /**
   * Runs {@code git credential action} with {@code input} on its stdin.
   *
   * @param what the target, for messages
   * @return git's stdout
   * @throws CredentialException when git cannot start, fails, times out, is cancelled or
   *     interrupted, or its output is too long or does not end
   */
  String run(String action, String what, String input, Cancellation cancellation)
      throws CredentialException {
    ProcessBuilder builder = new ProcessBuilder(git, "credential", action);
    builder.environment().putAll(environment);
    builder.redirectError(ProcessBuilder.Redirect.INHERIT);
    String command = "git credential " + action;
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new CredentialException(
          "cannot run " + command + " (" + git + "): " + e.getMessage(), e);
    }
    OutputReader stdout = new OutputReader(process.getInputStream());
    stdout.start();
    // DESIGN §3: a cancel kills git (and a helper that may be prompting), which ends the wait below
    // at once.
    try (Cancellation.Registration onCancel = cancellation.onCancel(() -> kill(process))) {
      try (OutputStream stdin = process.getOutputStream()) {
        stdin.write(input.getBytes(StandardCharsets.UTF_8));
      } catch (IOException e) {
        // git may exit without reading (e.g. a config error); its exit status says why.
        log.debug("{}: could not write its input: {}", command, e.getMessage());
      }
      boolean finished = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
      if (cancellation.isCancelled()) {
        throw new CredentialException(command + " for " + what + " cancelled");
      }
      if (!finished) {
        // L5: retryable, a helper that hung (a prompt, a slow keychain) may answer next time.
        throw new CredentialException(
            command + " for " + what + " did not finish within " + timeout.toSeconds() + " s",
            null,
            true);
      }
      int exit = process.exitValue();
      if (exit != 0) {
        throw new CredentialException(command + " for " + what + " failed (exit " + exit + ")");
      }
      return stdout.await(OUTPUT_GRACE, command);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CredentialException(command + " for " + what + " was interrupted", e);
    } finally {
      if (process.isAlive()) {
        kill(process);
      }
    }
  }

  private static void kill(Process process) {
    // git runs helpers through a shell: a hung helper is a grandchild and must go too.
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
  }

  /** Drains git's stdout on its own thread, so a chatty helper can never block on a full pipe. */
  private static final class OutputReader extends Thread {
    private final InputStream in;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private volatile IOException failure;

    OutputReader(InputStream in) {
      super("git-credential-stdout");
      setDaemon(true);
      this.in = in;
    }

    @Override
    public void run() {
      byte[] buffer = new byte[4096];
      try (InputStream stream = in) {
        int n;
        while ((n = stream.read(buffer)) >= 0) {
          synchronized (out) {
            if (out.size() + n > MAX_OUTPUT_BYTES) {
              throw new IOException("more than " + MAX_OUTPUT_BYTES + " bytes of output");
            }
            out.write(buffer, 0, n);
          }
        }
      } catch (IOException e) {
        failure = e;
      }
    }

    String await(Duration grace, String command) throws InterruptedException, CredentialException {
      join(grace.toMillis());
      if (isAlive()) {
        throw new CredentialException(command + " exited but its output did not end", null, true);
      }
      if (failure != null) {
        throw new CredentialException(
            command + ": cannot read its output: " + failure.getMessage(), null, true);
      }
      synchronized (out) {
        return out.toString(StandardCharsets.UTF_8);
      }
    }
  }
}
