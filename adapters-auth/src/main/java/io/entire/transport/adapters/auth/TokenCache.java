package io.entire.transport.adapters.auth;

import io.entire.transport.application.port.in.Cancellation;
import io.entire.transport.domain.CredentialException;
import java.io.IOException;
import java.time.Clock;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;

/**
 * The minted tokens of one {@link TokenExchangeCredentials}, one per {@link TokenTarget}, with
 * single flight (A2): concurrent callers for one target share one exchange. The first caller mints
 * on its own thread; the others wait for its future. A token is handed out while {@link
 * MintedToken#isFreshAt} says so on the injected clock; after that, the first caller to notice
 * mints the next one.
 *
 * <p>A failed exchange is not cached: its waiters get the same error and the next call tries again.
 * A cancelled caller stops waiting at once (DESIGN §3); when the cancelled caller was the one
 * minting, its waiters start over instead of failing.
 *
 * <p>Thread-safe and lock-free: a {@link ConcurrentHashMap} of futures, each replaced only by
 * compare-and-remove.
 */
final class TokenCache {

  /** Mints a token for a target on the calling thread. */
  @FunctionalInterface
  interface Minter {
    MintedToken mint(TokenTarget target, Cancellation cancellation) throws CredentialException;
  }

  private final Clock clock;
  private final ConcurrentHashMap<TokenTarget, CompletableFuture<MintedToken>> tokens =
      new ConcurrentHashMap<>();

  /**
   * @param clock the clock deciding whether a token is still fresh
   */
  TokenCache(Clock clock) {
    this.clock = clock;
  }

  /**
   * Returns the cached, still fresh token for the target, or the one {@code minter} mints now (on
   * this thread, or on the thread of a caller already minting it).
   */
  MintedToken tokenFor(TokenTarget target, Cancellation cancellation, Minter minter)
      throws CredentialException {
    while (true) {
      CompletableFuture<MintedToken> mine = new CompletableFuture<>();
      CompletableFuture<MintedToken> current = tokens.putIfAbsent(target, mine);
      if (current == null) {
        return mint(target, mine, cancellation, minter);
      }
      MintedToken token = await(current, cancellation);
      if (token == null) {
        continue; // the caller minting it was cancelled: this one tries again
      }
      if (token.isFreshAt(clock.instant())) {
        return token;
      }
      // Expired or about to: whoever removes it first mints the next one, the others wait on it.
      tokens.remove(target, current);
    }
  }

  /**
   * Drops this token if it came from this cache and is still the cached one, so the next call mints
   * a fresh token.
   *
   * @return whether it was dropped now
   */
  boolean drop(MintedToken token) {
    if (token.cache() != this) {
      return false;
    }
    CompletableFuture<MintedToken> current = tokens.get(token.target());
    return current != null
        && current.isDone()
        && !current.isCompletedExceptionally()
        && current.getNow(null) == token
        && tokens.remove(token.target(), current);
  }

  private MintedToken mint(
      TokenTarget target,
      CompletableFuture<MintedToken> pending,
      Cancellation cancellation,
      Minter minter)
      throws CredentialException {
    try {
      MintedToken token = minter.mint(target, cancellation);
      pending.complete(token);
      return token;
    } catch (CredentialException | RuntimeException | Error e) {
      // Remove first: a later caller must try again rather than see this failure forever.
      tokens.remove(target, pending);
      // Callers waiting for this exchange were not cancelled themselves: they start over.
      pending.completeExceptionally(cancellation.isCancelled() ? new MintAbandoned() : e);
      throw e;
    }
  }

  /**
   * Waits for another caller's exchange; a cancel of this caller ends the wait at once (DESIGN §3).
   *
   * @return the token, or null when the minting caller was cancelled and this one should retry
   */
  private static MintedToken await(
      CompletableFuture<MintedToken> pending, Cancellation cancellation)
      throws CredentialException {
    // A view of the shared future, so cancelling it ends this wait only.
    CompletableFuture<MintedToken> view = pending.thenApply(token -> token);
    try (Cancellation.Registration onCancel = cancellation.onCancel(() -> view.cancel(false))) {
      return view.get();
    } catch (CancellationException e) {
      throw new CredentialException("cancelled while waiting for a token exchange", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CredentialException("interrupted while waiting for a token exchange", e);
    } catch (ExecutionException e) {
      Throwable cause =
          e.getCause() instanceof CompletionException wrapped ? wrapped.getCause() : e.getCause();
      if (cause instanceof MintAbandoned) {
        return null;
      }
      if (cause instanceof CredentialException ce) {
        // A new exception so the stack trace shows this caller too; the message stays verbatim.
        throw new CredentialException(ce.getMessage(), ce, ce.isRetryable());
      }
      // L5: an I/O failure may pass; anything else is a defect that will repeat.
      throw new CredentialException(
          "token exchange failed: " + cause, cause, cause instanceof IOException);
    }
  }

  /** Completes a shared exchange whose minting caller was cancelled; waiters start over. */
  private static final class MintAbandoned extends RuntimeException {
    private static final long serialVersionUID = 1L;

    MintAbandoned() {
      super("token exchange abandoned by a cancelled caller", null, false, false);
    }
  }
}
