package io.entire.transport.application.port.out;

import static org.apiguardian.api.API.Status.INTERNAL;

import io.entire.transport.application.port.in.RequestBody;
import io.entire.transport.domain.Headers;
import java.net.URI;
import java.util.Objects;
import org.apiguardian.api.API;

/**
 * One outbound HTTP request.
 *
 * @param method {@code GET} or {@code POST}
 * @param uri the absolute request URI
 * @param headers the headers to send (including Authorization when credentials apply)
 * @param body the body, or null for none; owned by the caller
 * @param gzipBody whether the adapter must send the body gzip-compressed with {@code
 *     Content-Encoding: gzip} (S4)
 */
@API(status = INTERNAL)
public record HttpRequest(
    String method, URI uri, Headers headers, RequestBody body, boolean gzipBody) {

  /** Validates the request. */
  public HttpRequest {
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(uri, "uri");
    Objects.requireNonNull(headers, "headers");
    if (!uri.isAbsolute()) {
      throw new IllegalArgumentException("request URI must be absolute: " + uri);
    }
    if (gzipBody && body == null) {
      throw new IllegalArgumentException("gzipBody without a body");
    }
  }

  /** A GET request. */
  public static HttpRequest get(URI uri, Headers headers) {
    return new HttpRequest("GET", uri, headers, null, false);
  }

  /** This request sent to another URI with other headers (a redirect hop). */
  public HttpRequest redirectedTo(URI target, Headers newHeaders) {
    return new HttpRequest(method, target, newHeaders, body, gzipBody);
  }

  /** Redacts Authorization in the printed headers. */
  @Override
  public String toString() {
    return method + " " + uri + " " + headers;
  }
}
