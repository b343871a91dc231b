package io.entire.transport.adapters.auth;

import io.entire.transport.application.port.in.Cancellation;
import io.entire.transport.domain.CredentialException;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The credentials git's helpers filled, one per {@link CredentialTarget}, kept in memory until
 * rejected, so one git operation prompts at most once (A3).
 *
 * <p>Thread-safe: the cache is concurrent and fills are serialized by one lock, so concurrent
 * callers never cause two prompts; a caller queued behind a fill (which may wait for a human) gives
 * up when it is cancelled (DESIGN §3).
 */
final class FilledCredentials {
  // How often a caller queued behind another fill checks whether it was cancelled.
  private static final Duration LOCK_POLL = Duration.ofMillis(100);

  /** Fills a credential on the calling thread. */
  @FunctionalInterface
  interface Filler {
    GitCredential fill(CredentialTarget target, Cancellation cancellation)
        throws CredentialException;
  }

  private final ConcurrentHashMap<CredentialTarget, GitCredential> filled =
      new ConcurrentHashMap<>();
  private final ReentrantLock fillLock = new ReentrantLock();

  /** Returns the credential remembered for the target, or the one {@code filler} fills now. */
  GitCredential credentialFor(CredentialTarget target, Cancellation cancellation, Filler filler)
      throws CredentialException {
    GitCredential known = filled.get(target);
    if (known != null) {
      return known;
    }
    lockCancellably(cancellation);
    try {
      known = filled.get(target);
      if (known != null) {
        return known;
      }
      GitCredential credential = filler.fill(target, cancellation);
      filled.put(target, credential);
      return credential;
    } finally {
      fillLock.unlock();
    }
  }

  /** Forgets this credential if it is still the remembered one; the next request fills again. */
  void forget(GitCredential credential) {
    filled.remove(credential.target(), credential);
  }

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
}
