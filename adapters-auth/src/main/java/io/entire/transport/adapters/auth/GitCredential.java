package io.entire.transport.adapters.auth;

import io.entire.transport.application.port.out.Credential;
import io.entire.transport.domain.Headers;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A credential filled by git's helpers, sent as HTTP Basic auth; the adapter that filled it
 * recognises it again in {@code accepted}/{@code rejected}, each of which runs at most once for it.
 *
 * <p>Thread-safe: immutable apart from its two once-only flags, which are atomic. {@link
 * #toString()} shows neither the username nor the password (A5).
 */
final class GitCredential implements Credential {
  private final GitCredentialHelperCredentials owner;
  private final CredentialTarget target;
  private final String username;
  private final String password;
  private final Headers headers;
  private final AtomicBoolean approved = new AtomicBoolean();
  private final AtomicBoolean rejected = new AtomicBoolean();

  GitCredential(
      GitCredentialHelperCredentials owner,
      CredentialTarget target,
      String username,
      String password) {
    String basic =
        Base64.getEncoder()
            .encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
    this.headers = Headers.empty().with("Authorization", "Basic " + basic);
    this.owner = owner;
    this.target = target;
    this.username = username;
    this.password = password;
  }

  boolean isFrom(GitCredentialHelperCredentials adapter) {
    return owner == adapter;
  }

  CredentialTarget target() {
    return target;
  }

  /** Returns true the first time only: {@code git credential approve} runs once. */
  boolean markApproved() {
    return approved.compareAndSet(false, true);
  }

  /** Returns true the first time only: {@code git credential reject} runs once. */
  boolean markRejected() {
    return rejected.compareAndSet(false, true);
  }

  /** The protocol fields of {@code approve} and {@code reject}: the target, username, password. */
  Map<String, String> fields() {
    Map<String, String> fields = new LinkedHashMap<>(target.fields());
    fields.put("username", username);
    fields.put("password", password);
    return fields;
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
