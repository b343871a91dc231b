package io.entire.transport.demo;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs git for the demo in a private environment (HOME, replica cache, PATH with the helper
 * launcher), so the demo never touches the user's git config or cache.
 */
final class DemoShell {
  private final Path workDirectory;
  private final Map<String, String> environment = new HashMap<>();

  DemoShell(Path sandbox, Path launcher) throws IOException {
    Path bin = Files.createDirectories(sandbox.resolve("bin"));
    Files.createSymbolicLink(bin.resolve("git-remote-entire"), launcher);
    this.workDirectory = Files.createDirectories(sandbox.resolve("work"));
    environment.put("PATH", bin + ":" + System.getenv("PATH"));
    environment.put("HOME", Files.createDirectories(sandbox.resolve("home")).toString());
    environment.put("XDG_CACHE_HOME", sandbox.resolve("cache").toString());
    environment.put("GIT_CONFIG_NOSYSTEM", "1");
    environment.put("GIT_TERMINAL_PROMPT", "0");
    environment.put("GIT_AUTHOR_NAME", "Demo User");
    environment.put("GIT_AUTHOR_EMAIL", "demo@example.invalid");
    environment.put("GIT_COMMITTER_NAME", "Demo User");
    environment.put("GIT_COMMITTER_EMAIL", "demo@example.invalid");
    // The helper's debug log names every node that failed; the demo counts those lines.
    environment.put("ENTIRE_DEBUG", "1");
  }

  Path work() {
    return workDirectory;
  }

  Path cacheFile() {
    return Path.of(environment.get("XDG_CACHE_HOME"), "entire", "nodes.json");
  }

  /** The result of a command: status, stdout, stderr. */
  record Result(int exitCode, String stdout, String stderr) {
    boolean ok() {
      return exitCode == 0;
    }
  }

  Result git(Path directory, String... args) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add("git");
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile());
    builder.environment().putAll(environment);
    builder.redirectInput(ProcessBuilder.Redirect.PIPE);
    Process process = builder.start();
    process.getOutputStream().close();
    Drain out = new Drain(process.getInputStream());
    Drain err = new Drain(process.getErrorStream());
    out.start();
    err.start();
    if (!process.waitFor(120, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IOException("git " + String.join(" ", args) + " did not finish within 120 s");
    }
    out.join();
    err.join();
    return new Result(process.exitValue(), out.text(), err.text());
  }

  /** Copies a process stream into memory on its own thread. */
  private static final class Drain extends Thread {
    private final InputStream in;
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

    Drain(InputStream in) {
      this.in = in;
      setDaemon(true);
    }

    @Override
    public void run() {
      try (in) {
        in.transferTo(bytes);
      } catch (IOException ignored) {
        // The process ended; keep what it wrote.
      }
    }

    String text() {
      return bytes.toString(StandardCharsets.UTF_8);
    }
  }
}
