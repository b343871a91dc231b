package io.entire.transport.adapters.git;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Starts git subcommands ({@code git fetch-pack}, {@code git send-pack}) for the helper. The seam
 * exists so tests can point the subprocess at a repository; production uses {@link #system()}.
 *
 * <p>The returned process must have piped stdin and stdout; its stderr may be piped (the helper
 * copies it to its own stderr) or inherited. Implementations must be thread-safe.
 */
@FunctionalInterface
public interface GitProcessLauncher {

  /**
   * Starts {@code git <arguments…>}.
   *
   * @param arguments the subcommand and its arguments, e.g. {@code [fetch-pack, --stateless-rpc,
   *     …]}
   * @return the running process; the helper closes its streams and waits for it
   * @throws IOException when the process cannot be started
   */
  Process start(List<String> arguments) throws IOException;

  /** Variables never passed to git subprocesses: they talk to us through pipes, not the network. */
  Set<String> WITHHELD_VARIABLES = Set.of("ENTIRE_TOKEN");

  /**
   * Runs the {@code git} found on {@code PATH} in the current directory with the helper's own
   * environment, which is what git gives a helper (including {@code GIT_DIR}), minus {@link
   * #WITHHELD_VARIABLES}.
   */
  static GitProcessLauncher system() {
    return system(null, Map.of());
  }

  /**
   * Runs the {@code git} found on {@code PATH} with extra environment variables; the inherited
   * environment loses {@link #WITHHELD_VARIABLES} unless {@code environment} sets them.
   *
   * @param workingDirectory the directory to run in, or null for the current one
   * @param environment variables added to (or replacing) the inherited environment
   */
  static GitProcessLauncher system(Path workingDirectory, Map<String, String> environment) {
    Map<String, String> env = Map.copyOf(Objects.requireNonNull(environment, "environment"));
    return arguments -> {
      List<String> command = new ArrayList<>(arguments.size() + 1);
      command.add("git");
      command.addAll(arguments);
      ProcessBuilder builder = new ProcessBuilder(command);
      if (workingDirectory != null) {
        builder.directory(workingDirectory.toFile());
      }
      builder.environment().keySet().removeAll(WITHHELD_VARIABLES);
      builder.environment().putAll(env);
      return builder.start();
    };
  }
}
