package io.entire.transport.testkit;

import java.net.URI;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The tokens a {@link TokenExchangeEndpoint} minted (each for an audience and a scope, valid until
 * it expires) and the exchanges it received. Minted tokens stay valid across {@link
 * #forgetExchanges()}, so a client holding one from before a reset still gets in.
 *
 * <p>Thread-safe: connection threads mint and the cluster's servers check concurrently.
 */
final class TokenGrants {

  /** What a minted token allows. */
  private record Grant(String repositoryPath, String scope, long expiresAtNanos) {}

  private static final SecureRandom RANDOM = new SecureRandom();

  private final Map<String, Grant> grants = new ConcurrentHashMap<>();
  private final List<TokenExchange> received = new CopyOnWriteArrayList<>();
  private final AtomicInteger serial = new AtomicInteger();

  /**
   * Mints a token for {@code audience} and {@code scope} ({@code repo:pull} or {@code repo:push}),
   * e.g. {@code pull-3-9f2c61d04ab7}.
   */
  String mint(URI audience, String scope, Duration lifetime) {
    byte[] random = new byte[6];
    RANDOM.nextBytes(random);
    String action = scope.substring(scope.indexOf(':') + 1);
    String token = action + "-" + serial.incrementAndGet() + "-" + HexFormat.of().formatHex(random);
    String path = audience.getRawPath().replaceAll("/+$", "");
    grants.put(token, new Grant(path, scope, System.nanoTime() + lifetime.toNanos()));
    return token;
  }

  void received(TokenExchange exchange) {
    received.add(exchange);
  }

  List<TokenExchange> exchanges() {
    return List.copyOf(received);
  }

  void forgetExchanges() {
    received.clear();
  }

  boolean minted(String token) {
    return grants.containsKey(token);
  }

  Set<String> mintedTokens() {
    return Set.copyOf(grants.keySet());
  }

  /** Whether {@code token} was minted here and has not expired. */
  boolean valid(String token) {
    Grant grant = grants.get(token);
    return grant != null && System.nanoTime() - grant.expiresAtNanos() < 0;
  }

  /**
   * Whether {@code token} is valid for a request to {@code path} (under the audience's repository
   * path) that {@code needsPush} or not: push requests need {@code repo:push}, fetch requests
   * {@code repo:pull}; other requests of the repository take either.
   */
  boolean allows(String token, String path, Boolean needsPush) {
    Grant grant = grants.get(token);
    if (grant == null || !valid(token)) {
      return false;
    }
    String repo = grant.repositoryPath();
    if (!(path.equals(repo) || path.startsWith(repo + "/"))) {
      return false;
    }
    return needsPush == null || grant.scope().equals(needsPush ? "repo:push" : "repo:pull");
  }
}
