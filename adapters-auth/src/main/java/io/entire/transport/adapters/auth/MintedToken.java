package io.entire.transport.adapters.auth;

import io.entire.transport.application.port.out.Credential;
import io.entire.transport.domain.Headers;
import java.time.Duration;
import java.time.Instant;

/**
 * A token minted by the exchange, as the {@code Authorization: Bearer} credential a request
 * carries, with the instants it expires and is due for replacement. The {@link TokenCache} that
 * holds it recognises it again when it is rejected.
 *
 * <p>Immutable, so thread-safe; {@link #toString()} never shows the token (A5).
 */
final class MintedToken implements Credential {
  private static final Duration MAX_REFRESH_MARGIN = Duration.ofSeconds(60);

  private final TokenCache cache;
  private final TokenTarget target;
  private final Headers headers;
  private final Instant expiresAt;
  private final Instant refreshAt;

  /**
   * A token that lives {@code ttl} from {@code sentAt}, the instant the exchange request left (so
   * the server's start of the lifetime is never ahead of ours), and is replaced {@code min(60 s,
   * ttl/2)} before it expires.
   */
  MintedToken(
      TokenCache cache, TokenTarget target, String accessToken, Instant sentAt, Duration ttl) {
    this.cache = cache;
    this.target = target;
    this.headers = Headers.empty().with("Authorization", "Bearer " + accessToken);
    Duration margin =
        ttl.dividedBy(2).compareTo(MAX_REFRESH_MARGIN) < 0 ? ttl.dividedBy(2) : MAX_REFRESH_MARGIN;
    this.expiresAt = sentAt.plus(ttl);
    this.refreshAt = expiresAt.minus(margin);
  }

  TokenCache cache() {
    return cache;
  }

  TokenTarget target() {
    return target;
  }

  /** Whether the token may still be handed out at {@code now}. */
  boolean isFreshAt(Instant now) {
    return now.isBefore(refreshAt);
  }

  @Override
  public Headers headers() {
    return headers;
  }

  @Override
  public String toString() {
    return "Credential[Authorization: minted token for "
        + target.audience()
        + " "
        + target.scope()
        + ", expires "
        + expiresAt
        + "]";
  }
}
