package io.entire.transport.bootstrap;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import io.entire.transport.adapters.cache.FileReplicaCache;
import io.entire.transport.adapters.http.ApacheHttpExchange;
import io.entire.transport.adapters.http.HttpClientPublicSuffixList;
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
import java.util.Objects;

/**
 * Wires the transport of one repository (DESIGN §3): {@link HttpExchangePort} → {@link
 * ApacheHttpExchange}, {@link ReplicaCachePort} → {@link FileReplicaCache}, {@link
 * PublicSuffixList} → {@link HttpClientPublicSuffixList}, {@link RandomSource#DEFAULT}, the system
 * UTC {@link Clock}, the given {@link TransportConfig}, and {@link GitTransport} → {@link
 * ReplicaTransportService}. The {@link CredentialPort} comes from an auth module ({@link
 * StaticTokenAuthModule}, {@link TokenExchangeAuthModule}, {@link GitCredentialAuthModule}, {@link
 * NoAuthModule} or {@link EnvironmentAuthModule}); choosing another one swaps authentication.
 *
 * <p>What each part is and how they connect is said once, in {@code TransportAssembly}: this module
 * provides one assembly per injector and takes every binding from it, and {@link
 * EntireTransports#openWithoutInjector} uses the same assembly without Guice.
 *
 * <p>Scopes: the HTTP exchange (and its connection pool), the replica cache and the public suffix
 * list are singletons of the injector; every injection of {@link GitTransport} is a new,
 * not-thread-safe transport sharing them. When a node fails, the transport invalidates the replica
 * cache entry of the repository (K6) after the configured listener ran.
 *
 * <p><b>Closing</b>: the injector's {@link ApacheHttpExchange} owns pooled connections and must be
 * closed; {@link EntireTransports#open} does it for you through {@link EntireTransport#close()}.
 *
 * <p>The module itself is immutable and thread-safe.
 */
public final class TransportModule extends AbstractModule {
  private final TransportConfig config;
  private final Path cacheFile;

  /**
   * Wires the transport with the default replica cache file (K1: {@code
   * $XDG_CACHE_HOME/entire/nodes.json}, else {@code ~/.cache/entire/nodes.json}).
   *
   * @param config the repository and how to talk to it
   */
  public TransportModule(TransportConfig config) {
    this(config, FileReplicaCache.defaultFile(System.getenv()));
  }

  /**
   * Wires the transport with an explicit replica cache file.
   *
   * @param config the repository and how to talk to it
   * @param cacheFile where replicas are remembered across processes
   */
  public TransportModule(TransportConfig config, Path cacheFile) {
    this.config = Objects.requireNonNull(config, "config");
    this.cacheFile = Objects.requireNonNull(cacheFile, "cacheFile");
  }

  /** Returns the configuration this module binds. */
  public TransportConfig config() {
    return config;
  }

  @Override
  protected void configure() {
    bind(TransportConfig.class).toInstance(config);
    bind(Clock.class).toInstance(TransportAssembly.CLOCK);
    bind(HttpExchangePort.class).to(ApacheHttpExchange.class);
  }

  // Every part comes from the one assembly of this injector: the graph is said there, once.

  @Provides
  @Singleton
  TransportAssembly assembly() {
    return new TransportAssembly(config, cacheFile);
  }

  @Provides
  @Singleton
  ApacheHttpExchange httpExchange(TransportAssembly assembly) {
    return assembly.http();
  }

  @Provides
  ReplicaCachePort replicaCache(TransportAssembly assembly) {
    return assembly.cache();
  }

  @Provides
  RandomSource random(TransportAssembly assembly) {
    return assembly.random();
  }

  @Provides
  PublicSuffixList publicSuffixes(TransportAssembly assembly) {
    return assembly.publicSuffixes();
  }

  @Provides
  GitTransport gitTransport(TransportAssembly assembly, CredentialPort credentials) {
    return assembly.newTransport(credentials);
  }

  @Override
  public String toString() {
    return "TransportModule[" + config.audience() + "]";
  }
}
