package io.entire.transport.bootstrap.helper;

import io.entire.transport.adapters.git.GitConfigList;
import io.entire.transport.adapters.git.GitConfigReader;
import io.entire.transport.adapters.git.GitProcessLauncher;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * git's configuration, read once per helper invocation with one {@code git config -z --list} (N5).
 * {@code bin/git-remote-entire} runs it beside the JVM's start and hands its output over ({@link
 * LauncherGitConfig}); without the launcher the git process starts on a daemon thread as the helper
 * starts, so it runs beside the rest of the startup work instead of before it. {@link #await()}
 * waits for it where the client is built. Thread-safe.
 */
final class StartupGitConfig {
  private final CompletableFuture<GitConfigList> config;
  private final Path launcherStream; // null: config is being read by a git process of our own

  private StartupGitConfig(CompletableFuture<GitConfigList> config, Path launcherStream) {
    this.config = config;
    this.launcherStream = launcherStream;
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
      return new StartupGitConfig(new CompletableFuture<>(), Path.of(stream));
    }
    GitConfigReader reader = new GitConfigReader(launcher);
    return new StartupGitConfig(
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return reader.read();
              } catch (IOException e) {
                throw new CompletionException(e);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CompletionException(e);
              }
            },
            work -> {
              Thread thread = new Thread(work, "git-config");
              thread.setDaemon(true);
              thread.start();
            }),
        null);
  }

  /** A configuration already read (tests). */
  static StartupGitConfig of(GitConfigList config) {
    return new StartupGitConfig(CompletableFuture.completedFuture(config), null);
  }

  /**
   * Waits for the configuration.
   *
   * @throws IllegalArgumentException (a fatal error for the helper) when git could not be run or
   *     failed, with git's own message (e.g. a syntax error in a config file)
   */
  GitConfigList await() {
    if (launcherStream != null && !config.isDone()) {
      try {
        config.complete(LauncherGitConfig.read(launcherStream));
      } catch (IOException | RuntimeException e) {
        config.completeExceptionally(e);
      }
    }
    try {
      return config.join();
    } catch (CompletionException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      throw new IllegalArgumentException(
          "cannot read git's configuration: " + cause.getMessage(), cause);
    }
  }
}
