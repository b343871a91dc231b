package io.entire.transport.adapters.auth;

import io.entire.transport.application.port.in.Cancellation;
import io.entire.transport.application.port.out.Credential;
import io.entire.transport.application.port.out.CredentialPort;
import io.entire.transport.application.port.out.CredentialRequest;
import io.entire.transport.domain.CredentialException;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Credentials from git's credential helpers (A3), as git's own http transport gets them: {@code git
 * credential fill} for the entry URL ({@code protocol}, {@code host[:port]} and {@code path}, which
 * git passes on only when {@code credential.useHttpPath} is set), sent as HTTP Basic auth; {@code
 * git credential approve} once the data plane accepted it, {@code git credential reject} after a
 * 401.
 *
 * <p>The credential is asked for once per target and kept in memory until rejected, so one git
 * operation prompts at most once. The URL is the entry URL when the request's audience is one
 * ({@code <entry base URL><repo path>}), else the request's own URL.
 *
 * <p>Input that would let a crafted URL inject lines into the credential protocol is refused: a
 * field containing CR, LF or NUL fails with a {@link CredentialException} before git runs.
 *
 * <p>git runs with this process's environment (plus the configured additions), so {@code
 * GIT_TERMINAL_PROMPT}, {@code GIT_ASKPASS} and the user's git configuration apply as usual. Only
 * its stdin and stdout are connected to this adapter; its stderr goes to this process's stderr, and
 * it may prompt on the terminal. Each run is bounded by a timeout and killed after it.
 *
 * <p>Thread-safe: fills are serialized (so concurrent callers never cause two prompts), the cache
 * is concurrent. Neither the password nor the username ever appears in logs, exception messages or
 * {@code toString()} (A5).
 *
 * <p><b>Parts</b>: this class composes the protocol's three actions; {@link FilledCredentials} is
 * the cache, {@link CredentialHelperProcess} runs git, {@link GitCredentialProtocol} writes and
 * reads the protocol's text, {@link CredentialTarget} says where a credential is for and {@link
 * GitCredential} is what a request carries.
 */
public final class GitCredentialHelperCredentials implements CredentialPort {
  private static final Logger log = LoggerFactory.getLogger(GitCredentialHelperCredentials.class);

  /**
   * Default bound on one run of {@code git credential} (2 minutes: a helper may ask a human on the
   * terminal).
   */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(2);

  private final CredentialHelperProcess git;
  private final FilledCredentials filled = new FilledCredentials();

  /**
   * Runs {@code git} from {@code PATH} with the inherited environment and {@link #DEFAULT_TIMEOUT}.
   */
  public GitCredentialHelperCredentials() {
    this("git", Map.of(), DEFAULT_TIMEOUT);
  }

  /**
   * Creates the adapter.
   *
   * @param gitExecutable the git command, a name on {@code PATH} or an absolute path
   * @param environment variables added to (or replacing in) the inherited environment of git, e.g.
   *     {@code GIT_CONFIG_COUNT}/{@code GIT_CONFIG_KEY_0}/{@code GIT_CONFIG_VALUE_0} to configure a
   *     helper; copied
   * @param timeout bound on each run of {@code git credential}
   * @throws IllegalArgumentException when a value is blank, not positive, or contains CR, LF or NUL
   */
  public GitCredentialHelperCredentials(
      String gitExecutable, Map<String, String> environment, Duration timeout) {
    this.git = new CredentialHelperProcess(gitExecutable, environment, timeout);
  }

  /**
   * Returns the credential remembered for the entry URL, or runs {@code git credential fill}.
   *
   * @throws CredentialException when a field contains CR, LF or NUL, when git fails, times out or
   *     returns no username or password
   */
  @Override
  public Credential credentialFor(CredentialRequest request) throws CredentialException {
    Objects.requireNonNull(request, "request");
    CredentialTarget target = CredentialTarget.of(request);
    return filled.credentialFor(target, request.cancellation(), this::fill);
  }

  /** Runs {@code git credential approve} once for this credential, so helpers may store it. */
  @Override
  public void accepted(Credential credential) {
    if (credential instanceof GitCredential c && c.isFrom(this) && c.markApproved()) {
      runQuietly("approve", c);
    }
  }

  /**
   * Forgets this credential and runs {@code git credential reject} once for it, so helpers erase
   * it; the next request fills again.
   */
  @Override
  public void rejected(Credential credential) {
    if (credential instanceof GitCredential c && c.isFrom(this) && c.markRejected()) {
      filled.forget(c);
      runQuietly("reject", c);
    }
  }

  @Override
  public String toString() {
    return "GitCredentialHelperCredentials[" + git.git() + "]";
  }

  private GitCredential fill(CredentialTarget target, Cancellation cancellation)
      throws CredentialException {
    String output =
        git.run(
            "fill", target.describe(), GitCredentialProtocol.encode(target.fields()), cancellation);
    Map<String, String> answer = GitCredentialProtocol.decode(output);
    String username = answer.get("username");
    String password = answer.get("password");
    if (username == null || password == null) {
      throw new CredentialException(
          "git credential fill returned no "
              + (username == null ? "username" : "password")
              + " for "
              + target.describe());
    }
    GitCredentialProtocol.requireClean("username", username);
    GitCredentialProtocol.requireClean("password", password);
    log.debug("git credential fill answered for {}", target.describe());
    return new GitCredential(this, target, username, password);
  }

  private void runQuietly(String action, GitCredential c) {
    String what = c.target().describe();
    try {
      // Bounded by the timeout; approve and reject run after the request, nothing to cancel.
      git.run(action, what, GitCredentialProtocol.encode(c.fields()), new Cancellation());
      log.debug("git credential {} done for {}", action, what);
    } catch (CredentialException e) {
      // Storing or erasing is a courtesy to the helper; it never fails the git operation.
      log.debug("git credential {} failed for {}: {}", action, what, e.getMessage());
    }
  }
}
