package io.entire.transport.adapters.git;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Runs the real git CLI for tests in an isolated environment (no system/global config). */
final class GitCli {
  private static final long TIMEOUT_SECONDS = 60;

  /** The outcome of one git run. */
  record Result(int exitCode, String stdout, String stderr) {
    Result requireSuccess(List<String> command) {
      if (exitCode != 0) {
        throw new AssertionError(
            "git "
                + command
                + " failed with "
                + exitCode
                + "\nstdout:\n"
                + stdout
                + "\nstderr:\n"
                + stderr);
      }
      return this;
    }
  }

  private final Map<String, String> environment;

  /** An isolated environment: HOME in {@code home}, fixed identity, English messages. */
  GitCli(Path home) {
    try {
      Files.createDirectories(home);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    Map<String, String> env = new HashMap<>();
    env.put("HOME", home.toString());
    env.put("XDG_CONFIG_HOME", home.resolve(".config").toString());
    env.put("GIT_CONFIG_NOSYSTEM", "1");
    env.put("GIT_AUTHOR_NAME", "Test Author");
    env.put("GIT_AUTHOR_EMAIL", "author@example.dev");
    env.put("GIT_COMMITTER_NAME", "Test Committer");
    env.put("GIT_COMMITTER_EMAIL", "committer@example.dev");
    env.put("GIT_TERMINAL_PROMPT", "0");
    env.put("LC_ALL", "C");
    env.put("LANG", "C");
    this.environment = env;
  }

  private GitCli(Map<String, String> environment) {
    this.environment = environment;
  }

  /** Returns a copy with more environment variables. */
  GitCli with(String name, String value) {
    Map<String, String> env = new HashMap<>(environment);
    env.put(name, value);
    return new GitCli(env);
  }

  /** Returns the environment git and subprocesses get (on top of the inherited one). */
  Map<String, String> environment() {
    return Map.copyOf(environment);
  }

  /** Runs git in {@code dir}; fails the test when git fails. Returns stdout. */
  String git(Path dir, String... args) {
    return run(dir, null, args).requireSuccess(List.of(args)).stdout();
  }

  /** Runs git in {@code dir} with optional stdin and returns the outcome. */
  Result run(Path dir, byte[] stdin, String... args) {
    List<String> command = new ArrayList<>();
    command.add("git");
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile());
    builder.environment().putAll(environment);
    try {
      Process process = builder.start();
      CompletableFuture<byte[]> out = readAsync(process.getInputStream());
      CompletableFuture<byte[]> err = readAsync(process.getErrorStream());
      try (var in = process.getOutputStream()) {
        if (stdin != null) {
          in.write(stdin);
        }
      }
      if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new AssertionError("git " + command + " timed out");
      }
      return new Result(
          process.exitValue(),
          new String(out.join(), StandardCharsets.UTF_8),
          new String(err.join(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  static CompletableFuture<byte[]> readAsync(InputStream in) {
    return CompletableFuture.supplyAsync(
        () -> {
          try (in) {
            ByteArrayOutputStream buffer = new ByteArrayOutputStream();
            in.transferTo(buffer);
            return buffer.toByteArray();
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
  }

  /**
   * Creates {@code count} commits on {@code branch} in one {@code git fast-import} run, each adding
   * a file {@code <prefix>-<i>.txt}; the first has no parent unless the branch exists.
   */
  void commits(Path repo, String branch, String prefix, int count, boolean branchExists) {
    StringBuilder stream = new StringBuilder();
    for (int i = 1; i <= count; i++) {
      String content = prefix + " " + i + "\n";
      stream
          .append("commit refs/heads/")
          .append(branch)
          .append('\n')
          .append("committer Test <t@example.dev> ")
          .append(1_700_000_000L + i)
          .append(" +0000\n");
      String message = prefix + " " + i + "\n";
      stream.append("data ").append(message.length()).append('\n').append(message);
      if (i == 1 && branchExists) {
        stream.append("from refs/heads/").append(branch).append("^0\n");
      }
      stream
          .append("M 100644 inline ")
          .append(prefix)
          .append('-')
          .append(i)
          .append(".txt\n")
          .append("data ")
          .append(content.length())
          .append('\n')
          .append(content)
          .append('\n');
    }
    run(repo, stream.toString().getBytes(StandardCharsets.UTF_8), "fast-import", "--quiet")
        .requireSuccess(List.of("fast-import"));
  }
}
