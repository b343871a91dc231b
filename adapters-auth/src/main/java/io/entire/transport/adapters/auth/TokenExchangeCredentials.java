package io.entire.transport.adapters.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.entire.transport.application.port.in.Cancellation;
import io.entire.transport.application.port.out.Credential;
import io.entire.transport.application.port.out.CredentialPort;
import io.entire.transport.application.port.out.CredentialRequest;
import io.entire.transport.domain.CredentialException;
import io.entire.transport.domain.Headers;
import io.entire.transport.domain.LoopbackHost;
import io.entire.transport.domain.RepoAction;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.entity.UrlEncodedFormEntity;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.NameValuePair;
import org.apache.hc.core5.http.message.BasicNameValuePair;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.util.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Token minting by OAuth 2.0 Token Exchange, RFC 8693 (A2): trades the user's login token for a
 * short-lived access token scoped to one repository and action, and sends that as {@code
 * Authorization: Bearer}.
 *
 * <p>The exchange is a {@code POST} of an {@code application/x-www-form-urlencoded} form to the
 * exchange URL with {@code grant_type=urn:ietf:params:oauth:grant-type:token-exchange}, {@code
 * subject_token=<login token>}, {@code subject_token_type} and {@code requested_token_type} both
 * {@code urn:ietf:params:oauth:token-type:access_token}, {@code audience=<entry base URL><repo
 * path>} ({@link CredentialRequest#audience()}) and {@code scope=repo:pull|repo:push} ({@link
 * RepoAction#scope()}). The JSON answer {@code {access_token, expires_in, token_type}} is read with
 * Jackson.
 *
 * <p><b>Caching</b>: one token per (audience, action). A token is used until {@code min(60 s,
 * ttl/2)} before it expires, measured on the injected {@link Clock}; then it is minted again.
 * Concurrent callers for one key share a single exchange. {@link #rejected} (the data plane
 * answered 401) drops that token, so the next call mints a fresh one.
 *
 * <p><b>Security</b>: the exchange URL must be {@code https} unless its host is loopback ({@code
 * 127.0.0.0/8}, {@code ::1}, {@code localhost}); redirects are never followed, so the login token
 * is sent to exactly that URL. Neither the login token nor a minted token ever appears in logs,
 * exception messages or {@code toString()} (A5); errors of the token endpoint are reported with the
 * HTTP status and the sanitized OAuth {@code error}/{@code error_description}, never the raw body.
 *
 * <p><b>Thread-safety and lifecycle</b>: thread-safe. The instance owns a small HttpClient 5
 * connection pool for the exchange endpoint, made on the first exchange; {@link #close()} releases
 * it, after which {@link #credentialFor} fails.
 */
public final class TokenExchangeCredentials implements CredentialPort, Closeable {
  private static final Logger log = LoggerFactory.getLogger(TokenExchangeCredentials.class);

  /** {@code grant_type} of a token exchange (RFC 8693 §2.1). */
  public static final String GRANT_TYPE = "urn:ietf:params:oauth:grant-type:token-exchange";

  /** Token type URI of the subject token and of the requested token. */
  public static final String ACCESS_TOKEN_TYPE = "urn:ietf:params:oauth:token-type:access_token";

  /** Default time to establish a connection to the exchange endpoint (10 s). */
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);

  /** Default time to wait for the exchange endpoint's answer, and between its bytes (30 s). */
  public static final Duration DEFAULT_RESPONSE_TIMEOUT = Duration.ofSeconds(30);

  private static final Duration MAX_REFRESH_MARGIN = Duration.ofSeconds(60);
  private static final int MAX_BODY_BYTES = 64 * 1024;
  private static final int MAX_ERROR_TEXT = 200;

  private final URI exchangeUrl;
  private final String displayUrl;
  private final String subjectToken;
  private final Clock clock;
  private final Duration connectTimeout;
  private final Duration responseTimeout;
  // Made on the first exchange: the helper builds this adapter on its start path, and most runs
  // find a cached token or never need one (an HttpClient pool and an ObjectMapper cost startup).
  private final Object clientLock = new Object();
  private CloseableHttpClient client; // guarded by clientLock
  private final ConcurrentHashMap<Key, CompletableFuture<MintedToken>> tokens =
      new ConcurrentHashMap<>();
  private final AtomicBoolean closed = new AtomicBoolean();

  /**
   * Creates the adapter with the default timeouts ({@link #DEFAULT_CONNECT_TIMEOUT} to connect,
   * {@link #DEFAULT_RESPONSE_TIMEOUT} for the answer).
   *
   * @param exchangeUrl the token endpoint; {@code https}, or {@code http} for a loopback host
   * @param subjectToken the user's login token to trade
   * @param clock the clock deciding token expiry (e.g. {@link Clock#systemUTC()})
   * @throws IllegalArgumentException when the URL is not acceptable or the token is blank (the
   *     message never shows the token)
   */
  public TokenExchangeCredentials(URI exchangeUrl, String subjectToken, Clock clock) {
    this(exchangeUrl, subjectToken, clock, DEFAULT_CONNECT_TIMEOUT, DEFAULT_RESPONSE_TIMEOUT);
  }

  /**
   * Creates the adapter with explicit timeouts for the exchange call.
   *
   * @param exchangeUrl the token endpoint; {@code https}, or {@code http} for a loopback host
   * @param subjectToken the user's login token to trade
   * @param clock the clock deciding token expiry
   * @param connectTimeout time to establish a connection to the endpoint
   * @param responseTimeout time to wait for the answer and between its bytes
   * @throws IllegalArgumentException when a value is not acceptable (the message never shows the
   *     token)
   */
  public TokenExchangeCredentials(
      URI exchangeUrl,
      String subjectToken,
      Clock clock,
      Duration connectTimeout,
      Duration responseTimeout) {
    this.exchangeUrl = validateExchangeUrl(exchangeUrl);
    this.displayUrl = displayUrl(exchangeUrl);
    Objects.requireNonNull(subjectToken, "subjectToken");
    if (subjectToken.isBlank()) {
      throw new IllegalArgumentException("the login token to exchange must not be blank");
    }
    this.subjectToken = subjectToken;
    this.clock = Objects.requireNonNull(clock, "clock");
    requirePositive(connectTimeout, "connectTimeout");
    requirePositive(responseTimeout, "responseTimeout");
    this.connectTimeout = connectTimeout;
    this.responseTimeout = responseTimeout;
  }

  /**
   * Returns a cached, still fresh token for the request's audience and action, or mints one.
   *
   * @throws CredentialException when the exchange fails; the message names the endpoint and the
   *     OAuth error, never a token
   */
  @Override
  public Credential credentialFor(CredentialRequest request) throws CredentialException {
    Objects.requireNonNull(request, "request");
    Key key = new Key(request.audience(), request.action());
    Cancellation cancellation = request.cancellation();
    while (true) {
      CompletableFuture<MintedToken> mine = new CompletableFuture<>();
      CompletableFuture<MintedToken> current = tokens.putIfAbsent(key, mine);
      if (current == null) {
        return mint(key, mine, cancellation);
      }
      MintedToken token = await(current, cancellation);
      if (token == null) {
        continue; // the caller minting it was cancelled: this one tries again
      }
      if (token.isFreshAt(clock.instant())) {
        return token;
      }
      // Expired or about to: whoever removes it first mints the next one, the others wait on it.
      tokens.remove(key, current);
    }
  }

  /** Drops this token if it is still the cached one, so the next call mints a fresh token. */
  @Override
  public void rejected(Credential credential) {
    if (!(credential instanceof MintedToken token) || token.owner != this) {
      return;
    }
    CompletableFuture<MintedToken> current = tokens.get(token.key);
    if (current != null
        && current.isDone()
        && !current.isCompletedExceptionally()
        && current.getNow(null) == token) {
      if (tokens.remove(token.key, current)) {
        log.debug(
            "minted token for {} {} was rejected; the next request mints a new one",
            token.key.audience(),
            token.key.action().scope());
      }
    }
  }

  /** Releases the exchange client's connections. Idempotent. */
  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      synchronized (clientLock) {
        if (client != null) {
          client.close(CloseMode.GRACEFUL);
        }
      }
    }
  }

  @Override
  public String toString() {
    return "TokenExchangeCredentials[" + displayUrl + ", subjectToken=<redacted>]";
  }

  // ---------------------------------------------------------------- the exchange

  private MintedToken mint(
      Key key, CompletableFuture<MintedToken> pending, Cancellation cancellation)
      throws CredentialException {
    try {
      MintedToken token = exchange(key, cancellation);
      pending.complete(token);
      return token;
    } catch (CredentialException | RuntimeException | Error e) {
      // Remove first: a later caller must try again rather than see this failure forever.
      tokens.remove(key, pending);
      // Callers waiting for this exchange were not cancelled themselves: they start over.
      pending.completeExceptionally(cancellation.isCancelled() ? new MintAbandoned() : e);
      throw e;
    }
  }

  /**
   * Waits for another caller's exchange; a cancel of this caller ends the wait at once.
   *
   * @return the token, or null when the minting caller was cancelled and this one should retry
   */
  private static MintedToken await(
      CompletableFuture<MintedToken> pending, Cancellation cancellation)
      throws CredentialException {
    // A view of the shared future, so cancelling it ends this wait only.
    CompletableFuture<MintedToken> view = pending.thenApply(token -> token);
    try (Cancellation.Registration onCancel = cancellation.onCancel(() -> view.cancel(false))) {
      return view.get();
    } catch (CancellationException e) {
      throw new CredentialException("cancelled while waiting for a token exchange", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new CredentialException("interrupted while waiting for a token exchange", e);
    } catch (ExecutionException e) {
      Throwable cause =
          e.getCause() instanceof CompletionException wrapped ? wrapped.getCause() : e.getCause();
      if (cause instanceof MintAbandoned) {
        return null;
      }
      if (cause instanceof CredentialException ce) {
        // A new exception so the stack trace shows this caller too; the message stays verbatim.
        throw new CredentialException(ce.getMessage(), ce);
      }
      throw new CredentialException("token exchange failed: " + cause, cause);
    }
  }

  private MintedToken exchange(Key key, Cancellation cancellation) throws CredentialException {
    if (closed.get()) {
      throw new CredentialException("token exchange client is closed");
    }
    if (cancellation.isCancelled()) {
      throw new CredentialException("token exchange cancelled");
    }
    log.debug("exchanging login token at {} for {} {}", displayUrl, key.audience(), scope(key));
    HttpPost post = new HttpPost(exchangeUrl);
    post.setHeader("Accept", "application/json");
    List<NameValuePair> form =
        List.of(
            new BasicNameValuePair("grant_type", GRANT_TYPE),
            new BasicNameValuePair("subject_token", subjectToken),
            new BasicNameValuePair("subject_token_type", ACCESS_TOKEN_TYPE),
            new BasicNameValuePair("requested_token_type", ACCESS_TOKEN_TYPE),
            new BasicNameValuePair("audience", key.audience()),
            new BasicNameValuePair("scope", scope(key)));
    post.setEntity(new UrlEncodedFormEntity(form, StandardCharsets.UTF_8));
    Instant sentAt = clock.instant();
    Answer answer;
    // Aborting the POST closes its connection, which ends a wait on a hanging endpoint at once.
    try (Cancellation.Registration onCancel = cancellation.onCancel(post::cancel)) {
      answer = client().execute(post, TokenExchangeCredentials::readAnswer);
    } catch (IOException | IllegalStateException e) {
      if (cancellation.isCancelled()) {
        throw new CredentialException("token exchange at " + displayUrl + " cancelled", e);
      }
      if (e instanceof IOException io) {
        throw new CredentialException(
            "token exchange at " + displayUrl + " failed: " + describe(io), e);
      }
      throw new CredentialException("token exchange client is closed", e);
    }
    if (answer.status() < 200 || answer.status() > 299) {
      throw new CredentialException(errorMessage(answer));
    }
    return parseToken(key, answer, sentAt);
  }

  private CloseableHttpClient client() throws CredentialException {
    synchronized (clientLock) {
      // Checked under the lock so a client is never made after close() released the old one.
      if (closed.get()) {
        throw new CredentialException("token exchange client is closed");
      }
      if (client == null) {
        client = newClient(connectTimeout, responseTimeout);
      }
      return client;
    }
  }

  private static Answer readAnswer(ClassicHttpResponse response) throws IOException {
    HttpEntity entity = response.getEntity();
    byte[] body = new byte[0];
    if (entity != null) {
      try (InputStream in = entity.getContent()) {
        body = readBounded(in);
      }
    }
    return new Answer(response.getCode(), body);
  }

  private static byte[] readBounded(InputStream in) throws IOException {
    if (in == null) {
      return new byte[0];
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buffer = new byte[8192];
    int n;
    while ((n = in.read(buffer)) >= 0) {
      if (out.size() + n > MAX_BODY_BYTES) {
        throw new IOException("response larger than " + MAX_BODY_BYTES + " bytes");
      }
      out.write(buffer, 0, n);
    }
    return out.toByteArray();
  }

  private MintedToken parseToken(Key key, Answer answer, Instant sentAt)
      throws CredentialException {
    String prefix = "token exchange at " + displayUrl + " (HTTP " + answer.status() + ") ";
    JsonNode root;
    try {
      root = Json.MAPPER.readTree(answer.body());
    } catch (IOException e) {
      // The parser's message may quote the body, which holds a token: do not pass it on.
      throw new CredentialException(prefix + "returned malformed JSON");
    }
    if (root == null || !root.isObject()) {
      throw new CredentialException(prefix + "returned no JSON object");
    }
    JsonNode accessToken = root.get("access_token");
    if (accessToken == null || !accessToken.isTextual() || accessToken.asText().isBlank()) {
      throw new CredentialException(prefix + "returned no access_token");
    }
    if (!BearerToken.isWellFormed(accessToken.asText())) {
      throw new CredentialException(
          prefix + "returned an access_token with whitespace or control characters");
    }
    JsonNode tokenType = root.get("token_type");
    if (tokenType != null
        && !tokenType.isNull()
        && !tokenType.asText().equalsIgnoreCase("Bearer")) {
      throw new CredentialException(
          prefix + "returned token_type '" + sanitize(tokenType.asText()) + "', expected Bearer");
    }
    long ttlSeconds = expiresIn(root.get("expires_in"), prefix);
    Duration ttl = Duration.ofSeconds(ttlSeconds);
    Duration margin =
        ttl.dividedBy(2).compareTo(MAX_REFRESH_MARGIN) < 0 ? ttl.dividedBy(2) : MAX_REFRESH_MARGIN;
    // Measured from when the request left, so the server's clock start is never ahead of ours.
    Instant expiresAt = sentAt.plus(ttl);
    Instant refreshAt = expiresAt.minus(margin);
    log.debug(
        "minted token for {} {} at {}: expires in {} s",
        key.audience(),
        scope(key),
        displayUrl,
        ttlSeconds);
    return new MintedToken(this, key, "Bearer " + accessToken.asText(), expiresAt, refreshAt);
  }

  private static long expiresIn(JsonNode node, String prefix) throws CredentialException {
    if (node == null || node.isNull()) {
      throw new CredentialException(prefix + "returned no expires_in");
    }
    long seconds;
    if (node.isIntegralNumber() && node.canConvertToLong()) {
      seconds = node.asLong();
    } else if (node.isTextual() && node.asText().matches("-?\\d{1,18}")) {
      seconds = Long.parseLong(node.asText());
    } else {
      throw new CredentialException(prefix + "returned a non-integer expires_in");
    }
    if (seconds <= 0) {
      throw new CredentialException(
          prefix + "returned expires_in " + seconds + "; it must be positive");
    }
    return seconds;
  }

  private String errorMessage(Answer answer) {
    StringBuilder message =
        new StringBuilder("token exchange at ")
            .append(displayUrl)
            .append(" failed: HTTP ")
            .append(answer.status());
    String error = null;
    String description = null;
    try {
      JsonNode root = Json.MAPPER.readTree(answer.body());
      if (root != null && root.isObject()) {
        error = textField(root, "error");
        description = textField(root, "error_description");
      }
    } catch (IOException e) {
      // Not an OAuth error document: report the status only, never the raw body.
    }
    if (error != null) {
      message.append(": ").append(sanitize(error));
      if (description != null) {
        message.append(" (").append(sanitize(description)).append(')');
      }
    }
    return message.toString();
  }

  private static String textField(JsonNode root, String name) {
    JsonNode node = root.get(name);
    return node != null && node.isTextual() && !node.asText().isBlank() ? node.asText() : null;
  }

  /**
   * Makes server-provided text safe to show: the login token is redacted should the server echo it,
   * only the characters RFC 6749 allows in OAuth error fields are kept, and the length is capped.
   */
  private String sanitize(String text) {
    String redacted = text.replace(subjectToken, "<redacted>");
    StringBuilder out = new StringBuilder(Math.min(redacted.length(), MAX_ERROR_TEXT + 3));
    for (int i = 0; i < redacted.length() && out.length() < MAX_ERROR_TEXT; i++) {
      char c = redacted.charAt(i);
      out.append(c >= 0x20 && c <= 0x7e && c != '"' && c != '\\' ? c : '?');
    }
    if (redacted.length() > MAX_ERROR_TEXT) {
      out.append("...");
    }
    return out.toString();
  }

  private static String describe(IOException e) {
    String message = e.getMessage();
    return message == null || message.isBlank()
        ? e.getClass().getSimpleName()
        : e.getClass().getSimpleName() + ": " + message;
  }

  private static String scope(Key key) {
    return key.action().scope();
  }

  // ---------------------------------------------------------------- construction helpers

  private static URI validateExchangeUrl(URI url) {
    Objects.requireNonNull(url, "exchangeUrl");
    String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
    if (!url.isAbsolute() || url.getHost() == null) {
      throw new IllegalArgumentException(
          "token exchange URL must be an absolute http(s) URL with a host: " + displayUrl(url));
    }
    if (url.getRawUserInfo() != null) {
      throw new IllegalArgumentException("token exchange URL must not contain userinfo");
    }
    if (url.getRawFragment() != null) {
      throw new IllegalArgumentException(
          "token exchange URL must not have a fragment: " + displayUrl(url));
    }
    if (scheme.equals("https")) {
      return url;
    }
    if (scheme.equals("http")) {
      if (LoopbackHost.isLoopback(url.getHost())) {
        return url;
      }
      throw new IllegalArgumentException(
          "token exchange URL must use https (plain http is allowed only for loopback hosts,"
              + " so the login token is never sent in clear text): "
              + displayUrl(url));
    }
    throw new IllegalArgumentException(
        "token exchange URL must be https (or http on a loopback host): " + displayUrl(url));
  }

  /** The URL without userinfo and query, which might hold secrets. */
  private static String displayUrl(URI url) {
    if (url.getHost() == null) {
      return String.valueOf(url.getScheme()) + ":…";
    }
    return url.getScheme()
        + "://"
        + url.getHost()
        + (url.getPort() >= 0 ? ":" + url.getPort() : "")
        + (url.getRawPath() == null ? "" : url.getRawPath());
  }

  private static void requirePositive(Duration d, String name) {
    Objects.requireNonNull(d, name);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " must be positive: " + d);
    }
  }

  private static CloseableHttpClient newClient(Duration connectTimeout, Duration responseTimeout) {
    ConnectionConfig connection =
        ConnectionConfig.custom()
            .setConnectTimeout(Timeout.of(connectTimeout))
            .setSocketTimeout(Timeout.of(responseTimeout))
            .build();
    RequestConfig request =
        RequestConfig.custom()
            .setResponseTimeout(Timeout.of(responseTimeout))
            .setConnectionRequestTimeout(Timeout.of(responseTimeout))
            .setRedirectsEnabled(false)
            .build();
    return HttpClients.custom()
        .setConnectionManager(
            PoolingHttpClientConnectionManagerBuilder.create()
                // A5: no header/wire debug logs, which would show the login and minted tokens.
                .setConnectionFactory(new UnloggedConnectionFactory())
                .setDefaultConnectionConfig(connection)
                .setMaxConnTotal(4)
                .setMaxConnPerRoute(4)
                .build())
        .setDefaultRequestConfig(request)
        // The login token goes to exactly the configured URL: no redirects, no silent retries.
        .disableRedirectHandling()
        .disableAutomaticRetries()
        .disableCookieManagement()
        .disableAuthCaching()
        .build();
  }

  // ---------------------------------------------------------------- values

  private record Key(String audience, RepoAction action) {}

  /** Completes a shared exchange whose minting caller was cancelled; waiters start over. */
  private static final class MintAbandoned extends RuntimeException {
    private static final long serialVersionUID = 1L;

    MintAbandoned() {
      super("token exchange abandoned by a cancelled caller", null, false, false);
    }
  }

  /** The JSON reader, loaded with the first token answer (holder idiom: lazy and thread-safe). */
  private static final class Json {
    static final ObjectMapper MAPPER = new ObjectMapper();
  }

  private record Answer(int status, byte[] body) {}

  /** A minted token; recognised again in {@link #rejected}. Immutable. */
  private static final class MintedToken implements Credential {
    private final TokenExchangeCredentials owner;
    private final Key key;
    private final Headers headers;
    private final Instant expiresAt;
    private final Instant refreshAt;

    MintedToken(
        TokenExchangeCredentials owner,
        Key key,
        String authorization,
        Instant expiresAt,
        Instant refreshAt) {
      this.owner = owner;
      this.key = key;
      this.headers = Headers.empty().with("Authorization", authorization);
      this.expiresAt = expiresAt;
      this.refreshAt = refreshAt;
    }

    boolean isFreshAt(Instant now) {
      return now.isBefore(refreshAt);
    }

    @Override
    public Headers headers() {
      return headers;
    }

    @Override
    public String toString() {
      return "Credential[Authorization: minted token for "
          + key.audience()
          + " "
          + key.action().scope()
          + ", expires "
          + expiresAt
          + "]";
    }
  }
}
