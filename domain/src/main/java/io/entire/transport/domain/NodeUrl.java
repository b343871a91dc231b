package io.entire.transport.domain;

import java.net.URI;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * The base URL of one replica node: {@code scheme://host[:port]}, without path, userinfo, query or
 * fragment. The request URL of a git call is {@code node + repoPath + suffix}.
 *
 * <p>Instances are immutable and thread-safe. Scheme and host are kept in lower case; an explicit
 * port equal to the scheme's default is dropped, so {@code https://a:443} equals {@code https://a}.
 *
 * @since 0.1
 */
public final class NodeUrl {
  /** The normalised origin: lower-case host, no default port, no path. */
  private final HttpUrl origin;

  private NodeUrl(HttpUrl origin) {
    this.origin = origin;
  }

  /**
   * Parses a node URL (rule R2): an absolute {@code http} or {@code https} URL with a host, no
   * userinfo, no query, no fragment, and no path other than {@code /}.
   *
   * @param text the candidate, may be {@code null}
   * @return the node, or empty when the text is not a valid node URL
   */
  public static Optional<NodeUrl> parse(String text) {
    return Optional.ofNullable(tryParse(text));
  }

  /**
   * Parses a node URL or throws.
   *
   * @param text the node URL, e.g. {@code https://r1.eu.example.dev}
   * @return the node
   * @throws IllegalArgumentException naming the text and what is wrong with it
   */
  public static NodeUrl of(String text) {
    NodeUrl node = tryParse(text);
    if (node == null) {
      throw new IllegalArgumentException(
          "not a node URL (want http(s)://host[:port] without path, userinfo or query): " + text);
    }
    return node;
  }

  /**
   * The origin ({@code scheme://host[:port]}) of an absolute http(s) URI, dropping its path and
   * query.
   *
   * @param uri an absolute URI
   * @return the origin, or empty when the URI is not http(s), has no host, or has userinfo
   */
  public static Optional<NodeUrl> originOf(URI uri) {
    return HttpUrl.from(uri).map(NodeUrl::fromUrl);
  }

  private static NodeUrl tryParse(String text) {
    // Control characters anywhere, even where trim() would drop them, refuse the entry.
    if (text == null
        || text.isBlank()
        || HttpUrl.flawsOf(text).contains(HttpUrl.Flaw.CONTROL_CHARACTER)) {
      return null;
    }
    // R2's extra rules on top of HttpUrl: an origin only (no query, fragment or path but "/").
    HttpUrl url = HttpUrl.parse(text.trim()).orElse(null);
    if (url == null
        || url.rawQuery().isPresent()
        || url.rawFragment().isPresent()
        || !(url.rawPath().isEmpty() || url.rawPath().equals("/"))) {
      return null;
    }
    return fromUrl(url);
  }

  private static NodeUrl fromUrl(HttpUrl url) {
    if (url.port() > 65535) {
      return null;
    }
    int port = url.port() == url.defaultPort() ? -1 : url.port();
    String host = url.host().toLowerCase(Locale.ROOT);
    return new NodeUrl(HttpUrl.of(url.scheme() + "://" + (port == -1 ? host : host + ":" + port)));
  }

  /** Returns {@code http} or {@code https}. */
  public String scheme() {
    return origin.scheme();
  }

  /** Returns the lower-case host (IPv6 literals keep their brackets). */
  public String host() {
    return origin.host();
  }

  /** Returns the port, or -1 when it is the scheme's default. */
  public int port() {
    return origin.port();
  }

  /** Returns the port actually dialled: the explicit port or the scheme's default. */
  public int effectivePort() {
    return origin.effectivePort();
  }

  /** Returns whether this node is reached over TLS. */
  public boolean isHttps() {
    return origin.isHttps();
  }

  /**
   * Builds a request URI on this node.
   *
   * @param pathAndQuery a raw path starting with {@code /}, optionally followed by a query
   * @return {@code this + pathAndQuery}
   * @throws IllegalArgumentException when the result is not a valid URI
   */
  public URI resolve(String pathAndQuery) {
    Objects.requireNonNull(pathAndQuery, "pathAndQuery");
    if (!pathAndQuery.startsWith("/")) {
      throw new IllegalArgumentException("path must start with '/': " + pathAndQuery);
    }
    return URI.create(this + pathAndQuery);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof NodeUrl other && origin.equals(other.origin);
  }

  @Override
  public int hashCode() {
    return origin.hashCode();
  }

  /** Returns {@code scheme://host[:port]}. */
  @Override
  public String toString() {
    return origin.toString();
  }
}
