package io.entire.transport.adapters.auth;

import io.entire.transport.application.port.in.Cancellation;
import io.entire.transport.application.port.out.Credential;
import io.entire.transport.application.port.out.CredentialPort;
import io.entire.transport.application.port.out.CredentialRequest;
import io.entire.transport.domain.CredentialException;
import io.entire.transport.domain.Headers;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
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
 */
public final class GitCredentialHelperCredentials implements CredentialPort {
  private static final Logger log = LoggerFactory.getLogger(GitCredentialHelperCredentials.class);

  /**
   * Default bound on one run of {@code git credential} (2 minutes: a helper may ask a human on the
   * terminal).
   */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(2);

  private static final Duration OUTPUT_GRACE = Duration.ofSeconds(5);
  // How often a caller queued behind another fill checks whether it was cancelled.
  private static final Duration LOCK_POLL = Duration.ofMillis(100);
  private static final int MAX_OUTPUT_BYTES = 64 * 1024;

  private final String git;
  private final Map<String, String> environment;
  private final Duration timeout;
  private final ConcurrentHashMap<Target, GitCredential> filled = new ConcurrentHashMap<>();
  private final ReentrantLock fillLock = new ReentrantLock();

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
    Objects.requireNonNull(gitExecutable, "gitExecutable");
    if (gitExecutable.isBlank() || hasLineBreakOrNul(gitExecutable)) {
      throw new IllegalArgumentException("gitExecutable must name the git command");
    }
    this.git = gitExecutable;
    Objects.requireNonNull(environment, "environment");
    environment.forEach(
        (k, v) -> {
          Objects.requireNonNull(k, "environment variable name");
          Objects.requireNonNull(v, "environment variable " + k);
          if (k.isEmpty() || k.contains("=") || hasLineBreakOrNul(k) || v.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("invalid environment variable for git: " + k);
          }
        });
    this.environment = Map.copyOf(environment);
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive: " + timeout);
    }
    this.timeout = timeout;
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
    Target target = Target.of(request);
    GitCredential known = filled.get(target);
    if (known != null) {
      return known;
    }
    lockCancellably(request.cancellation());
    try {
      known = filled.get(target);
      if (known != null) {
        return known;
      }
      GitCredential credential = fill(target, request.cancellation());
      filled.put(target, credential);
      return credential;
    } finally {
      fillLock.unlock();
    }
  }

  /** Runs {@code git credential approve} once for this credential, so helpers may store it. */
  @Override
  public void accepted(Credential credential) {
    if (credential instanceof GitCredential c
        && c.owner == this
        && c.approved.compareAndSet(false, true)) {
      runQuietly("approve", c);
    }
  }

  /**
   * Forgets this credential and runs {@code git credential reject} once for it, so helpers erase
   * it; the next request fills again.
   */
  @Override
  public void rejected(Credential credential) {
    if (credential instanceof GitCredential c
        && c.owner == this
        && c.rejected.compareAndSet(false, true)) {
      filled.remove(c.target, c);
      runQuietly("reject", c);
    }
  }

  @Override
  public String toString() {
    return "GitCredentialHelperCredentials[" + git + "]";
  }

  // ---------------------------------------------------------------- git credential

  /** Waits for a fill another caller runs (it may prompt), giving up when this one is cancelled. */
  private void lockCancellably(Cancellation cancellation) throws CredentialException {
    try {
      while (!fillLock.tryLock(LOCK_POLL.toMillis(), TimeUnit.MILLISECONDS)) {
        if (cancellation.isCancelled()) {
          throw new CredentialException("cancelled while waiting for git credential fill");
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CredentialException("interrupted while waiting for git credential fill", e);
    }
  }

  private GitCredential fill(Target target, Cancellation cancellation) throws CredentialException {
    String output = run("fill", target.describe(), target.fields(), cancellation);
    Map<String, String> answer = new LinkedHashMap<>();
    for (String line : output.split("\n")) {
      int eq = line.indexOf('=');
      if (eq > 0) {
        answer.putIfAbsent(line.substring(0, eq), stripCr(line.substring(eq + 1)));
      }
    }
    String username = answer.get("username");
    String password = answer.get("password");
    if (username == null || password == null) {
      throw new CredentialException(
          "git credential fill returned no "
              + (username == null ? "username" : "password")
              + " for "
              + target.describe());
    }
    requireClean("username", username);
    requireClean("password", password);
    log.debug("git credential fill answered for {}", target.describe());
    return new GitCredential(this, target, username, password);
  }

  private void runQuietly(String action, GitCredential c) {
    Map<String, String> fields = new LinkedHashMap<>(c.target.fields());
    fields.put("username", c.username);
    fields.put("password", c.password);
    try {
      // Bounded by the timeout; approve and reject run after the request, nothing to cancel.
      run(action, c.target.describe(), fields, new Cancellation());
      log.debug("git credential {} done for {}", action, c.target.describe());
    } catch (CredentialException e) {
      // Storing or erasing is a courtesy to the helper; it never fails the git operation.
      log.debug("git credential {} failed for {}: {}", action, c.target.describe(), e.getMessage());
    }
  }

  private String run(
      String action, String what, Map<String, String> fields, Cancellation cancellation)
      throws CredentialException {
    StringBuilder input = new StringBuilder();
    for (Map.Entry<String, String> field : fields.entrySet()) {
      requireClean(field.getKey(), field.getValue());
      input.append(field.getKey()).append('=').append(field.getValue()).append('\n');
    }
    input.append('\n');
    ProcessBuilder builder = new ProcessBuilder(git, "credential", action);
    builder.environment().putAll(environment);
    builder.redirectError(ProcessBuilder.Redirect.INHERIT);
    String command = "git credential " + action;
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new CredentialException(
          "cannot run " + command + " (" + git + "): " + e.getMessage(), e);
    }
    OutputReader stdout = new OutputReader(process.getInputStream());
    stdout.start();
    // A cancel kills git (and a helper that may be prompting), which ends the wait below at once.
    try (Cancellation.Registration onCancel = cancellation.onCancel(() -> kill(process))) {
      try (OutputStream stdin = process.getOutputStream()) {
        stdin.write(input.toString().getBytes(StandardCharsets.UTF_8));
      } catch (IOException e) {
        // git may exit without reading (e.g. a config error); its exit status says why.
        log.debug("{}: could not write its input: {}", command, e.getMessage());
      }
      boolean finished = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
      if (cancellation.isCancelled()) {
        throw new CredentialException(command + " for " + what + " cancelled");
      }
      if (!finished) {
        throw new CredentialException(
            command + " for " + what + " did not finish within " + timeout.toSeconds() + " s");
      }
      int exit = process.exitValue();
      if (exit != 0) {
        throw new CredentialException(command + " for " + what + " failed (exit " + exit + ")");
      }
      return stdout.await(OUTPUT_GRACE, command);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CredentialException(command + " for " + what + " was interrupted", e);
    } finally {
      if (process.isAlive()) {
        kill(process);
      }
    }
  }

  private static void kill(Process process) {
    // git runs helpers through a shell: a hung helper is a grandchild and must go too.
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
  }

  private static void requireClean(String field, String value) throws CredentialException {
    if (hasLineBreakOrNul(value)) {
      // A5/A3: the value may be secret or crafted; name the field only.
      throw new CredentialException(
          "refusing to use git credential: the " + field + " contains a CR, LF or NUL character");
    }
  }

  private static boolean hasLineBreakOrNul(String s) {
    return s.indexOf('\r') >= 0 || s.indexOf('\n') >= 0 || s.indexOf('\0') >= 0;
  }

  private static String stripCr(String s) {
    // Helpers written on Windows may end lines with CRLF.
    return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
  }

  // ---------------------------------------------------------------- values

  /** Where a credential is for: the fields of git's credential protocol. */
  private record Target(String protocol, String host, String path) {

    static Target of(CredentialRequest request) throws CredentialException {
      URI uri = entryUri(request.audience());
      if (uri == null) {
        uri = request.uri();
      }
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if (uri.getHost() == null || !(scheme.equals("http") || scheme.equals("https"))) {
        throw new CredentialException("git credential needs an http(s) URL with a host");
      }
      String host = uri.getHost() + (uri.getPort() >= 0 ? ":" + uri.getPort() : "");
      String path = uri.getPath() == null ? "" : uri.getPath();
      while (path.startsWith("/")) {
        path = path.substring(1);
      }
      Target target = new Target(scheme, host, path);
      for (Map.Entry<String, String> field : target.fields().entrySet()) {
        requireClean(field.getKey(), field.getValue());
      }
      return target;
    }

    private static URI entryUri(String audience) {
      try {
        URI uri = new URI(audience);
        return uri.isAbsolute() && uri.getHost() != null ? uri : null;
      } catch (URISyntaxException e) {
        return null;
      }
    }

    Map<String, String> fields() {
      Map<String, String> fields = new LinkedHashMap<>();
      fields.put("protocol", protocol);
      fields.put("host", host);
      if (!path.isEmpty()) {
        fields.put("path", path);
      }
      return fields;
    }

    String describe() {
      return protocol + "://" + host;
    }
  }

  /** A filled credential; recognised again in accepted/rejected. Immutable apart from its flags. */
  private static final class GitCredential implements Credential {
    private final GitCredentialHelperCredentials owner;
    private final Target target;
    private final String username;
    private final String password;
    private final Headers headers;
    private final AtomicBoolean approved = new AtomicBoolean();
    private final AtomicBoolean rejected = new AtomicBoolean();

    GitCredential(
        GitCredentialHelperCredentials owner, Target target, String username, String password) {
      this.owner = owner;
      this.target = target;
      this.username = username;
      this.password = password;
      String basic =
          Base64.getEncoder()
              .encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
      this.headers = Headers.empty().with("Authorization", "Basic " + basic);
    }

    @Override
    public Headers headers() {
      return headers;
    }

    @Override
    public String toString() {
      return "Credential[Authorization: git credential for " + target.describe() + "]";
    }
  }

  /** Drains git's stdout on its own thread, so a chatty helper can never block on a full pipe. */
  private static final class OutputReader extends Thread {
    private final InputStream in;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private volatile IOException failure;

    OutputReader(InputStream in) {
      super("git-credential-stdout");
      setDaemon(true);
      this.in = in;
    }

    @Override
    public void run() {
      byte[] buffer = new byte[4096];
      try (InputStream stream = in) {
        int n;
        while ((n = stream.read(buffer)) >= 0) {
          synchronized (out) {
            if (out.size() + n > MAX_OUTPUT_BYTES) {
              throw new IOException("more than " + MAX_OUTPUT_BYTES + " bytes of output");
            }
            out.write(buffer, 0, n);
          }
        }
      } catch (IOException e) {
        failure = e;
      }
    }

    String await(Duration grace, String command) throws InterruptedException, CredentialException {
      join(grace.toMillis());
      if (isAlive()) {
        throw new CredentialException(command + " exited but its output did not end");
      }
      if (failure != null) {
        throw new CredentialException(
            command + ": cannot read its output: " + failure.getMessage());
      }
      synchronized (out) {
        return out.toString(StandardCharsets.UTF_8);
      }
    }
  }
}
