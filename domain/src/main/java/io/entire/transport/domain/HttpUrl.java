package io.entire.transport.domain;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * An absolute {@code http} or {@code https} URL with a host and without userinfo: the one check
 * every URL the transport sends to, follows or shows passes (node URLs, redirect targets, the entry
 * URL, request URIs, the token endpoint, the remote URL, the git credential target). Each user adds
 * its own rules on top (a node URL has no path, the token endpoint needs https off loopback, …).
 *
 * <p>The scheme is kept in lower case; host, port, path, query and fragment stay as given (no
 * normalisation, so two URLs differing only in the case of the host are not equal). Since userinfo
 * is refused, neither {@link #toString()} nor a refusal reason can show a password. Ports are not
 * range-checked (RFC 3986 allows any digits; {@link NodeUrl} adds the 65535 limit).
 *
 * <p>Immutable and thread-safe.
 *
 * @since 0.1
 */
public final class HttpUrl {

  /**
   * Why a candidate is not an {@link HttpUrl}; {@link #flawsOf} reports every one that applies.
   *
   * @since 0.1
   */
  public enum Flaw {
    /** The text is not a URI at all. */
    MALFORMED("is malformed"),
    /** The text holds a control character (checked before parsing, so none is echoed). */
    CONTROL_CHARACTER("contains a control character"),
    /** The URI has no scheme (a relative reference). */
    NOT_ABSOLUTE("is not absolute"),
    /** The scheme is neither {@code http} nor {@code https}. */
    NOT_HTTP("is not http or https"),
    /** The URI has no (server-based) host. */
    NO_HOST("has no host"),
    /** The URI carries userinfo, which may hold a password. */
    USERINFO("contains userinfo");

    private final String reason;

    Flaw(String reason) {
      this.reason = reason;
    }

    /** Returns a short reason for messages, e.g. {@code has no host}; it never holds the URL. */
    public String reason() {
      return reason;
    }
  }

  private final String scheme;
  private final String host;
  private final int port;
  private final String rawPath;
  private final String rawQuery;
  private final String rawFragment;

  private HttpUrl(URI uri) {
    this.scheme = uri.getScheme().toLowerCase(Locale.ROOT);
    this.host = uri.getHost();
    this.port = uri.getPort();
    this.rawPath = uri.getRawPath() == null ? "" : uri.getRawPath();
    this.rawQuery = uri.getRawQuery();
    this.rawFragment = uri.getRawFragment();
  }

  /**
   * Parses a URL.
   *
   * @param text the candidate, may be {@code null}
   * @return the URL, or empty when {@link #flawsOf(String)} finds a flaw
   */
  public static Optional<HttpUrl> parse(String text) {
    URI uri = uriOrNull(text);
    return uri == null ? Optional.empty() : from(uri);
  }

  /**
   * Checks a URI.
   *
   * @param uri the candidate, may be {@code null}
   * @return the URL, or empty when {@link #flawsOf(URI)} finds a flaw
   */
  public static Optional<HttpUrl> from(URI uri) {
    return uri != null && flawsOf(uri).isEmpty() ? Optional.of(new HttpUrl(uri)) : Optional.empty();
  }

  /**
   * Parses a URL or throws.
   *
   * @throws IllegalArgumentException saying what is wrong, without echoing the text (which might
   *     hold userinfo or control characters)
   */
  public static HttpUrl of(String text) {
    Optional<HttpUrl> url = parse(text);
    if (url.isEmpty()) {
      throw refusal(flawsOf(text));
    }
    return url.get();
  }

  /**
   * Checks a URI or throws.
   *
   * @throws IllegalArgumentException saying what is wrong, without echoing the URI
   */
  public static HttpUrl of(URI uri) {
    Optional<HttpUrl> url = from(uri);
    if (url.isEmpty()) {
      throw refusal(flawsOf(uri));
    }
    return url.get();
  }

  /**
   * Every flaw of a text, empty when it is an {@link HttpUrl}: {@link Flaw#CONTROL_CHARACTER} or
   * {@link Flaw#MALFORMED} alone, else those of the parsed URI.
   */
  public static Set<Flaw> flawsOf(String text) {
    if (text == null || ControlCharacters.in(text)) {
      return EnumSet.of(text == null ? Flaw.MALFORMED : Flaw.CONTROL_CHARACTER);
    }
    URI uri = uriOrNull(text);
    return uri == null ? EnumSet.of(Flaw.MALFORMED) : flawsOf(uri);
  }

  /**
   * Every flaw of a URI, empty when it is an {@link HttpUrl}, so each caller can report them in its
   * own order and words.
   */
  public static Set<Flaw> flawsOf(URI uri) {
    Set<Flaw> flaws = EnumSet.noneOf(Flaw.class);
    if (uri == null) {
      flaws.add(Flaw.MALFORMED);
      return flaws;
    }
    String givenScheme = uri.getScheme();
    if (givenScheme == null) {
      flaws.add(Flaw.NOT_ABSOLUTE);
    } else {
      String lower = givenScheme.toLowerCase(Locale.ROOT);
      if (!lower.equals("http") && !lower.equals("https")) {
        flaws.add(Flaw.NOT_HTTP);
      }
    }
    if (uri.getHost() == null || uri.getHost().isEmpty()) {
      flaws.add(Flaw.NO_HOST);
    }
    if (uri.getRawUserInfo() != null) {
      flaws.add(Flaw.USERINFO);
    }
    if (ControlCharacters.in(uri.toString())) {
      flaws.add(Flaw.CONTROL_CHARACTER);
    }
    return flaws;
  }

  private static IllegalArgumentException refusal(Set<Flaw> flaws) {
    String reason = flaws.isEmpty() ? Flaw.MALFORMED.reason() : flaws.iterator().next().reason();
    return new IllegalArgumentException("not an http(s) URL with a host: the URL " + reason);
  }

  private static URI uriOrNull(String text) {
    if (text == null || ControlCharacters.in(text)) {
      return null;
    }
    try {
      return new URI(text);
    } catch (URISyntaxException e) {
      return null;
    }
  }

  /** Returns {@code http} or {@code https}. */
  public String scheme() {
    return scheme;
  }

  /** Returns whether the URL is reached over TLS. */
  public boolean isHttps() {
    return scheme.equals("https");
  }

  /** Returns the host as given (IPv6 literals keep their brackets). */
  public String host() {
    return host;
  }

  /** Returns the explicit port, or -1 when the URL gives none. */
  public int port() {
    return port;
  }

  /** Returns the scheme's default port: 443 for https, 80 for http. */
  public int defaultPort() {
    return isHttps() ? 443 : 80;
  }

  /** Returns the port actually dialled: the explicit port or the scheme's default. */
  public int effectivePort() {
    return port == -1 ? defaultPort() : port;
  }

  /** Returns {@code host[:port]} as given, the port only when explicit. */
  public String authority() {
    return port == -1 ? host : host + ":" + port;
  }

  /** Returns the raw (still percent-encoded) path, empty when there is none. */
  public String rawPath() {
    return rawPath;
  }

  /** Returns the path with its percent-encoding decoded, empty when there is none. */
  public String path() {
    return toUri().getPath() == null ? "" : toUri().getPath();
  }

  /** Returns the raw query, if any. */
  public Optional<String> rawQuery() {
    return Optional.ofNullable(rawQuery);
  }

  /** Returns the raw fragment, if any. */
  public Optional<String> rawFragment() {
    return Optional.ofNullable(rawFragment);
  }

  /**
   * Returns the origin ({@code scheme://host[:port]}) as a node URL, lower-cased and without a
   * default port; empty when the port is out of range, which a node URL does not allow.
   */
  public Optional<NodeUrl> origin() {
    return NodeUrl.originOf(toUri());
  }

  /** Returns this URL as a {@link URI}. */
  public URI toUri() {
    return URI.create(toString());
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof HttpUrl other && toString().equals(other.toString());
  }

  @Override
  public int hashCode() {
    return toString().hashCode();
  }

  /** Returns the URL: lower-case scheme, then everything else as given (there is no userinfo). */
  @Override
  public String toString() {
    return scheme
        + "://"
        + authority()
        + rawPath
        + (rawQuery == null ? "" : "?" + rawQuery)
        + (rawFragment == null ? "" : "#" + rawFragment);
  }
}
