package io.entire.transport.testkit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Runs the machine's {@code git} in an environment that does not depend on the user's setup: a
 * private {@code HOME} (and XDG config dir), {@code GIT_CONFIG_NOSYSTEM=1}, no inherited {@code
 * GIT_*} variables, fixed author and committer, no terminal prompts, and {@code -c
 * init.defaultBranch=main} on every command. The testkit uses it for its own git calls; tests can
 * use it to drive {@code git clone}/{@code push} against a {@link TestCluster}.
 *
 * <p>Immutable and thread-safe. An instance made by {@link #create()} owns its temporary home and
 * deletes it on {@link #close()}; instances made by {@link #withHome(Path)} or {@link
 * #withEnv(String, String)} own nothing and closing them does nothing.
 *
 * @since 0.1
 */
public final class IsolatedGit implements AutoCloseable {

  /** The default limit for {@link #run(Path, String...)}. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(2);

  private final Path home;
  private final boolean ownsHome;
  private final Map<String, String> environment;

  private IsolatedGit(Path home, boolean ownsHome, Map<String, String> environment) {
    this.home = home;
    this.ownsHome = ownsHome;
    this.environment = Map.copyOf(environment);
  }

  /** A git with a fresh temporary home, deleted by {@link #close()}. */
  public static IsolatedGit create() {
    try {
      Path home = Files.createTempDirectory("entire-testkit-home");
      return new IsolatedGit(home, true, baseEnvironment(home));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a temporary HOME for git", e);
    }
  }

  /**
   * A git using {@code home} (created if missing) as {@code HOME}; the caller owns the directory.
   */
  public static IsolatedGit withHome(Path home) {
    try {
      Files.createDirectories(home);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create git HOME " + home, e);
    }
    return new IsolatedGit(home, false, baseEnvironment(home));
  }

  private static Map<String, String> baseEnvironment(Path home) {
    Map<String, String> env = new HashMap<>();
    String path = System.getenv("PATH");
    env.put("PATH", path == null ? "/usr/local/bin:/usr/bin:/bin" : path);
    String tmp = System.getenv("TMPDIR");
    if (tmp != null) {
      env.put("TMPDIR", tmp);
    }
    env.put("LANG", "C");
    env.put("LC_ALL", "C");
    env.put("HOME", home.toString());
    env.put("XDG_CONFIG_HOME", home.resolve(".config").toString());
    env.put("GIT_CONFIG_NOSYSTEM", "1");
    env.put("GIT_CONFIG_GLOBAL", home.resolve(".gitconfig").toString());
    env.put("GIT_TERMINAL_PROMPT", "0");
    env.put("GIT_AUTHOR_NAME", "Entire Testkit");
    env.put("GIT_AUTHOR_EMAIL", "testkit@entire.invalid");
    env.put("GIT_COMMITTER_NAME", "Entire Testkit");
    env.put("GIT_COMMITTER_EMAIL", "testkit@entire.invalid");
    return env;
  }

  /** The {@code HOME} directory git runs with. */
  public Path home() {
    return home;
  }

  /** The complete environment git runs with (a copy). */
  public Map<String, String> environment() {
    return new HashMap<>(environment);
  }

  /**
   * A git with one more (or a replaced) environment variable, sharing this home without owning it;
   * e.g. {@code withEnv("PATH", binDir + ":" + path)}.
   */
  public IsolatedGit withEnv(String name, String value) {
    Map<String, String> env = new HashMap<>(environment);
    env.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
    return new IsolatedGit(home, false, env);
  }

  /**
   * A process builder for {@code git -c init.defaultBranch=main <args>} in {@code workDir} with the
   * isolated environment; for callers that need to stream stdin or stdout themselves.
   *
   * @param workDir the working directory, or null for the JVM's
   * @param args the git arguments
   */
  public ProcessBuilder processBuilder(Path workDir, List<String> args) {
    List<String> command = new ArrayList<>(args.size() + 3);
    command.add("git");
    command.add("-c");
    command.add("init.defaultBranch=main");
    command.addAll(args);
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().clear();
    builder.environment().putAll(environment);
    if (workDir != null) {
      builder.directory(workDir.toFile());
    }
    return builder;
  }

  /** Runs git with {@link #DEFAULT_TIMEOUT}; see {@link #run(Path, Duration, String...)}. */
  public Result run(Path workDir, String... args) {
    return run(workDir, DEFAULT_TIMEOUT, args);
  }

  /**
   * Runs git to completion with empty stdin, capturing stdout and stderr.
   *
   * @param workDir the working directory, or null for the JVM's
   * @param timeout how long git may run before it is killed
   * @param args the git arguments
   * @return the exit code and output, whatever the exit code
   * @throws IllegalStateException when git cannot be started or times out
   */
  public Result run(Path workDir, Duration timeout, String... args) {
    ProcessBuilder builder = processBuilder(workDir, Arrays.asList(args));
    String commandLine = "git " + String.join(" ", args);
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new IllegalStateException(
          "cannot run `" + commandLine + "`: " + e.getMessage() + " (is git on PATH?)", e);
    }
    try {
      process.getOutputStream().close();
      CompletableFuture<byte[]> out = readAsync(process.getInputStream());
      CompletableFuture<byte[]> err = readAsync(process.getErrorStream());
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException(
            "`" + commandLine + "` did not finish within " + timeout.toMillis() + " ms");
      }
      return new Result(
          process.exitValue(),
          new String(out.get(), StandardCharsets.UTF_8),
          new String(err.get(), StandardCharsets.UTF_8));
    } catch (IOException | ExecutionException e) {
      process.destroyForcibly();
      throw new IllegalStateException("`" + commandLine + "` failed: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while running `" + commandLine + "`", e);
    }
  }

  /**
   * Runs git like {@link #run(Path, String...)} and requires exit code 0.
   *
   * @return the result, for its output
   * @throws IllegalStateException naming the command, exit code and stderr when git fails
   */
  public Result runChecked(Path workDir, String... args) {
    Result result = run(workDir, args);
    if (result.exitCode() != 0) {
      throw new IllegalStateException(
          "`git "
              + String.join(" ", args)
              + "` exited with "
              + result.exitCode()
              + ": "
              + result.stderr().trim());
    }
    return result;
  }

  private static CompletableFuture<byte[]> readAsync(InputStream stream) {
    CompletableFuture<byte[]> result = new CompletableFuture<>();
    Thread reader =
        new Thread(
            () -> {
              try (stream) {
                ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                stream.transferTo(bytes);
                result.complete(bytes.toByteArray());
              } catch (IOException e) {
                result.completeExceptionally(e);
              }
            },
            "testkit-git-output");
    reader.setDaemon(true);
    reader.start();
    return result;
  }

  /** Deletes the temporary home when this instance created it. */
  @Override
  public void close() {
    if (ownsHome) {
      FileTrees.deleteQuietly(home);
    }
  }

  /**
   * The outcome of a git command.
   *
   * @param exitCode the process exit code
   * @param stdout standard output as UTF-8
   * @param stderr standard error as UTF-8
   * @since 0.1
   */
  public record Result(int exitCode, String stdout, String stderr) {
    /** Whether git exited with 0. */
    public boolean ok() {
      return exitCode == 0;
    }
  }
}
