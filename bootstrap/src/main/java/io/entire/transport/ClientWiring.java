package io.entire.transport;

import io.entire.transport.adapters.cache.ClientReplicaCache;
import io.entire.transport.adapters.cache.FileReplicaCache;
import io.entire.transport.adapters.http.ApacheHttpExchange;
import io.entire.transport.adapters.http.HttpClientPublicSuffixList;
import io.entire.transport.application.port.out.CredentialPort;
import io.entire.transport.application.port.out.MonotonicClock;
import io.entire.transport.application.port.out.RandomSource;
import io.entire.transport.application.port.out.TransportEventListener;
import io.entire.transport.application.service.ClientParts;
import io.entire.transport.application.service.SafeEventListener;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** How an {@link EntireClient} makes the parts its sessions share (L3), and lets them go. */
final class ClientWiring {
  /** The clock of every client: system time in UTC. */
  static final Clock CLOCK = Clock.systemUTC();

  private static final Logger log = LoggerFactory.getLogger(ClientWiring.class);

  private ClientWiring() {}

  /** The client's credential adapter; closes {@code http} if the authentication cannot make one. */
  static CredentialPort credentials(
      Authentication authentication,
      ConnectionSettings connection,
      ApacheHttpExchange http,
      Clock clock) {
    try {
      return Objects.requireNonNull(
          authentication.newCredentials(
              new Authentication.Context(
                  connection.connectTimeout(),
                  connection.readTimeout(),
                  clock,
                  // N1, N2: a token endpoint is reached through the client's proxy, with its trust.
                  connection.network().authenticationNetwork())),
          "authentication made no credential adapter");
    } catch (RuntimeException e) {
      http.close();
      throw e;
    }
  }

  /** The parts every session shares: the pool, the credentials, the replica cache, listeners. */
  static ClientParts parts(
      ConnectionSettings connection,
      ApacheHttpExchange http,
      CredentialPort credentials,
      Path cacheFile,
      List<TransportEventListener> listeners,
      Duration hedgeDelay) {
    Path file = cacheFile != null ? cacheFile : FileReplicaCache.defaultFile(System.getenv());
    return new ClientParts(
        http,
        credentials,
        new ClientReplicaCache(new FileReplicaCache(file, CLOCK), CLOCK),
        RandomSource.DEFAULT,
        HttpClientPublicSuffixList.getDefault(),
        MonotonicClock.SYSTEM,
        connection.connectTimeout(),
        SafeEventListener.of(listeners),
        connection.network().extraHeaders(),
        hedgeDelay);
  }

  /** Closes a credential adapter the client made, if it holds anything; never throws. */
  static void closeQuietly(CredentialPort credentials) {
    if (credentials instanceof AutoCloseable closeable) {
      try {
        closeable.close();
      } catch (Exception e) {
        // Closing is best effort: a failure here must not hide the caller's own outcome.
        log.debug("closing the credential adapter failed: {}", e.toString());
      }
    }
  }
}
