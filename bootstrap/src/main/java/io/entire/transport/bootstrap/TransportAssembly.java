package io.entire.transport.bootstrap;

import io.entire.transport.adapters.cache.FileReplicaCache;
import io.entire.transport.adapters.http.ApacheHttpExchange;
import io.entire.transport.adapters.http.HttpClientPublicSuffixList;
import io.entire.transport.adapters.http.HttpSettings;
import io.entire.transport.application.port.in.GitTransport;
import io.entire.transport.application.port.in.TransportConfig;
import io.entire.transport.application.port.out.CredentialPort;
import io.entire.transport.application.port.out.HttpExchangePort;
import io.entire.transport.application.port.out.RandomSource;
import io.entire.transport.application.port.out.ReplicaCachePort;
import io.entire.transport.application.service.ReplicaTransportService;
import io.entire.transport.domain.PublicSuffixList;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * How the parts of one transport are made and connected (DESIGN §3), as plain factory methods: the
 * single place that says so. {@link TransportModule}'s bindings and providers call these methods,
 * and {@link #open} calls them directly for {@link EntireTransports#openWithoutInjector}, so a
 * transport built with or without Guice is wired by the same code.
 *
 * <p>Why both: git starts {@code git-remote-entire} for every fetch, push and ls-remote, and
 * building a Guice injector was the largest part of that process's startup.
 *
 * <p>Stateless; thread-safe.
 */
final class TransportAssembly {
  private TransportAssembly() {}

  /** The clock of every transport: system time in UTC. */
  static Clock clock() {
    return Clock.systemUTC();
  }

  /** The randomness that shuffles replicas. */
  static RandomSource random() {
    return RandomSource.DEFAULT;
  }

  /** HttpClient 5's public suffix list, loaded when first asked. */
  static PublicSuffixList publicSuffixes() {
    return HttpClientPublicSuffixList.getDefault();
  }

  /** The HTTP exchange and its connection pool, which the caller closes. */
  static ApacheHttpExchange httpExchange(TransportConfig config) {
    return new ApacheHttpExchange(HttpSettings.from(config));
  }

  /** The replica cache in {@code cacheFile} (K1). */
  static ReplicaCachePort replicaCache(Path cacheFile, Clock clock) {
    return new FileReplicaCache(cacheFile, clock);
  }

  /**
   * The transport service over the given parts. When a node fails, the service itself invalidates
   * the replica cache entry of the repository (K6) after the configured listener ran.
   */
  static GitTransport gitTransport(
      TransportConfig config,
      HttpExchangePort http,
      CredentialPort credentials,
      ReplicaCachePort cache,
      RandomSource random,
      PublicSuffixList publicSuffixes) {
    return new ReplicaTransportService(config, http, credentials, cache, random, publicSuffixes);
  }

  /**
   * Makes every part and connects them, as an injector over {@link TransportModule} and {@code
   * auth} would.
   *
   * @throws IllegalArgumentException when a part cannot be made, with the reason
   */
  static EntireTransport open(TransportConfig config, Path cacheFile, AuthModule auth) {
    Clock clock = clock();
    List<AutoCloseable> resources = new ArrayList<>(2);
    try {
      ApacheHttpExchange http = httpExchange(config);
      resources.add(http);
      CredentialPort credentials = auth.newCredentials(config, clock);
      if (credentials instanceof AutoCloseable closeable) {
        resources.add(closeable);
      }
      GitTransport transport =
          gitTransport(
              config,
              http,
              credentials,
              replicaCache(cacheFile, clock),
              random(),
              publicSuffixes());
      return new EntireTransport(transport, resources);
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
