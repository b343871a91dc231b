package io.entire.transport.adapters.auth;

import io.entire.transport.application.port.in.Cancellation;
import io.entire.transport.application.port.out.Credential;
import io.entire.transport.application.port.out.CredentialPort;
import io.entire.transport.application.port.out.CredentialRequest;
import io.entire.transport.domain.CredentialException;
import io.entire.transport.domain.RepoAction;
import java.io.Closeable;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.apache.hc.core5.http.NameValuePair;
import org.apache.hc.core5.http.message.BasicNameValuePair;
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
 * is sent to exactly that URL, through the proxy of its {@link TokenEndpointNetwork} when that
 * names one for an https URL (never in clear text through a proxy). Neither the login token nor a
 * minted token ever appears in logs, exception messages or {@code toString()} (A5); errors of the
 * token endpoint are reported with the HTTP status and the sanitized OAuth {@code error}/{@code
 * error_description}, never the raw body.
 *
 * <p><b>Thread-safety and lifecycle</b>: thread-safe. The instance owns a small HttpClient 5
 * connection pool for the exchange endpoint, made on the first exchange; {@link #close()} releases
 * it, after which {@link #credentialFor} fails.
 *
 * <p><b>Parts</b>: this class composes the exchange; {@link TokenCache} keeps the tokens (single
 * flight), {@link TokenEndpointClient} does the HTTP, {@link TokenExchangeResponse} reads the
 * answer, {@link ServerErrorText} sanitizes what the server says and {@link TokenEndpointUrl}
 * checks the URL.
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

  private final String displayUrl;
  private final String subjectToken;
  private final Clock clock;
  private final ServerErrorText errorText;
  private final TokenEndpointClient endpoint;
  private final TokenCache tokens;

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
   * Creates the adapter with explicit timeouts for the exchange call, reaching the endpoint
   * directly with the JVM's default trust ({@link TokenEndpointNetwork#DIRECT}).
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
    this(
        exchangeUrl,
        subjectToken,
        clock,
        connectTimeout,
        responseTimeout,
        TokenEndpointNetwork.DIRECT);
  }

  /**
   * Creates the adapter with explicit timeouts, reaching the endpoint through the proxy and with
   * the trust of {@code network} (N1, N2), e.g. those of the client it serves. A plain-http
   * (loopback) endpoint is never reached through a proxy: such an exchange fails without sending
   * anything.
   *
   * @param exchangeUrl the token endpoint; {@code https}, or {@code http} for a loopback host
   * @param subjectToken the user's login token to trade
   * @param clock the clock deciding token expiry
   * @param connectTimeout time to establish a connection to the endpoint (and the TLS handshake)
   * @param responseTimeout time to wait for the answer and between its bytes
   * @param network the proxy, proxy credentials and TLS trust for the endpoint
   * @throws IllegalArgumentException when a value is not acceptable (the message never shows the
   *     token)
   * @since 0.2
   */
  public TokenExchangeCredentials(
      URI exchangeUrl,
      String subjectToken,
      Clock clock,
      Duration connectTimeout,
      Duration responseTimeout,
      TokenEndpointNetwork network) {
    URI url = TokenEndpointUrl.requireAcceptable(exchangeUrl);
    this.displayUrl = TokenEndpointUrl.display(url);
    Objects.requireNonNull(subjectToken, "subjectToken");
    if (subjectToken.isBlank()) {
      throw new IllegalArgumentException("the login token to exchange must not be blank");
    }
    this.subjectToken = subjectToken;
    this.clock = Objects.requireNonNull(clock, "clock");
    requirePositive(connectTimeout, "connectTimeout");
    requirePositive(responseTimeout, "responseTimeout");
    this.errorText = new ServerErrorText(subjectToken);
    this.endpoint =
        new TokenEndpointClient(
            url, connectTimeout, responseTimeout, Objects.requireNonNull(network, "network"));
    this.tokens = new TokenCache(clock);
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
    TokenTarget target = new TokenTarget(request.audience(), request.action());
    return tokens.tokenFor(target, request.cancellation(), this::mint);
  }

  /** Drops this token if it is still the cached one, so the next call mints a fresh token. */
  @Override
  public void rejected(Credential credential) {
    if (credential instanceof MintedToken token && tokens.drop(token)) {
      log.debug(
          "minted token for {} {} was rejected; the next request mints a new one",
          token.target().audience(),
          token.target().scope());
    }
  }

  /** Releases the exchange client's connections. Idempotent. */
  @Override
  public void close() {
    endpoint.close();
  }

  @Override
  public String toString() {
    return "TokenExchangeCredentials[" + displayUrl + ", subjectToken=<redacted>]";
  }

  /** One exchange (A2): the RFC 8693 form, sent on the calling thread. */
  private MintedToken mint(TokenTarget target, Cancellation cancellation)
      throws CredentialException {
    if (endpoint.isClosed()) {
      throw new CredentialException("token exchange client is closed");
    }
    if (cancellation.isCancelled()) {
      throw new CredentialException("token exchange cancelled");
    }
    log.debug(
        "exchanging login token at {} for {} {}", displayUrl, target.audience(), target.scope());
    List<NameValuePair> form =
        List.of(
            new BasicNameValuePair("grant_type", GRANT_TYPE),
            new BasicNameValuePair("subject_token", subjectToken),
            new BasicNameValuePair("subject_token_type", ACCESS_TOKEN_TYPE),
            new BasicNameValuePair("requested_token_type", ACCESS_TOKEN_TYPE),
            new BasicNameValuePair("audience", target.audience()),
            new BasicNameValuePair("scope", target.scope()));
    Instant sentAt = clock.instant();
    TokenEndpointClient.Reply reply = endpoint.post(form, cancellation);
    TokenExchangeResponse response = TokenExchangeResponse.read(reply, displayUrl, errorText);
    log.debug(
        "minted token for {} {} at {}: expires in {} s",
        target.audience(),
        target.scope(),
        displayUrl,
        response.lifetime().toSeconds());
    return new MintedToken(tokens, target, response.accessToken(), sentAt, response.lifetime());
  }

  private static void requirePositive(Duration d, String name) {
    Objects.requireNonNull(d, name);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " must be positive: " + d);
    }
  }
}
