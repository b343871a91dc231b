package io.entire.transport.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * An RFC 8693 token exchange endpoint on loopback, as the {@code exchange} authentication (A2)
 * calls it: {@code POST <url()>/token} with an {@code application/x-www-form-urlencoded} form of
 * {@code grant_type=urn:ietf:params:oauth:grant-type:token-exchange}, {@code subject_token}, {@code
 * subject_token_type}, {@code audience} (an absolute http(s) URL: the entry base URL plus the
 * repository path) and {@code scope} ({@code repo:pull} or {@code repo:push}). It answers {@code
 * {"access_token": "...", "issued_token_type": "urn:ietf:params:oauth:token-type:access_token",
 * "token_type": "Bearer", "expires_in": 300}}, minting tokens {@code pull-<n>-<hex>} or {@code
 * push-<n>-<hex>}; a bad form gets 400 with an RFC 6749 error ({@code invalid_request}, {@code
 * unsupported_grant_type}, {@code invalid_scope}, {@code invalid_target}, {@code invalid_grant}).
 *
 * <p>Start one with a cluster ({@link TestCluster.Builder#tokenEndpoint()}: the cluster's servers
 * then accept exactly the tokens it minted, for the repository and action they were minted for), or
 * alone with {@link #start()} and check tokens with {@link #accepts(String)}. It counts and records
 * exchanges, and like every {@link TestServer} it takes {@link Fault}s: {@code Fault.status(503)}
 * fails exchanges, {@code Fault.hang()} or {@code Fault.delay(...)} makes them hang (for deadline
 * tests), {@code .times(n)} only the next n. Requests stopped by a fault never reach the exchange
 * and are not counted; {@link #requestLog()} has them all. The login tokens it receives and the
 * tokens it mints are never recorded in any request log of its cluster.
 *
 * <p>Thread-safe. One started with {@link #start()} is closed by its creator; one started by a
 * cluster is closed by the cluster.
 *
 * @since 0.2
 */
public final class TokenExchangeEndpoint extends TestServer implements AutoCloseable {

  /** The path the endpoint answers on; {@link #tokenUrl()} is {@link #url()} plus this. */
  public static final String PATH = "/token";

  /** The {@code grant_type} of RFC 8693 token exchange. */
  public static final String GRANT_TYPE = "urn:ietf:params:oauth:grant-type:token-exchange";

  /** The token type of access tokens, sent as {@code subject_token_type} and issued. */
  public static final String ACCESS_TOKEN_TYPE = "urn:ietf:params:oauth:token-type:access_token";

  /** The default lifetime of minted tokens ({@code expires_in}). */
  public static final Duration DEFAULT_LIFETIME = Duration.ofMinutes(5);

  private static final int MAX_FORM_BYTES = 64 * 1024;

  private final TokenGrants grants = new TokenGrants();
  private final KnownSecrets secrets;
  private volatile Duration lifetime = DEFAULT_LIFETIME;
  private volatile String requiredSubjectToken;

  private TokenExchangeEndpoint(String host, KnownSecrets secrets, Holder holder) {
    super(
        new LoopbackHttpServer(
            "token-endpoint", host, ex -> holder.endpoint.answer(ex), null, null, null, secrets));
    this.secrets = secrets;
    holder.endpoint = this;
  }

  /** Breaks the construction cycle between the server and its handler. */
  private static final class Holder {
    volatile TokenExchangeEndpoint endpoint;
  }

  /** Starts an endpoint on {@code 127.0.0.1} and an ephemeral port; the caller closes it. */
  public static TokenExchangeEndpoint start() {
    return start("127.0.0.1", new KnownSecrets(), null, null);
  }

  /**
   * Starts one sharing a cluster's secrets, so the cluster's logs never record its tokens.
   *
   * @param nameInUrls the host name for its URLs, or null for the bind address
   * @param tls its TLS setup, or null for plain http
   */
  static TokenExchangeEndpoint start(
      String host, KnownSecrets secrets, String nameInUrls, ServerTls tls) {
    TokenExchangeEndpoint endpoint = new TokenExchangeEndpoint(host, secrets, new Holder());
    try {
      endpoint.http.configure(nameInUrls, tls);
      endpoint.http.start();
    } catch (IOException e) {
      endpoint.http.close();
      throw new UncheckedIOException("cannot start token endpoint: " + e.getMessage(), e);
    }
    return endpoint;
  }

  /** The URL to configure as the exchange URL, e.g. {@code http://127.0.0.1:40007/token}. */
  public String tokenUrl() {
    return url() + PATH;
  }

  /**
   * The lifetime of tokens minted from now on (default {@link #DEFAULT_LIFETIME}); sent as {@code
   * expires_in} in whole seconds, and after it the cluster no longer accepts the token.
   */
  public void tokenLifetime(Duration lifetime) {
    Objects.requireNonNull(lifetime, "lifetime");
    if (lifetime.isNegative() || lifetime.isZero()) {
      throw new IllegalArgumentException("token lifetime must be positive, got " + lifetime);
    }
    this.lifetime = lifetime;
  }

  /**
   * Mints only for this login token ({@code subject_token}); any other gets 400 {@code
   * invalid_grant}. {@code null} (the default) mints for any.
   */
  public void requireSubjectToken(String loginToken) {
    if (loginToken != null) {
      secrets.add(loginToken);
    }
    this.requiredSubjectToken = loginToken;
  }

  /** How many exchange requests reached the endpoint (any outcome), since start or reset. */
  public int exchanges() {
    return grants.exchanges().size();
  }

  /**
   * How many exchange requests asked for {@code audience} and {@code scope}, e.g. {@code
   * exchanges(cluster.entryUrl("et/org/repo"), "repo:pull")}.
   */
  public int exchanges(String audience, String scope) {
    return (int)
        grants.exchanges().stream()
            .filter(e -> Objects.equals(e.audience(), audience))
            .filter(e -> Objects.equals(e.scope(), scope))
            .count();
  }

  /** Every exchange request that reached the endpoint, oldest first (since start or reset). */
  public List<TokenExchange> received() {
    return grants.exchanges();
  }

  /** Whether this endpoint minted {@code token} (expired or not). */
  public boolean minted(String token) {
    return grants.minted(token);
  }

  /** Every token minted since start (a reset does not forget them). */
  public Set<String> mintedTokens() {
    return grants.mintedTokens();
  }

  /**
   * Whether {@code authorization} (a whole header value) is {@code Bearer <token>} with a token
   * this endpoint minted that has not expired, whatever its audience and scope. For {@link
   * TestServer#requireAuthorization} when the endpoint was started alone.
   */
  public boolean accepts(String authorization) {
    return authorization != null
        && "Bearer".equalsIgnoreCase(AuthorizationRule.scheme(authorization))
        && grants.valid(AuthorizationRule.credentials(authorization));
  }

  /**
   * What a cluster's servers check: {@code Bearer <token>} minted here, not expired, for an
   * audience whose path is the request's repository, with {@code repo:push} for receive-pack
   * requests and {@code repo:pull} for upload-pack requests.
   */
  boolean authorizes(String authorization, RequestHead head) {
    if (!"Bearer".equalsIgnoreCase(AuthorizationRule.scheme(authorization))) {
      return false;
    }
    String path = head.path();
    String query = head.query();
    Boolean push = null;
    if (path.endsWith("/git-receive-pack") || query.equals("service=git-receive-pack")) {
      push = true;
    } else if (path.endsWith("/git-upload-pack") || query.equals("service=git-upload-pack")) {
      push = false;
    }
    return grants.allows(AuthorizationRule.credentials(authorization), path, push);
  }

  /**
   * Clears the fault, the exchanges and this server's request log, and goes back to the default
   * lifetime and any subject token. Minted tokens stay valid.
   */
  public void reset() {
    fault(Fault.none());
    grants.forgetExchanges();
    lifetime = DEFAULT_LIFETIME;
    requiredSubjectToken = null;
    clearRequests();
  }

  /** Stops the endpoint and ends all its connections. */
  @Override
  public void close() {
    http.close();
  }

  private void answer(Exchange ex) throws IOException {
    RequestHead head = ex.head();
    if (!head.path().equals(PATH)) {
      error(ex, 404, "invalid_request", "the token endpoint is " + PATH + ", not " + head.path());
      return;
    }
    if (!head.method().equals("POST")) {
      error(ex, 405, "invalid_request", "token exchange needs POST, got " + head.method());
      return;
    }
    String type = head.header("Content-Type");
    if (type == null
        || !type.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded")) {
      error(ex, 400, "invalid_request", "the form must be application/x-www-form-urlencoded");
      return;
    }
    ex.body().sendContinueIfExpected(ex.rawOutput());
    byte[] bytes = ex.body().readNBytes(MAX_FORM_BYTES + 1);
    if (bytes.length > MAX_FORM_BYTES) {
      ex.closeConnectionAfterResponse();
      error(ex, 413, "invalid_request", "form larger than " + MAX_FORM_BYTES + " bytes");
      return;
    }
    Map<String, String> form = parseForm(new String(bytes, StandardCharsets.UTF_8));
    if (form == null) {
      grants.received(new TokenExchange(Map.of(), 400, null));
      error(ex, 400, "invalid_request", "malformed or repeated form parameter");
      return;
    }
    secrets.add(form.get("subject_token"));
    secrets.add(form.get("actor_token"));
    String problem = problem(form);
    if (problem != null) {
      grants.received(new TokenExchange(form, 400, null));
      int colon = problem.indexOf(':');
      error(ex, 400, problem.substring(0, colon), problem.substring(colon + 2));
      return;
    }
    Duration ttl = lifetime;
    String token = grants.mint(URI.create(form.get("audience")), form.get("scope"), ttl);
    secrets.add(token);
    grants.received(new TokenExchange(form, 200, token));
    String json =
        "{\"access_token\":\""
            + token
            + "\",\"issued_token_type\":\""
            + ACCESS_TOKEN_TYPE
            + "\",\"token_type\":\"Bearer\",\"expires_in\":"
            + Math.max(1, ttl.toSeconds())
            + "}";
    ex.respond(200, jsonHeaders(), json.getBytes(StandardCharsets.UTF_8));
  }

  /** The RFC 6749/8693 error of a form, as {@code "code: description"}, or null when it is fine. */
  private String problem(Map<String, String> form) {
    if (!GRANT_TYPE.equals(form.get("grant_type"))) {
      return "unsupported_grant_type: grant_type must be " + GRANT_TYPE;
    }
    String subject = form.get("subject_token");
    if (subject == null || subject.isEmpty()) {
      return "invalid_request: subject_token is missing";
    }
    if (!ACCESS_TOKEN_TYPE.equals(form.get("subject_token_type"))) {
      return "invalid_request: subject_token_type must be " + ACCESS_TOKEN_TYPE;
    }
    String requested = form.get("requested_token_type");
    if (requested != null && !requested.equals(ACCESS_TOKEN_TYPE)) {
      return "invalid_request: requested_token_type must be " + ACCESS_TOKEN_TYPE;
    }
    String scope = form.get("scope");
    if (!"repo:pull".equals(scope) && !"repo:push".equals(scope)) {
      return "invalid_scope: scope must be repo:pull or repo:push, got " + scope;
    }
    if (!validAudience(form.get("audience"))) {
      return "invalid_target: audience must be an absolute http(s) URL with a repository path";
    }
    String required = requiredSubjectToken;
    if (required != null && !required.equals(subject)) {
      return "invalid_grant: the subject_token is not accepted";
    }
    return null;
  }

  private static boolean validAudience(String audience) {
    if (audience == null) {
      return false;
    }
    try {
      URI uri = new URI(audience);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      return (scheme.equals("http") || scheme.equals("https"))
          && uri.getHost() != null
          && uri.getRawPath() != null
          && uri.getRawPath().length() > 1
          && uri.getRawQuery() == null
          && uri.getRawFragment() == null;
    } catch (URISyntaxException e) {
      return false;
    }
  }

  /** The form's parameters in order, or null when one is repeated or not decodable. */
  static Map<String, String> parseForm(String body) {
    Map<String, String> form = new LinkedHashMap<>();
    if (body.isEmpty()) {
      return form;
    }
    try {
      for (String pair : body.split("&", -1)) {
        int eq = pair.indexOf('=');
        String name =
            URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
        String value =
            eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
        if (form.put(name, value) != null) {
          return null; // RFC 6749 §3.2: parameters must not be included more than once
        }
      }
    } catch (IllegalArgumentException e) {
      return null;
    }
    return form;
  }

  private static void error(Exchange ex, int status, String code, String description)
      throws IOException {
    String json =
        "{\"error\":\"" + code + "\",\"error_description\":\"" + jsonText(description) + "\"}";
    ex.respond(status, jsonHeaders(), json.getBytes(StandardCharsets.UTF_8));
  }

  private static HttpHeaders jsonHeaders() {
    return new HttpHeaders()
        .add("Content-Type", "application/json")
        .add("Cache-Control", "no-store")
        .add("Pragma", "no-cache");
  }

  private static String jsonText(String text) {
    StringBuilder out = new StringBuilder(text.length());
    for (char c : text.toCharArray()) {
      if (c == '"' || c == '\\') {
        out.append('\\').append(c);
      } else if (c < 0x20) {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }
}
