package io.entire.transport.bootstrap.helper;

import io.entire.transport.adapters.git.GitConfigList;
import io.entire.transport.adapters.git.GitConfigReader;
import io.entire.transport.adapters.git.GitProcessLauncher;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * git's configuration, read once per helper invocation with one {@code git config -z --list} (N5).
 * The git process starts on a daemon thread as the helper starts, so it runs beside the rest of the
 * startup work (the warm-up threads, wiring the client) instead of before it; {@link #await()}
 * waits for it where the client is built. Thread-safe.
 */
final class StartupGitConfig {
  private final CompletableFuture<GitConfigList> config;

  private StartupGitConfig(CompletableFuture<GitConfigList> config) {
    this.config = config;
  }

  /** Starts reading with {@code launcher} (git on PATH in the helper's environment). */
  static StartupGitConfig begin(GitProcessLauncher launcher) {
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
            }));
  }

  /** A configuration already read (tests). */
  static StartupGitConfig of(GitConfigList config) {
    return new StartupGitConfig(CompletableFuture.completedFuture(config));
  }

  /**
   * Waits for the configuration.
   *
   * @throws IllegalArgumentException (a fatal error for the helper) when git could not be run or
   *     failed, with git's own message (e.g. a syntax error in a config file)
   */
  GitConfigList await() {
    try {
      return config.join();
    } catch (CompletionException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      throw new IllegalArgumentException(
          "cannot read git's configuration: " + cause.getMessage(), cause);
    }
  }
}
