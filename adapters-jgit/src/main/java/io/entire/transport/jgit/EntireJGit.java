package io.entire.transport.jgit;

import io.entire.transport.EntireClient;
import io.entire.transport.EntireSession;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jgit.api.TransportConfigCallback;
import org.eclipse.jgit.transport.Transport;
import org.eclipse.jgit.transport.TransportHttp;

/**
 * In-process git with JGit over an {@link EntireClient} (DESIGN §9d, J1–J5): JGit's clone, fetch,
 * push and ls-remote talk to a replicated cluster with the client's discovery, failover,
 * credentials, redirects and events, and without a {@code git} executable.
 *
 * <p>Two ways in:
 *
 * <ul>
 *   <li>{@link #register(EntireClient)}: {@code entire://host[:port]/path} (https) and {@code
 *       entire+http://host[:port]/path} (plain http, under the client's allow-http rule) work in
 *       every JGit command, JVM-wide, until the returned registration is closed;
 *   <li>{@link #transportConfig(EntireClient)}: one command's {@code https://} (or allowed {@code
 *       http://}) cluster URL goes through the client: {@code
 *       Git.cloneRepository().setURI(url).setTransportConfigCallback(EntireJGit.transportConfig(client))}.
 * </ul>
 *
 * <p>JGit's own smart-HTTP transport speaks git's protocol (v2 for fetch where JGit uses it, v0 for
 * push); each of its transport instances gets its own connection factory whose requests one {@link
 * EntireSession} of the client answers. JGit's global {@code HttpTransport.setConnectionFactory} is
 * never touched, so other JGit users in the JVM are not affected.
 *
 * <p>Failures reach JGit callers as JGit's {@code org.eclipse.jgit.errors.TransportException} (a
 * missing repository as {@code NoRemoteRepositoryException}), wrapped by the JGit command as it
 * usually does, with the client's {@link io.entire.transport.domain.TransportException} as cause
 * (J5).
 *
 * <p><b>Thread-safety</b>: thread-safe; JGit commands on many threads may share one client.
 *
 * @since 0.2
 */
public final class EntireJGit {
  /** Keeps registered protocols strongly reachable: JGit holds them only weakly. */
  private static final Set<EntireProtocol> REGISTERED = ConcurrentHashMap.newKeySet();

  private EntireJGit() {}

  /**
   * Makes {@code entire://host[:port]/path} (https) and {@code entire+http://host[:port]/path}
   * (plain http; loopback hosts only unless the client allows http) work in JGit's commands,
   * through {@code client}. JVM-wide: the latest registration serves the schemes; closing it gives
   * them back to the one before, if still open. The registration stays in force until closed, even
   * when the handle is dropped.
   *
   * @param client the client; it must stay open while the registration is used, and the caller
   *     still closes it
   * @return the registration; close it to unregister
   * @since 0.2
   */
  public static Registration register(EntireClient client) {
    Objects.requireNonNull(client, "client");
    if (client.isClosed()) {
      throw new IllegalStateException("this EntireClient is closed");
    }
    EntireProtocol protocol = new EntireProtocol(client);
    synchronized (REGISTERED) {
      REGISTERED.add(protocol);
      Transport.register(protocol); // JGit puts it first: the latest registration wins
    }
    return new Registration(protocol);
  }

  /**
   * A {@link TransportConfigCallback} that sends a command's {@code https://} (or, under the
   * client's allow-http rule, {@code http://}) cluster URL through {@code client}. Transports other
   * than JGit's HTTP one (file, ssh, git) are left as they are.
   *
   * <p>Thread-safe; one callback may serve any number of commands.
   *
   * @param client the client; it must stay open while commands use the callback
   * @return the callback
   * @throws IllegalArgumentException from the callback, when the URL is not acceptable to the
   *     client (e.g. plain http to a host that is not loopback), naming what is wrong
   * @since 0.2
   */
  public static TransportConfigCallback transportConfig(EntireClient client) {
    Objects.requireNonNull(client, "client");
    return transport -> {
      if (transport instanceof TransportHttp) {
        route(transport, client);
      }
    };
  }

  /**
   * Gives one JGit HTTP transport a connection factory answered by the client, after checking the
   * client accepts its URL.
   *
   * @throws IllegalArgumentException when it is not JGit's HTTP transport or the URL is refused
   */
  static Transport route(Transport transport, EntireClient client) {
    if (!(transport instanceof TransportHttp http)) {
      throw new IllegalArgumentException(
          "JGit opened " + transport.getClass().getName() + ", not its smart-HTTP transport");
    }
    String url = transport.getURI().toString();
    // Opening a session does no I/O; it applies the client's URL rules (L2) before any request.
    try (EntireSession check = client.open(url)) {
      Objects.requireNonNull(check);
    }
    http.setHttpConnectionFactory(new ClientConnectionFactory(client));
    return http;
  }

  /**
   * A registration of {@link #register(EntireClient)}: keeps its protocol registered (and strongly
   * reachable) until {@link #close()}.
   *
   * <p>Thread-safe; {@link #close()} is idempotent.
   *
   * @since 0.2
   */
  public static final class Registration implements AutoCloseable {
    private final EntireProtocol protocol;
    private final AtomicBoolean closed = new AtomicBoolean();

    private Registration(EntireProtocol protocol) {
      this.protocol = protocol;
    }

    /** Returns whether {@link #close()} was called. */
    public boolean isClosed() {
      return closed.get();
    }

    /**
     * Unregisters the protocol: the registration made before it serves the schemes again, if it is
     * still open; else they are unknown to JGit. Never closes the client. Idempotent.
     */
    @Override
    public void close() {
      if (!closed.compareAndSet(false, true)) {
        return;
      }
      synchronized (REGISTERED) {
        Transport.unregister(protocol);
        REGISTERED.remove(protocol);
      }
    }

    @Override
    public String toString() {
      return "EntireJGit.Registration[" + protocol.getName() + (isClosed() ? ", closed]" : "]");
    }
  }
}
