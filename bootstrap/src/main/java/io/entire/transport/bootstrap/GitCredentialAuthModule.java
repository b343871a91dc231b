package io.entire.transport.bootstrap;

import io.entire.transport.adapters.auth.GitCredentialHelperCredentials;
import io.entire.transport.application.port.out.CredentialPort;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * Authenticates with git's credential helpers (A3), as {@code git clone https://…} would on a
 * developer's laptop: binds {@link CredentialPort} to {@link GitCredentialHelperCredentials}.
 *
 * <p>Immutable and thread-safe. Nothing to close.
 */
public final class GitCredentialAuthModule extends AuthModule {
  private final String gitExecutable;
  private final Map<String, String> environment;
  private final Duration timeout;

  /** Runs {@code git} from {@code PATH} with this process's environment. */
  public GitCredentialAuthModule() {
    this("git", Map.of(), GitCredentialHelperCredentials.DEFAULT_TIMEOUT);
  }

  /**
   * Runs git as configured.
   *
   * @param gitExecutable the git command, a name on {@code PATH} or an absolute path
   * @param environment variables added to the inherited environment of git (e.g. {@code HOME},
   *     {@code GIT_CONFIG_*}); copied
   * @param timeout bound on each run of {@code git credential}
   * @throws IllegalArgumentException when a value is not acceptable
   */
  public GitCredentialAuthModule(
      String gitExecutable, Map<String, String> environment, Duration timeout) {
    // Validate now, with the adapter's own rules, rather than when the injector is created.
    new GitCredentialHelperCredentials(gitExecutable, environment, timeout);
    this.gitExecutable = gitExecutable;
    this.environment = Map.copyOf(Objects.requireNonNull(environment, "environment"));
    this.timeout = timeout;
  }

  @Override
  protected void configure() {
    bind(CredentialPort.class).toInstance(credentials());
  }

  @Override
  public CredentialPort newCredentials(Context context) {
    return credentials();
  }

  /** A new adapter each time: it remembers what the helpers answered, per injector. */
  private CredentialPort credentials() {
    return new GitCredentialHelperCredentials(gitExecutable, environment, timeout);
  }

  @Override
  public String toString() {
    return "GitCredentialAuthModule[" + gitExecutable + "]";
  }
}
