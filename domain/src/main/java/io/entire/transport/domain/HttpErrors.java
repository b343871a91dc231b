package io.entire.transport.domain;

/**
 * Turns an unsuccessful HTTP answer into the exception a user sees (rules E1–E3). Public so other
 * handlers of the same data plane word their errors the same way.
 *
 * <p>Stateless and thread-safe.
 *
 * @since 0.1
 */
public final class HttpErrors {
  /** How much of a server's error body is shown to the user (H1). */
  public static final int MAX_SERVER_TEXT_BYTES = 1024;

  private HttpErrors() {}

  /**
   * Builds the user-facing exception for an HTTP status.
   *
   * @param status the HTTP status code
   * @param serverMessage the server's error text (already {@linkplain #serverText cleaned}), may be
   *     null or empty
   * @param baseUrl the repository URL used in messages, see {@code GitTransport.errorBaseUrl()}
   * @return {@link AuthenticationFailedException} for 401, {@link RepositoryNotFoundException} for
   *     404, {@link ServerErrorException} for 5xx (since 0.2), else {@link HttpStatusException}
   */
  public static HttpStatusException message(int status, String serverMessage, String baseUrl) {
    String text = serverMessage == null ? "" : serverMessage.trim();
    switch (status) {
      case 401:
        return new AuthenticationFailedException(
            text.isEmpty()
                ? "authentication failed - check your credentials (see README: Authentication)"
                : "authentication failed: " + text);
      case 404:
        return new RepositoryNotFoundException(
            text.isEmpty() ? "repository not found: " + baseUrl : text);
      default:
        return ofStatus(
            status,
            text.isEmpty()
                ? "server error (HTTP " + status + ")"
                : "server error (HTTP " + status + "): " + text);
    }
  }

  /**
   * Like {@link #message} for a service RPC: the message names the service (S2), e.g. {@code
   * git-receive-pack: server error (HTTP 500)}.
   */
  public static HttpStatusException forService(
      GitService service, int status, String serverMessage, String baseUrl) {
    HttpStatusException plain = message(status, serverMessage, baseUrl);
    String text = service.serviceName() + ": " + plain.getMessage();
    switch (status) {
      case 401:
        return new AuthenticationFailedException(text);
      case 404:
        return new RepositoryNotFoundException(text);
      default:
        return ofStatus(status, text);
    }
  }

  /** The type for a status other than 401 and 404: 5xx is a server error (L5). */
  private static HttpStatusException ofStatus(int status, String message) {
    return status >= 500 && status <= 599
        ? new ServerErrorException(status, message)
        : new HttpStatusException(status, message);
  }

  /**
   * Cleans a server's error body for display (H1): trimmed, and dropped when it looks like an HTML
   * page (starts with {@code <}). Control characters other than tab and newline are replaced so a
   * hostile server cannot drive the user's terminal.
   *
   * @param raw the first {@value #MAX_SERVER_TEXT_BYTES} bytes of the body, decoded; may be null
   * @return the text to show, possibly empty
   */
  public static String serverText(String raw) {
    if (raw == null) {
      return "";
    }
    String text = raw.trim();
    if (text.startsWith("<")) {
      return "";
    }
    StringBuilder b = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      b.append((c < 0x20 && c != '\n' && c != '\t') || c == 0x7f ? '?' : c);
    }
    return b.toString();
  }
}
