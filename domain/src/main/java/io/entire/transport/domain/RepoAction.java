package io.entire.transport.domain;

/**
 * What a request does to a repository; decides the token scope a credential is minted for (A2).
 *
 * <p>Immutable and thread-safe.
 *
 * @since 0.1
 */
public enum RepoAction {
  /** Reading: upload-pack discovery and RPC. */
  PULL("repo:pull"),
  /** Writing: receive-pack discovery and RPC. */
  PUSH("repo:push");

  private final String scope;

  RepoAction(String scope) {
    this.scope = scope;
  }

  /** Returns the OAuth scope requested for this action, e.g. {@code repo:pull}. */
  public String scope() {
    return scope;
  }
}
