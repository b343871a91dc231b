package io.entire.transport.bootstrap;

import com.google.inject.Binding;
import com.google.inject.ConfigurationException;
import com.google.inject.CreationException;
import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Key;
import com.google.inject.Module;
import com.google.inject.ProvisionException;
import com.google.inject.spi.Element;
import com.google.inject.spi.Elements;
import com.google.inject.spi.Message;
import io.entire.transport.EntireClient;
import io.entire.transport.EntireSession;
import io.entire.transport.application.port.in.GitTransport;
import io.entire.transport.application.port.in.TransportConfig;
import io.entire.transport.application.port.out.CredentialPort;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * Creates transports (DESIGN §3): the entry point for tooling teams.
 *
 * <pre>{@code
 * TransportConfig config = TransportConfig.builder()
 *     .entryUrl("https://eu.example.dev")
 *     .repoPath("/et/org/repo")
 *     .build();
 * try (EntireTransport transport = EntireTransports.open(config, new GitCredentialAuthModule());
 *     InputStream refs = transport.infoRefs(GitService.UPLOAD_PACK)) {
 *   ...
 * }
 * }</pre>
 *
 * <p>The auth module decides the authentication ({@link StaticTokenAuthModule}, {@link
 * TokenExchangeAuthModule}, {@link GitCredentialAuthModule}, {@link NoAuthModule}, {@link
 * EnvironmentAuthModule}, or any module that binds {@link CredentialPort}).
 *
 * <p>Every call makes a new {@link EntireClient} with one session (L4), through a new injector (or,
 * with {@link #openWithoutInjector}, without one), so each transport has its own HTTP connection
 * pool. A process that talks to many repositories should hold one {@link EntireClient} and open a
 * session per repository instead. Static methods; thread-safe.
 */
public final class EntireTransports {
  private EntireTransports() {}

  /**
   * Creates a transport for one repository.
   *
   * <p>The result is an {@link EntireTransport}: it holds an HTTP connection pool that lives until
   * it is closed. Callers that can close it should use {@link #open(TransportConfig, Module)}; a
   * transport that is never closed keeps its idle connections until the process exits.
   *
   * @param config the repository and how to talk to it
   * @param authModule a module binding {@link CredentialPort}
   * @return the transport (not thread-safe); close the streams it returns
   * @throws IllegalArgumentException when {@code authModule} binds no {@link CredentialPort} or the
   *     wiring fails, with the reason
   */
  public static GitTransport create(TransportConfig config, Module authModule) {
    return open(config, authModule);
  }

  /**
   * Opens a transport for one repository, with the default replica cache file (K1). The caller
   * closes it.
   *
   * @param config the repository and how to talk to it
   * @param authModule a module binding {@link CredentialPort}
   * @return the transport; close it (and every stream it returns) when done
   * @throws IllegalArgumentException when {@code authModule} binds no {@link CredentialPort} or the
   *     wiring fails, with the reason
   */
  public static EntireTransport open(TransportConfig config, Module authModule) {
    Objects.requireNonNull(config, "config");
    return open(new TransportModule(config), authModule);
  }

  /**
   * Opens a transport wired by {@code transportModule} (e.g. with its own replica cache file). The
   * caller closes it.
   *
   * @param transportModule the transport wiring and configuration
   * @param authModule a module binding {@link CredentialPort}
   * @return the transport; close it (and every stream it returns) when done
   * @throws IllegalArgumentException when {@code authModule} binds no {@link CredentialPort} or the
   *     wiring fails, with the reason
   */
  public static EntireTransport open(TransportModule transportModule, Module authModule) {
    Objects.requireNonNull(transportModule, "transportModule");
    Objects.requireNonNull(authModule, "authModule");
    requireCredentialBinding(authModule);
    Injector injector;
    try {
      injector = Guice.createInjector(transportModule, authModule);
    } catch (CreationException e) {
      throw wiringFailure(e.getErrorMessages(), e);
    }
    List<AutoCloseable> resources = new ArrayList<>();
    try {
      // Closed in this order: the session, the client (aborting what is in flight), then the
      // credential port the client was given.
      CredentialPort credentials = injector.getInstance(CredentialPort.class);
      EntireClient client = injector.getInstance(EntireClient.class);
      GitTransport transport = injector.getInstance(GitTransport.class);
      addIfCloseable(resources, transport);
      resources.add(client);
      addIfCloseable(resources, credentials);
      return new EntireTransport(transport, resources);
    } catch (ProvisionException | ConfigurationException e) {
      EntireTransport.closeAll(resources);
      throw wiringFailure(
          e instanceof ProvisionException p
              ? p.getErrorMessages()
              : ((ConfigurationException) e).getErrorMessages(),
          e);
    }
  }

  /**
   * Opens a transport wired exactly as {@code open(new TransportModule(config, cacheFile),
   * authModule)} would, by the same factory code, but without building a Guice injector. For
   * short-lived processes, where the injector is a large share of the startup time: {@code
   * git-remote-entire} uses it. The caller closes the transport.
   *
   * @param config the repository and how to talk to it
   * @param cacheFile where replicas are remembered across processes, e.g. {@link
   *     io.entire.transport.adapters.cache.FileReplicaCache#defaultFile}
   * @param authModule one of this package's authentication modules
   * @return the transport; close it (and every stream it returns) when done
   * @throws IllegalArgumentException when a part of the transport cannot be made, with the reason
   */
  public static EntireTransport openWithoutInjector(
      TransportConfig config, Path cacheFile, AuthModule authModule) {
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(cacheFile, "cacheFile");
    Objects.requireNonNull(authModule, "authModule");
    EntireClient client;
    try {
      client =
          EntireClient.builder()
              .settingsOf(config)
              .cacheFile(cacheFile)
              .authentication(authModule)
              .build();
    } catch (IllegalArgumentException e) {
      throw e;
    } catch (RuntimeException e) {
      // The same report as a failed injector's (#wiringFailure).
      throw new IllegalArgumentException("cannot create the transport: " + e.getMessage(), e);
    }
    EntireSession session = client.open(config);
    return new EntireTransport(session, List.of(session, client));
  }

  private static void requireCredentialBinding(Module authModule) {
    Key<CredentialPort> key = Key.get(CredentialPort.class);
    for (Element element : Elements.getElements(authModule)) {
      if (element instanceof Binding<?> binding && binding.getKey().equals(key)) {
        return;
      }
    }
    throw new IllegalArgumentException(
        "authModule "
            + authModule
            + " binds no "
            + CredentialPort.class.getSimpleName()
            + " (use NoAuthModule for no authentication)");
  }

  private static void addIfCloseable(List<AutoCloseable> resources, Object instance) {
    if (instance instanceof AutoCloseable closeable && !resources.contains(closeable)) {
      resources.add(closeable);
    }
  }

  /** Turns Guice's report into the underlying cause when there is one clear reason. */
  private static RuntimeException wiringFailure(Collection<Message> messages, RuntimeException e) {
    if (messages.size() == 1) {
      Throwable cause = messages.iterator().next().getCause();
      if (cause instanceof IllegalArgumentException iae) {
        return iae;
      }
      if (cause != null && cause.getMessage() != null) {
        return new IllegalArgumentException(
            "cannot create the transport: " + cause.getMessage(), cause);
      }
    }
    return new IllegalArgumentException("cannot create the transport: " + e.getMessage(), e);
  }
}
