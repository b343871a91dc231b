package io.entire.transport.adapters.git;

import io.entire.transport.domain.HttpUrl;
import io.entire.transport.domain.LoopbackHost;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Objects;

/**
 * The repository URL git hands to {@code git-remote-entire} (rule G1), split into what the
 * transport needs: the base URL ({@code scheme://host[:port]}), the cluster host and the repository
 * path.
 *
 * <ul>
 *   <li>{@code entire://host[:port]/path} means {@code https://host[:port]} + {@code /path}.
 *   <li>{@code https://…} and {@code http://…} (git passes the inner URL of {@code
 *       entire::https://…}) keep their scheme; plain {@code http} only for loopback hosts ({@code
 *       127.0.0.0/8}, {@code ::1}, {@code localhost}) unless {@code allowHttp} is set.
 *   <li>Refused: user info, a query, a fragment, control characters or spaces, no host, a bad port,
 *       no repository path, empty, {@code .} or {@code ..} path segments (also percent-encoded).
 * </ul>
 *
 * <p>The repository path keeps its percent-encoding and a trailing {@code .git}; trailing slashes
 * are dropped. The host is kept in lower case (IPv6 literals keep their brackets).
 *
 * <p>Immutable and thread-safe.
 */
public final class RemoteUrl {
  private static final int MAX_PORT = 65535;

  private final HttpUrl baseUrl;
  private final String repoPath;

  private RemoteUrl(HttpUrl baseUrl, String repoPath) {
    this.baseUrl = baseUrl;
    this.repoPath = repoPath;
  }

  /**
   * Parses and validates the URL git passed to the helper.
   *
   * @param url the URL, e.g. {@code entire://eu.example.dev/et/org/repo}
   * @param allowHttp accept plain {@code http} for any host ({@code ENTIRE_ALLOW_HTTP=true})
   * @return the parsed URL
   * @throws InvalidRemoteUrlException naming what is wrong
   */
  public static RemoteUrl parse(String url, boolean allowHttp) throws InvalidRemoteUrlException {
    if (url == null || url.isEmpty()) {
      throw new InvalidRemoteUrlException("remote URL is empty");
    }
    for (int i = 0; i < url.length(); i++) {
      char c = url.charAt(i);
      if (c < 0x20 || c == 0x7f || (c >= 0x80 && c <= 0x9f)) {
        throw new InvalidRemoteUrlException(
            "remote URL contains a control character (code " + (int) c + " at index " + i + ")");
      }
      if (Character.isWhitespace(c) || Character.isSpaceChar(c)) {
        throw new InvalidRemoteUrlException("remote URL contains a space at index " + i);
      }
    }
    int sep = url.indexOf("://");
    if (sep <= 0) {
      throw new InvalidRemoteUrlException(
          "remote URL must look like entire://host[:port]/path, https://host[:port]/path or"
              + " http://host[:port]/path");
    }
    String givenScheme = url.substring(0, sep).toLowerCase(Locale.ROOT);
    String scheme =
        switch (givenScheme) {
          case "entire", "https" -> "https";
          case "http" -> "http";
          default ->
              throw new InvalidRemoteUrlException(
                  "unsupported remote URL scheme '"
                      + printableScheme(givenScheme)
                      + "' (want entire://, https:// or http://)");
        };
    String rest = url.substring(sep + 3);
    int authorityEnd = indexOfAny(rest, "/?#");
    String authority = authorityEnd < 0 ? rest : rest.substring(0, authorityEnd);
    String afterAuthority = authorityEnd < 0 ? "" : rest.substring(authorityEnd);
    if (authority.indexOf('@') >= 0) {
      throw new InvalidRemoteUrlException(
          "remote URL must not contain user info (credentials); configure authentication through"
              + " the environment instead");
    }
    if (afterAuthority.indexOf('?') >= 0) {
      throw new InvalidRemoteUrlException("remote URL must not contain a query ('?')");
    }
    if (afterAuthority.indexOf('#') >= 0) {
      throw new InvalidRemoteUrlException("remote URL must not contain a fragment ('#')");
    }

    HostAndPort hostAndPort = HostAndPort.parse(authority);
    String path = stripTrailingSlashes(afterAuthority);
    validatePath(path);

    HttpUrl base;
    try {
      base =
          HttpUrl.from(new URI(scheme + "://" + authority.toLowerCase(Locale.ROOT))).orElse(null);
      URI full = new URI(scheme + "://" + authority + path);
      if (base == null || HttpUrl.from(full).isEmpty()) {
        throw new InvalidRemoteUrlException(
            "remote URL has an invalid host '" + hostAndPort.host + "'");
      }
    } catch (URISyntaxException e) {
      throw new InvalidRemoteUrlException(
          "remote URL is malformed: " + e.getReason() + " at index " + e.getIndex());
    }
    if (scheme.equals("http") && !allowHttp && !LoopbackHost.isLoopback(hostAndPort.host)) {
      throw new InvalidRemoteUrlException(
          "refusing plain http to non-loopback host "
              + hostAndPort.host
              + "; use https (entire://) or set ENTIRE_ALLOW_HTTP=true");
    }
    return new RemoteUrl(base, path);
  }

  /** Returns the base URL {@code scheme://host[:port]}, without path. */
  public URI baseUrl() {
    return baseUrl.toUri();
  }

  /** Returns the lower-case host of the URL: the cluster's trust-domain root. */
  public String clusterHost() {
    return baseUrl.host();
  }

  /** Returns the repository path: starts with {@code /}, no trailing slash, as given otherwise. */
  public String repoPath() {
    return repoPath;
  }

  /** Returns {@code https} or {@code http}. */
  public String scheme() {
    return baseUrl.scheme();
  }

  /** Returns the explicit port, or -1 when the URL gives none. */
  public int port() {
    return baseUrl.port();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RemoteUrl other
        && baseUrl.equals(other.baseUrl)
        && repoPath.equals(other.repoPath);
  }

  @Override
  public int hashCode() {
    return Objects.hash(baseUrl, repoPath);
  }

  /** Returns {@code baseUrl + repoPath}. */
  @Override
  public String toString() {
    return baseUrl + repoPath;
  }

  private static void validatePath(String path) throws InvalidRemoteUrlException {
    if (path.isEmpty()) {
      throw new InvalidRemoteUrlException("remote URL has no repository path");
    }
    if (path.indexOf('\\') >= 0) {
      throw new InvalidRemoteUrlException("remote URL path must not contain '\\'");
    }
    for (String segment : path.substring(1).split("/", -1)) {
      if (segment.isEmpty()) {
        throw new InvalidRemoteUrlException("remote URL path has an empty segment ('//')");
      }
      String decoded = segment.replace("%2e", ".").replace("%2E", ".");
      if (decoded.equals(".") || decoded.equals("..")) {
        throw new InvalidRemoteUrlException(
            "remote URL path must not contain '.' or '..' segments");
      }
    }
  }

  private static String stripTrailingSlashes(String path) {
    int end = path.length();
    while (end > 0 && path.charAt(end - 1) == '/') {
      end--;
    }
    return path.substring(0, end);
  }

  private static int indexOfAny(String s, String chars) {
    for (int i = 0; i < s.length(); i++) {
      if (chars.indexOf(s.charAt(i)) >= 0) {
        return i;
      }
    }
    return -1;
  }

  private static String printableScheme(String scheme) {
    return scheme.length() > 20 ? scheme.substring(0, 20) + "…" : scheme;
  }

  private record HostAndPort(String host, int port) {
    static HostAndPort parse(String authority) throws InvalidRemoteUrlException {
      if (authority.isEmpty()) {
        throw new InvalidRemoteUrlException("remote URL has no host");
      }
      String host;
      String portText = null;
      if (authority.startsWith("[")) {
        int close = authority.indexOf(']');
        if (close < 0) {
          throw new InvalidRemoteUrlException("remote URL has an unterminated IPv6 literal");
        }
        host = authority.substring(0, close + 1);
        String after = authority.substring(close + 1);
        if (!after.isEmpty()) {
          if (!after.startsWith(":")) {
            throw new InvalidRemoteUrlException("remote URL has junk after the IPv6 literal");
          }
          portText = after.substring(1);
        }
        if (host.length() == 2) {
          throw new InvalidRemoteUrlException("remote URL has no host");
        }
      } else {
        int colon = authority.indexOf(':');
        host = colon < 0 ? authority : authority.substring(0, colon);
        portText = colon < 0 ? null : authority.substring(colon + 1);
        if (host.isEmpty()) {
          throw new InvalidRemoteUrlException("remote URL has no host");
        }
      }
      int port = -1;
      if (portText != null) {
        port = parsePort(portText);
      }
      return new HostAndPort(host.toLowerCase(Locale.ROOT), port);
    }

    private static int parsePort(String text) throws InvalidRemoteUrlException {
      // A loop, not a stream: the helper parses a port on every start, and a first stream
      // pipeline costs a fresh JVM milliseconds.
      boolean digits = !text.isEmpty() && text.length() <= 5;
      for (int i = 0; digits && i < text.length(); i++) {
        digits = text.charAt(i) >= '0' && text.charAt(i) <= '9';
      }
      int port = digits ? Integer.parseInt(text) : -1;
      if (port < 1 || port > MAX_PORT) {
        throw new InvalidRemoteUrlException(
            "remote URL has an invalid port '"
                + (text.length() > 10 ? text.substring(0, 10) + "…" : text)
                + "' (want 1-"
                + MAX_PORT
                + ")");
      }
      return port;
    }
  }
}
