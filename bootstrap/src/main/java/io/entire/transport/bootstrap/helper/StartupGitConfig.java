package io.entire.transport.bootstrap.helper;

import io.entire.transport.adapters.git.GitConfigList;
import io.entire.transport.adapters.git.GitConfigReader;
import io.entire.transport.adapters.git.GitProcessLauncher;
import java.nio.file.Path;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/**
 * git's configuration, read once per helper invocation with one {@code git config -z --list} (N5).
 * {@code bin/git-remote-entire} runs it beside the JVM's start and hands its output over ({@link
 * LauncherGitConfig}); without the launcher the git process starts on a daemon thread as the helper
 * starts, so it runs beside the rest of the startup work instead of before it. {@link #await()}
 * waits for it where the client is built. Thread-safe.
 *
 * <p>A {@link FutureTask} rather than a {@code CompletableFuture}: the latter's first use
 * initialises the common fork-join pool, ~1 ms of every git command (DESIGN §7).
 */
final class StartupGitConfig {
  /** Runs once, in whichever thread gets to it first: a daemon thread or {@link #await()}. */
  private final FutureTask<GitConfigList> config;

  private StartupGitConfig(FutureTask<GitConfigList> config) {
    this.config = config;
  }

  /**
   * The configuration that {@code bin/git-remote-entire} reads beside the JVM's start, when it
   * names its stream in {@value LauncherGitConfig#PROPERTY}; else starts reading with {@code
   * launcher} (git on PATH in the helper's environment).
   */
  static StartupGitConfig begin(GitProcessLauncher launcher) {
    String stream = System.getProperty(LauncherGitConfig.PROPERTY, "");
    if (!stream.isEmpty()) {
      // Read when awaited: git started before the JVM and is usually done by then.
      return new StartupGitConfig(new FutureTask<>(() -> LauncherGitConfig.read(Path.of(stream))));
    }
    GitConfigReader reader = new GitConfigReader(launcher);
    FutureTask<GitConfigList> task = new FutureTask<>(reader::read);
    Thread thread = new Thread(task, "git-config");
    thread.setDaemon(true);
    thread.start();
    return new StartupGitConfig(task);
  }

  /** A configuration already read (tests). */
  static StartupGitConfig of(GitConfigList config) {
    return new StartupGitConfig(new FutureTask<>(() -> config));
  }

  /**
   * Waits for the configuration.
   *
   * @throws IllegalArgumentException (a fatal error for the helper) when git could not be run or
   *     failed, with git's own message (e.g. a syntax error in a config file)
   */
  GitConfigList await() {
    config.run(); // a no-op when it already ran or runs elsewhere
    try {
      return config.get();
    } catch (ExecutionException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      throw new IllegalArgumentException(
          "cannot read git's configuration: " + cause.getMessage(), cause);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalArgumentException("cannot read git's configuration: interrupted", e);
    }
  }
}
