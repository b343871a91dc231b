package io.entire.transport.application.port.out;

import io.entire.transport.domain.CredentialException;

/**
 * Supplies credentials for outbound requests (DESIGN §6). Called per attempt (per node), only for
 * requests to in-cluster hosts (X3).
 *
 * <p>Implementations must be thread-safe.
 *
 * @since 0.1
 */
public interface CredentialPort {

  /**
   * Returns the credential for a request.
   *
   * @param request what is about to be sent
   * @return the credential to apply, or {@link Credential#NONE}
   * @throws CredentialException when credentials cannot be obtained; aborts without failover (F4),
   *     and its message is shown verbatim
   */
  Credential credentialFor(CredentialRequest request) throws CredentialException;

  /**
   * The data plane answered 401 to a request carrying this credential: invalidate it so the next
   * {@link #credentialFor} produces a fresh one. Default: nothing.
   */
  default void rejected(Credential credential) {}

  /** The data plane accepted a request carrying this credential. Default: nothing. */
  default void accepted(Credential credential) {}
}
