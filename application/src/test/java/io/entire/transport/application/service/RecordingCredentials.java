package io.entire.transport.application.service;

import io.entire.transport.application.port.out.Credential;
import io.entire.transport.application.port.out.CredentialPort;
import io.entire.transport.application.port.out.CredentialRequest;
import io.entire.transport.domain.CredentialException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * A credential port that mints {@code Bearer t1}, {@code Bearer t2}, … (a fresh token per call) and
 * records every call; it can be told to fail with a {@link CredentialException}.
 */
final class RecordingCredentials implements CredentialPort {
  final List<CredentialRequest> requests = new ArrayList<>();
  final List<Credential> issued = new ArrayList<>();
  final List<Credential> rejected = new ArrayList<>();
  final List<Credential> accepted = new ArrayList<>();
  private CredentialException failure;
  private int failAfter = Integer.MAX_VALUE;
  private Consumer<CredentialRequest> beforeAnswer = request -> {};

  /** Runs this on every call before it answers or fails (e.g. to cancel mid-call). */
  RecordingCredentials beforeAnswer(Consumer<CredentialRequest> action) {
    this.beforeAnswer = action;
    return this;
  }

  /** Every call from now on fails with this exception. */
  RecordingCredentials failWith(CredentialException e) {
    return failWith(e, 0);
  }

  /** Calls after the first {@code succeeding} ones fail with this exception. */
  RecordingCredentials failWith(CredentialException e, int succeeding) {
    this.failure = e;
    this.failAfter = succeeding;
    return this;
  }

  @Override
  public Credential credentialFor(CredentialRequest request) throws CredentialException {
    requests.add(request);
    beforeAnswer.accept(request);
    if (failure != null && requests.size() > failAfter) {
      throw failure;
    }
    Credential c = Credential.header("Authorization", "Bearer t" + (issued.size() + 1));
    issued.add(c);
    return c;
  }

  @Override
  public void rejected(Credential credential) {
    rejected.add(credential);
  }

  @Override
  public void accepted(Credential credential) {
    accepted.add(credential);
  }

  /** The hosts credentials were asked for, in order. */
  List<String> hosts() {
    return requests.stream().map(r -> r.uri().getHost()).toList();
  }
}
