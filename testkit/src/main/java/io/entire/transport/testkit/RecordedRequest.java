package io.entire.transport.testkit;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One request as a {@link TestServer} saw it. The value of {@code Authorization} is never recorded,
 * only whether the header was present.
 *
 * <p>Immutable. A request is recorded when the server decides its status line, before the body is
 * streamed, so a test waiting on a {@link RequestLog} sees it as early as possible. Requests that
 * got no answer ({@link Fault#reset()}, {@link Fault#hang()}) are recorded with status {@code 0}.
 * Requests to a server that is {@link Fault#down()} never arrive and are not recorded.
 *
 * @param server {@code "entry"}, {@code "replica-0"}, {@code "replica-1"}, ..., or {@code
 *     "outsider"}
 * @param method the request method, e.g. {@code GET}
 * @param pathAndQuery the request target as sent, e.g. {@code
 *     /et/org/repo/info/refs?service=git-upload-pack}
 * @param host the {@code Host} header, or {@code null} when absent
 * @param authorizationPresent whether an {@code Authorization} header was sent
 * @param selectedHeaders those of {@link #SELECTED_HEADERS} that were sent, keyed by the names in
 *     that list (unmodifiable)
 * @param status the status answered, or 0 when no response was sent
 * @since 0.1
 */
public record RecordedRequest(
    String server,
    String method,
    String pathAndQuery,
    String host,
    boolean authorizationPresent,
    Map<String, String> selectedHeaders,
    int status) {

  /** The request headers whose values are recorded (never {@code Authorization}). */
  public static final List<String> SELECTED_HEADERS =
      List.of(
          "Git-Protocol", "Content-Encoding", "Content-Type", "User-Agent", "X-Entire-Push-Size");

  /** Validates and copies. */
  public RecordedRequest {
    Objects.requireNonNull(server, "server");
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(pathAndQuery, "pathAndQuery");
    selectedHeaders = Map.copyOf(selectedHeaders);
  }

  /** Records what {@code server} saw of {@code head}: selected headers, never credential values. */
  static RecordedRequest of(String server, RequestHead head, int status) {
    Map<String, String> selected = new LinkedHashMap<>();
    for (String header : SELECTED_HEADERS) {
      String value = head.header(header);
      if (value != null) {
        selected.put(header, value);
      }
    }
    return new RecordedRequest(
        server,
        head.method(),
        head.target(),
        head.header("Host"),
        head.header("Authorization") != null,
        selected,
        status);
  }

  /** The path without the query, e.g. {@code /et/org/repo/info/refs}. */
  public String path() {
    int q = pathAndQuery.indexOf('?');
    return q < 0 ? pathAndQuery : pathAndQuery.substring(0, q);
  }

  /** The query without {@code ?}, or {@code null} when there is none. */
  public String query() {
    int q = pathAndQuery.indexOf('?');
    return q < 0 ? null : pathAndQuery.substring(q + 1);
  }

  /**
   * A selected header by name, ignoring case.
   *
   * @param name one of {@link #SELECTED_HEADERS}
   * @return its value, or {@code null} when it was not sent
   */
  public String header(String name) {
    for (Map.Entry<String, String> e : selectedHeaders.entrySet()) {
      if (e.getKey().equalsIgnoreCase(name)) {
        return e.getValue();
      }
    }
    return null;
  }
}
