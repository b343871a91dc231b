package io.entire.transport.application.service;

import io.entire.transport.application.port.out.CredentialPort;
import io.entire.transport.application.port.out.HttpExchangePort;
import io.entire.transport.application.port.out.MonotonicClock;
import io.entire.transport.application.port.out.RandomSource;
import io.entire.transport.application.port.out.ReplicaCachePort;
import io.entire.transport.application.port.out.TransportEventListener;
import io.entire.transport.domain.FailoverPolicy;
import io.entire.transport.domain.Headers;
import io.entire.transport.domain.PublicSuffixList;
import java.time.Duration;
import java.util.Objects;

/**
 * What every transport of one client shares (DESIGN §9, L3): the ports, the event listener and the
 * one connection setting the service needs. The composition root makes one per client; each {@link
 * ReplicaTransportService} adds its repository.
 *
 * @param http sends single requests over the client's connection pool
 * @param credentials supplies credentials for in-cluster requests (and caches tokens)
 * @param cache remembers replicas across sessions and processes
 * @param random picks the first node (F1)
 * @param publicSuffixes decides whether the cluster host's subdomains are trusted (R3)
 * @param clock measures the time one discovery call spends on failed connections
 * @param connectTimeout the client's connect timeout, which sizes a discovery call's budget for
 *     failed connections (three of them); a client setting, so it comes from the client, not from a
 *     repository's configuration
 * @param events told what the transports do (O1); never throws into a call
 * @param extraHeaders sent on every request to an in-cluster host (N4), never to another host, and
 *     never in place of the credential's own fields
 * @param hedgeDelay D2: how long a discovery GET waits for response headers before the next node is
 *     asked too; zero turns hedging off
 */
public record ClientParts(
    HttpExchangePort http,
    CredentialPort credentials,
    ReplicaCachePort cache,
    RandomSource random,
    PublicSuffixList publicSuffixes,
    MonotonicClock clock,
    Duration connectTimeout,
    TransportEventListener events,
    Headers extraHeaders,
    Duration hedgeDelay) {

  /** The parts with the default hedge delay (D2). */
  public ClientParts(
      HttpExchangePort http,
      CredentialPort credentials,
      ReplicaCachePort cache,
      RandomSource random,
      PublicSuffixList publicSuffixes,
      MonotonicClock clock,
      Duration connectTimeout,
      TransportEventListener events,
      Headers extraHeaders) {
    this(
        http,
        credentials,
        cache,
        random,
        publicSuffixes,
        clock,
        connectTimeout,
        events,
        extraHeaders,
        FailoverPolicy.DEFAULT_HEDGE_DELAY);
  }

  /** The parts without extra headers (N4). */
  public ClientParts(
      HttpExchangePort http,
      CredentialPort credentials,
      ReplicaCachePort cache,
      RandomSource random,
      PublicSuffixList publicSuffixes,
      MonotonicClock clock,
      Duration connectTimeout,
      TransportEventListener events) {
    this(
        http,
        credentials,
        cache,
        random,
        publicSuffixes,
        clock,
        connectTimeout,
        events,
        Headers.empty());
  }

  /** Validates the parts. */
  public ClientParts {
    Objects.requireNonNull(http, "http");
    Objects.requireNonNull(credentials, "credentials");
    Objects.requireNonNull(cache, "cache");
    Objects.requireNonNull(random, "random");
    Objects.requireNonNull(publicSuffixes, "publicSuffixes");
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(connectTimeout, "connectTimeout");
    if (connectTimeout.isNegative() || connectTimeout.isZero()) {
      throw new IllegalArgumentException("connectTimeout must be positive: " + connectTimeout);
    }
    Objects.requireNonNull(events, "events");
    Objects.requireNonNull(extraHeaders, "extraHeaders");
    requireHedgeDelay(hedgeDelay);
  }

  /**
   * Checks a hedge delay (D2): zero (no hedging) or more.
   *
   * @param delay the delay
   * @return the delay
   * @throws IllegalArgumentException when it is negative
   * @since 0.2
   */
  public static Duration requireHedgeDelay(Duration delay) {
    if (Objects.requireNonNull(delay, "hedgeDelay").isNegative()) {
      throw new IllegalArgumentException("hedgeDelay must not be negative: " + delay);
    }
    return delay;
  }
}
