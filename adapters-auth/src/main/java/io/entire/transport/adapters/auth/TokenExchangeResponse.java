package io.entire.transport.adapters.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.entire.transport.domain.CredentialException;
import java.io.IOException;
import java.time.Duration;

/**
 * The token endpoint's answer as RFC 8693 §2.2 defines it, read with Jackson: on success the JSON
 * object {@code {access_token, expires_in, token_type}}, on failure an OAuth error document.
 *
 * <p>A success must carry a non-blank {@code access_token} that fits a {@code Bearer} header, a
 * positive integer {@code expires_in} (a number or a string of digits) and, if any, {@code
 * token_type} {@code Bearer}. A failure is reported with the HTTP status and the sanitized OAuth
 * {@code error}/{@code error_description} ({@link ServerErrorText}), never the raw body, which may
 * hold a token (A5).
 *
 * <p>Immutable, so thread-safe; {@link #toString()} never shows the access token.
 *
 * @param accessToken the minted token
 * @param lifetime how long it lives ({@code expires_in})
 */
record TokenExchangeResponse(String accessToken, Duration lifetime) {

  /**
   * Reads the endpoint's reply.
   *
   * @param endpoint the endpoint as shown in messages
   * @throws CredentialException when the endpoint refused or its answer is not a usable token; the
   *     message names the endpoint, the status and what was wrong
   */
  static TokenExchangeResponse read(
      TokenEndpointClient.Reply reply, String endpoint, ServerErrorText errorText)
      throws CredentialException {
    if (!reply.isSuccess()) {
      // L5: an endpoint that is overloaded or failing may answer later; a refusal stays one.
      int status = reply.status();
      throw new CredentialException(
          errorMessage(reply, endpoint, errorText),
          null,
          status >= 500 || status == 429 || status == 408);
    }
    String prefix = "token exchange at " + endpoint + " (HTTP " + reply.status() + ") ";
    JsonNode root;
    try {
      root = Json.MAPPER.readTree(reply.body());
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
          prefix
              + "returned token_type '"
              + errorText.clean(tokenType.asText())
              + "', expected Bearer");
    }
    long seconds = expiresIn(root.get("expires_in"), prefix);
    return new TokenExchangeResponse(accessToken.asText(), Duration.ofSeconds(seconds));
  }

  @Override
  public String toString() {
    return "TokenExchangeResponse[access_token=<redacted>, expires_in=" + lifetime + "]";
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

  private static String errorMessage(
      TokenEndpointClient.Reply reply, String endpoint, ServerErrorText errorText) {
    StringBuilder message =
        new StringBuilder("token exchange at ")
            .append(endpoint)
            .append(" failed: HTTP ")
            .append(reply.status());
    String error = null;
    String description = null;
    try {
      JsonNode root = Json.MAPPER.readTree(reply.body());
      if (root != null && root.isObject()) {
        error = textField(root, "error");
        description = textField(root, "error_description");
      }
    } catch (IOException e) {
      // Not an OAuth error document: report the status only, never the raw body.
    }
    if (error != null) {
      message.append(": ").append(errorText.clean(error));
      if (description != null) {
        message.append(" (").append(errorText.clean(description)).append(')');
      }
    }
    return message.toString();
  }

  private static String textField(JsonNode root, String name) {
    JsonNode node = root.get(name);
    return node != null && node.isTextual() && !node.asText().isBlank() ? node.asText() : null;
  }

  /** The JSON reader, loaded with the first token answer (holder idiom: lazy and thread-safe). */
  private static final class Json {
    static final ObjectMapper MAPPER = new ObjectMapper();
  }
}
