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
 * @param inCluster whether the target is inside the cluster's trust domain (R3), as the application
 *     decided when it chose the credentials for this hop (X2, X3). The adapter gives in-cluster
 *     targets what belongs to the cluster alone: the client certificate (N3). False is the safe
 *     side: nothing of the cluster's goes to the host.
 */
@API(status = INTERNAL)
public record HttpRequest(
    String method,
    URI uri,
    Headers headers,
    RequestBody body,
    boolean gzipBody,
    boolean inCluster) {

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

  /**
   * A request not marked in-cluster. Only the application's follow-up loop knows the trust domain,
   * and it marks every hop it sends; a request made elsewhere (a test, a probe) must not get the
   * cluster's client certificate by default.
   */
  public HttpRequest(String method, URI uri, Headers headers, RequestBody body, boolean gzipBody) {
    this(method, uri, headers, body, gzipBody, false);
  }

  /** A GET request, not marked in-cluster. */
  public static HttpRequest get(URI uri, Headers headers) {
    return new HttpRequest("GET", uri, headers, null, false);
  }

  /**
   * This request sent to another URI with other headers (a redirect hop). The copy is not marked
   * in-cluster: whoever sends it decides that for its target again.
   */
  public HttpRequest redirectedTo(URI target, Headers newHeaders) {
    return new HttpRequest(method, target, newHeaders, body, gzipBody, false);
  }

  /**
   * This request marked as going, or not, to a host inside the cluster's trust domain.
   *
   * @param inCluster whether the target is in-cluster
   * @return the request with that mark
   * @since 0.2
   */
  public HttpRequest inCluster(boolean inCluster) {
    return new HttpRequest(method, uri, headers, body, gzipBody, inCluster);
  }

  /** Redacts Authorization in the printed headers. */
  @Override
  public String toString() {
    return method + " " + uri + " " + headers;
  }
}
