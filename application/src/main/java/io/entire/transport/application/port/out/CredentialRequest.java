package io.entire.transport.application.port.out;

import io.entire.transport.application.port.in.Cancellation;
import io.entire.transport.domain.HttpUrl;
import io.entire.transport.domain.RepoAction;
import java.net.URI;
import java.util.Objects;
import java.util.Optional;

/**
 * What a credential is asked for.
 *
 * <p>An adapter that waits (for a token endpoint, a credential helper process, another caller's
 * exchange) registers with {@link #cancellation()} so a cancelled call returns within a second
 * (DESIGN §3); it then fails with a {@link io.entire.transport.domain.CredentialException}, which
 * the transport reports as a cancellation.
 *
 * <p>Immutable and thread-safe (the cancellation handle it carries is thread-safe too).
 *
 * @param method the HTTP method
 * @param uri the request URI (an in-cluster host)
 * @param action pull or push, deciding the token scope
 * @param audience the entry base URL + repo path the token is minted for (A2), exactly as it goes
 *     on the wire; only the repo path when the transport has no entry URL
 * @param audienceUrl the audience as a URL, empty when it is not one (no entry URL): the adapters
 *     that need its host or path read them here instead of parsing {@code audience}
 * @param cancellation the cancellation handle of the call that needs the credential
 * @since 0.1
 */
public record CredentialRequest(
    String method,
    URI uri,
    RepoAction action,
    String audience,
    Optional<HttpUrl> audienceUrl,
    Cancellation cancellation) {
  /** Validates the request. */
  public CredentialRequest {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(uri, "uri");
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(audience, "audience");
    Objects.requireNonNull(audienceUrl, "audienceUrl");
    Objects.requireNonNull(cancellation, "cancellation");
  }

  /**
   * A request whose audience is given only as text (the form before {@code audienceUrl} existed);
   * the URL is read from it once, here.
   */
  public CredentialRequest(
      String method, URI uri, RepoAction action, String audience, Cancellation cancellation) {
    this(method, uri, action, audience, HttpUrl.parse(audience), cancellation);
  }

  /** A request that is never cancelled, e.g. for an adapter used outside a transport. */
  public CredentialRequest(String method, URI uri, RepoAction action, String audience) {
    this(method, uri, action, audience, new Cancellation());
  }
}
