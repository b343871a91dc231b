package io.entire.transport.bootstrap.helper;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A private git environment for end-to-end tests: its own HOME, replica cache, and a PATH on which
 * {@code git-remote-entire} is the repository's launcher ({@code bin/git-remote-entire}), so {@code
 * git clone entire::http://…} runs the real helper jar.
 */
final class HelperSandbox {
  static final Path PROJECT_ROOT =
      Path.of(System.getProperty("entire.repository.root", "..")).toAbsolutePath().normalize();

  /**
   * Network variables of the machine that would change what the helper trusts or where it connects
   * (N1, N2): removed from every command's environment, so a test sets only its own.
   */
  private static final List<String> MACHINE_NETWORK_VARIABLES =
      List.of(
          "GIT_SSL_CAINFO",
          "GIT_SSL_CAPATH",
          "GIT_SSL_NO_VERIFY",
          "GIT_SSL_CERT",
          "GIT_SSL_KEY",
          "SSL_CERT_FILE",
          "SSL_CERT_DIR",
          "CURL_CA_BUNDLE",
          "https_proxy",
          "HTTPS_PROXY",
          "http_proxy",
          "HTTP_PROXY",
          "all_proxy",
          "ALL_PROXY",
          "no_proxy",
          "NO_PROXY");

  private final Path root;
  private final Map<String, String> environment = new HashMap<>();

  HelperSandbox(Path root) {
    this(root, PROJECT_ROOT.resolve("bin/git-remote-entire"));
  }

  /** A sandbox whose PATH has a symlink to {@code launcher}, e.g. an installed distribution's. */
  HelperSandbox(Path root, Path launcher) {
    this.root = root;
    try {
      Path bin = Files.createDirectories(root.resolve("bin"));
      if (!Files.isExecutable(launcher)) {
        throw new IllegalStateException("launcher missing: " + launcher);
      }
      Files.createSymbolicLink(bin.resolve("git-remote-entire"), launcher);
      Files.createDirectories(root.resolve("home"));
      Files.createDirectories(root.resolve("cache"));
      Files.createDirectories(root.resolve("work"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    environment.put("PATH", root.resolve("bin") + ":" + System.getenv("PATH"));
    environment.put("HOME", root.resolve("home").toString());
    environment.put("XDG_CACHE_HOME", root.resolve("cache").toString());
    environment.put("GIT_CONFIG_NOSYSTEM", "1");
    environment.put("GIT_TERMINAL_PROMPT", "0");
    environment.put("GIT_AUTHOR_NAME", "E2E Tester");
    environment.put("GIT_AUTHOR_EMAIL", "e2e@example.invalid");
    environment.put("GIT_COMMITTER_NAME", "E2E Tester");
    environment.put("GIT_COMMITTER_EMAIL", "e2e@example.invalid");
    environment.put("ENTIRE_CONNECT_TIMEOUT_SECONDS", "2");
  }

  /** Sets an environment variable for every later command. */
  HelperSandbox env(String name, String value) {
    environment.put(name, value);
    return this;
  }

  /** The replica cache file the helper uses (K1). */
  Path cacheFile() {
    return root.resolve("cache/entire/nodes.json");
  }

  /** A directory for clones. */
  Path work() {
    return root.resolve("work");
  }

  /** Runs the helper launcher directly (as git would, but with chosen arguments), no stdin. */
  GitRun helper(String... args) {
    return helperWithInput(Map.of(), null, args);
  }

  /** Runs the helper launcher directly with extra environment variables, feeding it stdin. */
  GitRun helperWithInput(Map<String, String> extraEnv, String stdin, String... args) {
    List<String> command = new ArrayList<>();
    command.add(root.resolve("bin/git-remote-entire").toString());
    command.addAll(List.of(args));
    return run(work(), extraEnv, command, stdin);
  }

  /** Runs git in the work directory. */
  GitRun git(String... args) {
    return gitIn(work(), Map.of(), args);
  }

  /** Runs git in a directory with extra environment variables. */
  GitRun gitIn(Path directory, Map<String, String> extraEnv, String... args) {
    List<String> command = new ArrayList<>();
    command.add("git");
    command.addAll(List.of(args));
    return run(directory, extraEnv, command);
  }

  /** Runs any command (e.g. the helper directly) with the sandbox environment. */
  GitRun run(Path directory, Map<String, String> extraEnv, List<String> command) {
    return run(directory, extraEnv, command, null);
  }

  /** Runs a command feeding it stdin. */
  GitRun run(Path directory, Map<String, String> extraEnv, List<String> command, String stdin) {
    RunningCommand running = start(directory, extraEnv, command, stdin);
    GitRun result = running.await(Duration.ofSeconds(180));
    if (result == null) {
      running.kill();
      throw new AssertionError("command did not finish within 180 s: " + command);
    }
    return result;
  }

  /** Runs git in a directory without waiting for it (e.g. to signal its helper). */
  RunningCommand startGit(Path directory, String... args) {
    List<String> command = new ArrayList<>();
    command.add("git");
    command.addAll(List.of(args));
    return start(directory, Map.of(), command, null);
  }

  /** Starts a command with the sandbox environment, feeding it stdin, without waiting. */
  RunningCommand start(
      Path directory, Map<String, String> extraEnv, List<String> command, String stdin) {
    ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile());
    builder.environment().keySet().removeAll(MACHINE_NETWORK_VARIABLES);
    builder.environment().putAll(environment);
    builder.environment().putAll(extraEnv);
    try {
      Process process = builder.start();
      StreamCollector out = new StreamCollector(process.getInputStream());
      StreamCollector err = new StreamCollector(process.getErrorStream());
      out.start();
      err.start();
      try (OutputStream in = process.getOutputStream()) {
        if (stdin != null) {
          in.write(stdin.getBytes(StandardCharsets.UTF_8));
        }
      } catch (IOException e) {
        // The command exited before reading its input; its status and stderr tell why.
      }
      return new RunningCommand(process, out, err);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A started command whose output is being collected. */
  static final class RunningCommand {
    private final Process process;
    private final StreamCollector out;
    private final StreamCollector err;

    private RunningCommand(Process process, StreamCollector out, StreamCollector err) {
      this.process = process;
      this.out = out;
      this.err = err;
    }

    /** The process (e.g. to find the helper among its descendants). */
    Process process() {
      return process;
    }

    /** Waits up to {@code timeout} for the exit; {@code null} when it is still running. */
    GitRun await(Duration timeout) {
      try {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
          return null;
        }
        out.join(10_000);
        err.join(10_000);
        return new GitRun(process.exitValue(), out.text(), err.text());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted", e);
      }
    }

    /** Kills the process and everything it started. */
    void kill() {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
    }
  }

  /** Drains a process stream on its own thread so the process never blocks on a full pipe. */
  private static final class StreamCollector extends Thread {
    private final InputStream in;
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    StreamCollector(InputStream in) {
      this.in = in;
      setDaemon(true);
    }

    @Override
    public void run() {
      try (in) {
        in.transferTo(bytes);
      } catch (IOException ignored) {
        // The process went away; what we have is what it said.
      }
    }

    String text() {
      synchronized (bytes) {
        return bytes.toString(StandardCharsets.UTF_8);
      }
    }
  }

  /** The test JVM's own home when it is a JDK 17, else one installed under /usr/lib/jvm. */
  static Optional<Path> jdk17Home() {
    if ("17".equals(System.getProperty("java.specification.version"))) {
      return Optional.of(Path.of(System.getProperty("java.home")));
    }
    Path jvms = Path.of("/usr/lib/jvm");
    if (!Files.isDirectory(jvms)) {
      return Optional.empty();
    }
    try (DirectoryStream<Path> homes = Files.newDirectoryStream(jvms, "*17*")) {
      for (Path jdk : homes) {
        if (Files.isExecutable(jdk.resolve("bin/java"))) {
          return Optional.of(jdk);
        }
      }
      return Optional.empty();
    } catch (IOException e) {
      return Optional.empty();
    }
  }
}
