package io.entire.transport.testkit;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One request as a {@link TestServer} saw it, with every request header. Credential values are
 * never recorded: {@code Authorization}, {@code Proxy-Authorization} and {@code Cookie}, and any
 * header whose value carries a credential the cluster issued or was configured with (a bearer
 * token, a Basic password, a token minted or a login token received by its {@link
 * TokenExchangeEndpoint}), are recorded as {@code "present, <scheme>"} (e.g. {@code "present,
 * Bearer"}), or {@code "present"} when the value starts with no scheme. So neither the fields nor
 * {@link #toString()} ever hold such a value.
 *
 * <p>Immutable. A request is recorded when the server decides its status line, before the body is
 * streamed, so a test waiting on a {@link RequestLog} sees it as early as possible. Requests that
 * got no answer ({@link Fault#reset()}, {@link Fault#hang()}) are recorded with status {@code 0}.
 * Requests to a server that is {@link Fault#down() down} never arrive and are not recorded.
 *
 * @param server {@code "entry"}, {@code "replica-0"}, {@code "replica-1"}, ..., {@code "outsider"}
 *     or {@code "token-endpoint"}
 * @param method the request method, e.g. {@code GET}
 * @param pathAndQuery the request target as sent, e.g. {@code
 *     /et/org/repo/info/refs?service=git-upload-pack}
 * @param host the {@code Host} header, or {@code null} when absent
 * @param authorizationPresent whether an {@code Authorization} header was sent
 * @param selectedHeaders those of {@link #SELECTED_HEADERS} that were sent, keyed by the names in
 *     that list (unmodifiable)
 * @param status the status answered, or 0 when no response was sent
 * @param headers every request header in the order sent, names as sent, credential values redacted
 *     as above (unmodifiable; since 0.2)
 * @param clientCertificate the subject of the client certificate presented in the TLS handshake of
 *     the request's connection, e.g. {@code CN=entire-testkit-client-rsa}, or {@code null} on plain
 *     http or when none was presented (since 0.2; see {@link ClusterTls})
 * @since 0.1
 */
public record RecordedRequest(
    String server,
    String method,
    String pathAndQuery,
    String host,
    boolean authorizationPresent,
    Map<String, String> selectedHeaders,
    int status,
    List<Map.Entry<String, String>> headers,
    String clientCertificate) {

  /** The request headers of {@link #selectedHeaders()} (never {@code Authorization}). */
  public static final List<String> SELECTED_HEADERS =
      List.of(
          "Git-Protocol", "Content-Encoding", "Content-Type", "User-Agent", "X-Entire-Push-Size");

  private static final KnownSecrets NO_SECRETS = new KnownSecrets();

  /**
   * Validates and copies; the values of {@code Authorization}, {@code Proxy-Authorization} and
   * {@code Cookie} are redacted here too, so a record built by hand never holds them either.
   *
   * @since 0.2
   */
  public RecordedRequest {
    Objects.requireNonNull(server, "server");
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(pathAndQuery, "pathAndQuery");
    selectedHeaders = Map.copyOf(selectedHeaders);
    List<Map.Entry<String, String>> copy = new ArrayList<>(headers.size());
    for (Map.Entry<String, String> h : headers) {
      String value = HeaderRedaction.recorded(h.getKey(), h.getValue(), NO_SECRETS);
      copy.add(Map.entry(h.getKey(), value));
    }
    headers = List.copyOf(copy);
  }

  /**
   * A record without a client certificate.
   *
   * @since 0.2
   */
  public RecordedRequest(
      String server,
      String method,
      String pathAndQuery,
      String host,
      boolean authorizationPresent,
      Map<String, String> selectedHeaders,
      int status,
      List<Map.Entry<String, String>> headers) {
    this(
        server,
        method,
        pathAndQuery,
        host,
        authorizationPresent,
        selectedHeaders,
        status,
        headers,
        null);
  }

  /**
   * A record without the full header list (as before 0.2): {@link #headers()} holds the selected
   * headers.
   */
  public RecordedRequest(
      String server,
      String method,
      String pathAndQuery,
      String host,
      boolean authorizationPresent,
      Map<String, String> selectedHeaders,
      int status) {
    this(
        server,
        method,
        pathAndQuery,
        host,
        authorizationPresent,
        selectedHeaders,
        status,
        List.copyOf(selectedHeaders.entrySet()));
  }

  /**
   * Records what {@code server} saw of {@code head}, redacting credentials and {@code secrets}.
   *
   * @param clientCertificate the subject of the client certificate, or null
   */
  static RecordedRequest of(
      String server, RequestHead head, int status, KnownSecrets secrets, String clientCertificate) {
    List<Map.Entry<String, String>> all = new ArrayList<>();
    for (Map.Entry<String, String> h : head.headers().entries()) {
      all.add(Map.entry(h.getKey(), HeaderRedaction.recorded(h.getKey(), h.getValue(), secrets)));
    }
    Map<String, String> selected = new LinkedHashMap<>();
    for (String name : SELECTED_HEADERS) {
      String value = head.header(name);
      if (value != null) {
        selected.put(name, HeaderRedaction.recorded(name, value, secrets));
      }
    }
    String host = head.header("Host");
    return new RecordedRequest(
        server,
        head.method(),
        head.target(),
        host == null ? null : HeaderRedaction.recorded("Host", host, secrets),
        head.header("Authorization") != null,
        selected,
        status,
        all,
        clientCertificate);
  }

  /** The path without the query, e.g. {@code /et/org/repo/info/refs}. */
  public String path() {
    return pathAndQuery.indexOf('?') < 0
        ? pathAndQuery
        : pathAndQuery.substring(0, pathAndQuery.indexOf('?'));
  }

  /** The query without {@code ?}, or {@code null} when there is none. */
  public String query() {
    int q = pathAndQuery.indexOf('?');
    return q < 0 ? null : pathAndQuery.substring(q + 1);
  }

  /**
   * The first value of a header by name, ignoring case; credentials as {@code "present, <scheme>"}
   * (see above). Since 0.2 every header is recorded, not only {@link #SELECTED_HEADERS}.
   *
   * @return its (possibly redacted) value, or {@code null} when it was not sent
   */
  public String header(String name) {
    List<String> values = headers(name);
    return values.isEmpty() ? null : values.get(0);
  }

  /**
   * Every value of a header by name, ignoring case, in the order sent; empty when it was not sent.
   *
   * @since 0.2
   */
  public List<String> headers(String name) {
    Objects.requireNonNull(name, "name");
    return headers.stream()
        .filter(h -> h.getKey().equalsIgnoreCase(name))
        .map(Map.Entry::getValue)
        .toList();
  }
}
