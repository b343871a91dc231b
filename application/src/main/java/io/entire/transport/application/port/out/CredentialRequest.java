package io.entire.transport.application.port.out;

import io.entire.transport.domain.RepoAction;
import java.net.URI;
import java.util.Objects;

/**
 * What a credential is asked for.
 *
 * @param method the HTTP method
 * @param uri the request URI (an in-cluster host)
 * @param action pull or push, deciding the token scope
 * @param audience the entry base URL + repo path the token is minted for (A2)
 */
public record CredentialRequest(String method, URI uri, RepoAction action, String audience) {
  /** Validates the request. */
  public CredentialRequest {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(uri, "uri");
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(audience, "audience");
  }
}
