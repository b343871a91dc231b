package io.entire.transport.demo;

import java.nio.file.Path;
import org.eclipse.jgit.lib.Config;
import org.eclipse.jgit.storage.file.FileBasedConfig;
import org.eclipse.jgit.util.FS;
import org.eclipse.jgit.util.SystemReader;

/**
 * Points JGit's user, system and JGit configuration files into the demo's sandbox, so the
 * in-process step neither reads the user's git settings nor writes JGit's file-system notes into
 * {@code ~/.config/jgit}, as the git steps keep their own HOME.
 *
 * <p>JGit's {@link SystemReader} is JVM-wide: {@link #install} and {@link #close} are for the
 * demo's single thread, around the step.
 */
final class SandboxedJGitConfig implements AutoCloseable {
  private final SystemReader previous;

  private SandboxedJGitConfig(SystemReader previous) {
    this.previous = previous;
  }

  /** Installs a reader whose configuration files live in {@code directory}; close to restore. */
  static SandboxedJGitConfig install(Path directory) {
    SystemReader previous = SystemReader.getInstance();
    SystemReader.setInstance(
        new SystemReader.Delegate(previous) {
          @Override
          public FileBasedConfig openUserConfig(Config parent, FS fs) {
            return new FileBasedConfig(parent, directory.resolve("gitconfig").toFile(), fs);
          }

          @Override
          public FileBasedConfig openSystemConfig(Config parent, FS fs) {
            return new FileBasedConfig(parent, directory.resolve("system-gitconfig").toFile(), fs);
          }

          @Override
          public FileBasedConfig openJGitConfig(Config parent, FS fs) {
            return new FileBasedConfig(parent, directory.resolve("jgit-config").toFile(), fs);
          }
        });
    return new SandboxedJGitConfig(previous);
  }

  @Override
  public void close() {
    SystemReader.setInstance(previous);
  }
}
