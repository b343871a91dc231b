package io.entire.transport.adapters.auth;

import io.entire.transport.application.port.out.Credential;
import io.entire.transport.application.port.out.CredentialPort;
import io.entire.transport.application.port.out.CredentialRequest;
import java.util.Objects;

/**
 * No authentication (A4): every request goes out without an {@code Authorization} header, e.g. for
 * public repositories or a data plane behind a trusted network.
 *
 * <p>Stateless, immutable and thread-safe.
 */
public final class NoCredentials implements CredentialPort {

  /** Creates the adapter. */
  public NoCredentials() {}

  /** Returns {@link Credential#NONE}. */
  @Override
  public Credential credentialFor(CredentialRequest request) {
    Objects.requireNonNull(request, "request");
    return Credential.NONE;
  }

  @Override
  public String toString() {
    return "NoCredentials";
  }
}
