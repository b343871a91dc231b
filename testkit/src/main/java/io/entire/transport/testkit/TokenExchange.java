package io.entire.transport.testkit;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One RFC 8693 token exchange request as a {@link TokenExchangeEndpoint} received it, and what it
 * answered. The login token ({@code subject_token}, also {@code actor_token}) and the minted token
 * are kept out of {@link #parameters()} and {@link #toString()}: ask with {@link
 * #subjectTokenIs(String)}, or {@link #issuedToken()} when a test needs the minted value.
 *
 * <p>Immutable and thread-safe.
 *
 * @since 0.2
 */
public final class TokenExchange {

  private static final String PRESENT = "present";

  private final Map<String, String> parameters;
  private final String subjectToken;
  private final String issuedToken;
  private final int status;

  TokenExchange(Map<String, String> form, int status, String issuedToken) {
    this.subjectToken = form.get("subject_token");
    this.issuedToken = issuedToken;
    this.status = status;
    Map<String, String> shown = new LinkedHashMap<>(form);
    shown.replaceAll((k, v) -> k.endsWith("_token") ? PRESENT : v);
    this.parameters = Collections.unmodifiableMap(shown);
  }

  /**
   * The form parameters in the order sent; {@code subject_token} and {@code actor_token} read
   * "present".
   */
  public Map<String, String> parameters() {
    return parameters;
  }

  /** The {@code audience} parameter, e.g. {@code http://127.0.0.1:40001/et/org/repo}, or null. */
  public String audience() {
    return parameters.get("audience");
  }

  /** The {@code scope} parameter, e.g. {@code repo:pull}, or null. */
  public String scope() {
    return parameters.get("scope");
  }

  /** The {@code grant_type} parameter, or null. */
  public String grantType() {
    return parameters.get("grant_type");
  }

  /** Whether the {@code subject_token} sent was exactly {@code loginToken}. */
  public boolean subjectTokenIs(String loginToken) {
    return subjectToken != null && subjectToken.equals(Objects.requireNonNull(loginToken));
  }

  /** The HTTP status answered: 200 with a token, or a 4xx with an RFC 6749 error. */
  public int status() {
    return status;
  }

  /** The token minted by this exchange, empty when it failed. */
  public Optional<String> issuedToken() {
    return Optional.ofNullable(issuedToken);
  }

  @Override
  public String toString() {
    return "TokenExchange[status=" + status + ", parameters=" + parameters + "]";
  }
}
