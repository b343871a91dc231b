package io.entire.transport.adapters.auth;

import io.entire.transport.domain.RepoAction;

/**
 * What a minted token is for: the exchange's {@code audience} (entry base URL and repository path)
 * and the action, whose {@link RepoAction#scope()} is the exchange's {@code scope}. The key of
 * {@link TokenCache}. Immutable.
 */
record TokenTarget(String audience, RepoAction action) {

  /** The OAuth scope asked for, {@code repo:pull} or {@code repo:push}. */
  String scope() {
    return action.scope();
  }
}
