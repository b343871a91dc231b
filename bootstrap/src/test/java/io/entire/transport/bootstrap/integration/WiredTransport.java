package io.entire.transport.bootstrap.integration;

import io.entire.transport.adapters.auth.StaticTokenCredentials;
import io.entire.transport.adapters.cache.FileReplicaCache;
import io.entire.transport.adapters.http.ApacheHttpExchange;
import io.entire.transport.adapters.http.HttpClientPublicSuffixList;
import io.entire.transport.adapters.http.HttpSettings;
import io.entire.transport.application.port.in.Cancellation;
import io.entire.transport.application.port.in.TransportConfig;
import io.entire.transport.application.port.out.Credential;
import io.entire.transport.application.port.out.CredentialPort;
import io.entire.transport.application.port.out.CredentialRequest;
import io.entire.transport.application.port.out.MonotonicClock;
import io.entire.transport.application.port.out.TransportEventListener;
import io.entire.transport.application.service.ClientParts;
import io.entire.transport.application.service.ReplicaTransportService;
import io.entire.transport.domain.CredentialException;
import io.entire.transport.domain.Headers;
import io.entire.transport.domain.NodeUrl;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The real I/O stack wired by hand, without Guice: {@link ReplicaTransportService} over {@link
 * ApacheHttpExchange}, {@link StaticTokenCredentials} (behind a recorder), a {@link
 * FileReplicaCache} in a test directory and HttpClient's public suffix list. It records every node
 * the service reports as failed and every request the credential port is asked about.
 *
 * <p>The first node is always index 0 of the current list, so a test knows which replica is tried
 * first (F1's randomness is a port; the ring order itself is still the service's).
 *
 * <p>Not thread-safe, like the service; the recorders are. Close it to shut the connection pool.
 */
final class WiredTransport implements AutoCloseable {

  /** The bearer token the test clusters require; it must never leave the cluster. */
  static final String TOKEN = "secret-token-integration-4711";

  static final String REPO_PATH = "/et/org/repo";

  static final String USER_AGENT = "entire-transport-integration-test";

  /** Short, so stalls and dead nodes cost little on a loaded machine. */
  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(1);

  static final Duration READ_TIMEOUT = Duration.ofSeconds(2);

  final TransportConfig config;
  final Cancellation cancellation = new Cancellation();
  final List<NodeUrl> failedNodes = new CopyOnWriteArrayList<>();
  final List<URI> credentialRequests = new CopyOnWriteArrayList<>();
  final FileReplicaCache cache;
  final ReplicaTransportService service;
  private final ApacheHttpExchange http;

  @SuppressWarnings("deprecation") // the test's client settings ride on its configuration
  private WiredTransport(
      String entryUrl,
      Path cacheFile,
      Consumer<TransportConfig.Builder> tweak,
      String token,
      Duration hedgeDelay) {
    TransportConfig.Builder builder =
        TransportConfig.builder()
            .entryUrl(entryUrl)
            .repoPath(REPO_PATH)
            .connectTimeout(CONNECT_TIMEOUT)
            .readTimeout(READ_TIMEOUT)
            .userAgent(USER_AGENT)
            .cancellation(cancellation)
            .nodeFailedListener((node, cause) -> failedNodes.add(node));
    tweak.accept(builder);
    this.config = builder.build();
    this.cache = new FileReplicaCache(cacheFile, Clock.systemUTC());
    this.http =
        new ApacheHttpExchange(
            new HttpSettings(
                config.connectTimeout(),
                config.readTimeout(),
                config.skipTlsVerify(),
                config.userAgent(),
                config.lowSpeedLimit()));
    this.service =
        new ReplicaTransportService(
            config,
            new ClientParts(
                http,
                new RecordingCredentials(new StaticTokenCredentials(token), credentialRequests),
                cache,
                bound -> 0,
                HttpClientPublicSuffixList.getDefault(),
                MonotonicClock.SYSTEM,
                config.connectTimeout(),
                TransportEventListener.NONE,
                Headers.empty(),
                hedgeDelay));
  }

  /** A transport for {@link #REPO_PATH} behind {@code entryUrl}, with the default test settings. */
  static WiredTransport open(String entryUrl, Path cacheFile) {
    return open(entryUrl, cacheFile, b -> {});
  }

  /** Like {@link #open(String, Path)}, with configuration changes applied last. */
  static WiredTransport open(
      String entryUrl, Path cacheFile, Consumer<TransportConfig.Builder> tweak) {
    return new WiredTransport(entryUrl, cacheFile, tweak, TOKEN, Duration.ZERO);
  }

  /**
   * Like {@link #open(String, Path, Consumer)}, with hedged discovery (D2) after {@code
   * hedgeDelay}. The other factories turn hedging off: their tests are about failover, which a
   * hedge would overtake.
   */
  static WiredTransport openHedged(
      String entryUrl,
      Path cacheFile,
      Consumer<TransportConfig.Builder> tweak,
      Duration hedgeDelay) {
    return new WiredTransport(entryUrl, cacheFile, tweak, TOKEN, hedgeDelay);
  }

  /** Like {@link #open(String, Path)}, presenting {@code token} instead of {@link #TOKEN}. */
  static WiredTransport openWithToken(String entryUrl, Path cacheFile, String token) {
    return new WiredTransport(entryUrl, cacheFile, b -> {}, token, Duration.ZERO);
  }

  /** Reads a returned stream to its end and closes it. */
  static String readAll(InputStream in) throws IOException {
    try (in) {
      return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
    }
  }

  /** The node of a testkit base URL such as {@code http://127.0.0.1:40001}. */
  static NodeUrl node(String baseUrl) {
    return NodeUrl.of(baseUrl);
  }

  @Override
  public void close() {
    http.close();
  }

  /** Delegates to a real adapter and records each URI it is asked about (X3 checks). */
  private static final class RecordingCredentials implements CredentialPort {
    private final CredentialPort delegate;
    private final List<URI> asked;

    RecordingCredentials(CredentialPort delegate, List<URI> asked) {
      this.delegate = delegate;
      this.asked = asked;
    }

    @Override
    public Credential credentialFor(CredentialRequest request) throws CredentialException {
      asked.add(request.uri());
      return delegate.credentialFor(request);
    }
  }
}
