package io.entire.transport.bootstrap;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.Singleton;
import io.entire.transport.Authentication;
import io.entire.transport.EntireClient;
import io.entire.transport.adapters.cache.FileReplicaCache;
import io.entire.transport.application.port.in.GitTransport;
import io.entire.transport.application.port.in.TransportConfig;
import io.entire.transport.application.port.out.CredentialPort;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Objects;

/**
 * Wires the transport of one repository with Guice (DESIGN §3, L4): an {@link EntireClient} built
 * from the given {@link TransportConfig}'s connection settings and the {@link CredentialPort} of an
 * auth module ({@link StaticTokenAuthModule}, {@link TokenExchangeAuthModule}, {@link
 * GitCredentialAuthModule}, {@link NoAuthModule}, {@link EnvironmentAuthModule}, or a module of
 * your own binding the port), and {@link GitTransport} → a session of that client for the
 * configured repository. Choosing another auth module swaps authentication.
 *
 * <p>The parts and how they connect are said once, in {@link EntireClient}: this module, {@link
 * EntireTransports#openWithoutInjector} and {@code EntireClient.builder()} all build them there.
 *
 * <p>Scopes: the client (its connection pool, replica cache and listeners) is a singleton of the
 * injector; every injection of {@link GitTransport} is a new, not-thread-safe session of it. When a
 * node fails, the session demotes it in the replica cache entry of the repository (K6, D3) after
 * the configured listener ran; the client's sessions share these health records.
 *
 * <p><b>Closing</b>: the injector's {@link EntireClient} owns pooled connections and must be
 * closed, and so must the credential port when it is {@link AutoCloseable} (the client does not
 * close a port it was given); {@link EntireTransports#open} does both for you through {@link
 * EntireTransport#close()}.
 *
 * <p>The module itself is immutable and thread-safe.
 *
 * @since 0.1
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
    bind(Clock.class).toInstance(Clock.systemUTC());
  }

  @Provides
  @Singleton
  EntireClient client(CredentialPort credentials) {
    return EntireClient.builder()
        .settingsOf(config)
        .cacheFile(cacheFile)
        .authentication(Authentication.using(credentials))
        .build();
  }

  @Provides
  GitTransport gitTransport(EntireClient client) {
    return client.open(config);
  }

  @Override
  public String toString() {
    return "TransportModule[" + config.audience() + "]";
  }
}
