package io.entire.transport.jgit;

import io.entire.transport.domain.AuthenticationFailedException;
import io.entire.transport.domain.RepositoryNotFoundException;
import org.eclipse.jgit.errors.NoRemoteRepositoryException;
import org.eclipse.jgit.errors.TransportException;
import org.eclipse.jgit.transport.URIish;

/**
 * Turns a failure of the client into the JGit exception JGit callers expect (J5): JGit's {@link
 * TransportException} with the transport's message and the client's exception (L5) as cause, so a
 * caller can both read the message and decide on the typed cause.
 */
final class JGitFailures {
  private JGitFailures() {}

  /**
   * The JGit exception for a failed request of {@code uri}: {@link NoRemoteRepositoryException} for
   * a 404, "not authorized: …" for a 401, else {@link TransportException}.
   */
  static TransportException toJGit(URIish uri, Exception failure) {
    if (failure instanceof TransportException jgit) {
      return jgit;
    }
    String message = failure.getMessage() == null ? failure.toString() : failure.getMessage();
    if (failure instanceof RepositoryNotFoundException) {
      NoRemoteRepositoryException notFound = new NoRemoteRepositoryException(uri, message);
      notFound.initCause(failure);
      return notFound;
    }
    if (failure instanceof AuthenticationFailedException) {
      // JGit's own wording for a refused credential, so callers matching on it keep working.
      return new TransportException(uri, "not authorized: " + message, failure);
    }
    return new TransportException(uri, message, failure);
  }
}
