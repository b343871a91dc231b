package io.entire.transport.bootstrap;

import io.entire.transport.adapters.cache.FileReplicaCache;
import io.entire.transport.adapters.http.ApacheHttpExchange;
import io.entire.transport.adapters.http.HttpClientPublicSuffixList;
import io.entire.transport.adapters.http.HttpSettings;
import io.entire.transport.application.port.in.GitTransport;
import io.entire.transport.application.port.in.TransportConfig;
import io.entire.transport.application.port.out.CredentialPort;
import io.entire.transport.application.port.out.MonotonicClock;
import io.entire.transport.application.port.out.RandomSource;
import io.entire.transport.application.port.out.ReplicaCachePort;
import io.entire.transport.application.service.ReplicaTransportService;
import io.entire.transport.domain.PublicSuffixList;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The one wiring graph of a transport (DESIGN §3): which adapter serves which port and how the
 * parts connect, said once. {@link TransportModule} provides this object and takes every part from
 * it, and {@link #open} uses it directly for {@link EntireTransports#openWithoutInjector}, so a
 * transport built with or without Guice is wired by the same code; a new part is added here only.
 *
 * <p>Why both: git starts {@code git-remote-entire} for every fetch, push and ls-remote, and
 * building a Guice injector was the largest part of that process's startup.
 *
 * <p>One assembly per injector (or per {@link #open}): it owns the HTTP exchange and its connection
 * pool, made on first use, which its creator closes. Thread-safe.
 */
final class TransportAssembly {
  /** The clock of every transport: system time in UTC. */
  static final Clock CLOCK = Clock.systemUTC();

  private final TransportConfig config;
  private final ReplicaCachePort cache;
  private ApacheHttpExchange http;

  TransportAssembly(TransportConfig config, Path cacheFile) {
    this.config = Objects.requireNonNull(config, "config");
    this.cache = new FileReplicaCache(Objects.requireNonNull(cacheFile, "cacheFile"), CLOCK);
  }

  /** The HTTP exchange and its connection pool (one per assembly; the creator closes it). */
  synchronized ApacheHttpExchange http() {
    if (http == null) {
      http = new ApacheHttpExchange(HttpSettings.from(config));
    }
    return http;
  }

  /** The replica cache (K1). */
  ReplicaCachePort cache() {
    return cache;
  }

  /** The randomness that picks the first replica (F1). */
  RandomSource random() {
    return RandomSource.DEFAULT;
  }

  /** HttpClient 5's public suffix list, loaded when first asked. */
  PublicSuffixList publicSuffixes() {
    return HttpClientPublicSuffixList.getDefault();
  }

  /**
   * A new transport over this assembly's parts and {@code credentials}; not thread-safe, like every
   * transport. When a node fails, the transport itself invalidates the replica cache entry of the
   * repository (K6) after the configured listener ran.
   */
  GitTransport newTransport(CredentialPort credentials) {
    return new ReplicaTransportService(
        config,
        http(),
        Objects.requireNonNull(credentials, "credentials"),
        cache,
        random(),
        publicSuffixes(),
        MonotonicClock.SYSTEM);
  }

  /**
   * Makes every part and connects them, as an injector over {@link TransportModule} and {@code
   * auth} would.
   *
   * @throws IllegalArgumentException when a part cannot be made, with the reason
   */
  static EntireTransport open(TransportConfig config, Path cacheFile, AuthModule auth) {
    List<AutoCloseable> resources = new ArrayList<>(2);
    try {
      TransportAssembly assembly = new TransportAssembly(config, cacheFile);
      resources.add(assembly.http());
      CredentialPort credentials = auth.newCredentials(config, CLOCK);
      if (credentials instanceof AutoCloseable closeable) {
        resources.add(closeable);
      }
      return new EntireTransport(assembly.newTransport(credentials), resources);
    } catch (RuntimeException e) {
      EntireTransport.closeAll(resources);
      if (e instanceof IllegalArgumentException) {
        throw e;
      }
      // The same report as a failed injector's (EntireTransports#wiringFailure).
      throw new IllegalArgumentException("cannot create the transport: " + e.getMessage(), e);
    }
  }
}
