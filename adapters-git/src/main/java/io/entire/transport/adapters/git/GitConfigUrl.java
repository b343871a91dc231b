package io.entire.transport.adapters.git;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A URL normalized the way git-config(1) describes for {@code <section>.<url>.<key>} matching (N5),
 * and the match of a configured URL pattern against the URL of a remote.
 *
 * <p>Normalizing: scheme and host in lower case; {@code %XX} escapes upper case, unescaped where
 * the character needs no escape, and added where it does; leading zeros and the scheme's default
 * port dropped; a missing path becomes {@code /}; {@code .} and {@code ..} segments resolved. A
 * pattern may use {@code *} for one whole host label ({@code https://*.example.dev}).
 *
 * <p>Matching (git-config(1) "http.&lt;url&gt;.*"): the scheme, host (label by label) and port must
 * be equal; a user name in the pattern must equal the URL's; the pattern's path must be the URL's
 * path or a prefix of it that ends on a {@code /} boundary. One match is more specific than another
 * when its host is longer, then when its path match is longer, then when it names the user — the
 * order git compares them in.
 *
 * <p>Immutable and thread-safe.
 */
final class GitConfigUrl {
  private static final String UNSAFE = " <>\"%{}|\\^`";
  private static final String RESERVED = ":/?#[]@!$&'()*+,;=";

  /**
   * How well a pattern matched; compared host length first, then path length, then user.
   *
   * @param hostLength the length of the pattern's host, 0 for a plain {@code http.<key>}
   * @param pathLength the length of the path match including its final {@code /}
   * @param userMatched whether the pattern named the user
   */
  record Specificity(int hostLength, int pathLength, boolean userMatched)
      implements Comparable<Specificity> {
    /** The specificity of a key without a URL: less than any URL match. */
    static final Specificity PLAIN = new Specificity(0, 0, false);

    @Override
    public int compareTo(Specificity other) {
      if (hostLength != other.hostLength) {
        return Integer.compare(hostLength, other.hostLength);
      }
      if (pathLength != other.pathLength) {
        return Integer.compare(pathLength, other.pathLength);
      }
      return Boolean.compare(userMatched, other.userMatched);
    }
  }

  private final String scheme;
  private final String user;
  private final String host;
  private final String port;
  private final String path;

  private GitConfigUrl(String scheme, String user, String host, String port, String path) {
    this.scheme = scheme;
    this.user = user;
    this.host = host;
    this.port = port;
    this.path = path;
  }

  /**
   * Normalizes a URL.
   *
   * @param url the URL, e.g. {@code HTTPS://Example.dev:0443/a/./b}
   * @param pattern whether {@code *} may stand for a host label (config keys only)
   * @return the normalized URL, or empty when git would not accept it as a URL
   */
  static Optional<GitConfigUrl> normalize(String url, boolean pattern) {
    int colon = url.indexOf("://");
    if (colon <= 0 || !url.substring(0, colon).matches("[A-Za-z][A-Za-z0-9+.-]*")) {
      return Optional.empty();
    }
    String scheme = url.substring(0, colon).toLowerCase(Locale.ROOT);
    String rest = url.substring(colon + 3);
    int authorityEnd = indexOfAny(rest, "/?#");
    String authority = rest.substring(0, authorityEnd);
    String user = null;
    int at = authority.indexOf('@');
    if (at >= 0) {
      Optional<String> userinfo = normalizeEscapes(authority.substring(0, at), RESERVED);
      if (userinfo.isEmpty()) {
        return Optional.empty();
      }
      int userEnd = userinfo.get().indexOf(':');
      user = userEnd < 0 ? userinfo.get() : userinfo.get().substring(0, userEnd);
      authority = authority.substring(at + 1);
    }
    int portColon = authority.lastIndexOf(':');
    if (portColon < authority.lastIndexOf(']')) {
      portColon = -1;
    }
    String host = portColon < 0 ? authority : authority.substring(0, portColon);
    String hostChars = pattern ? "[A-Za-z0-9.\\-_\\[:\\]*]+" : "[A-Za-z0-9.\\-_\\[:\\]]+";
    if (!host.matches(hostChars)) {
      return Optional.empty();
    }
    Optional<String> port =
        portColon < 0 ? Optional.of("") : normalizePort(scheme, authority.substring(portColon + 1));
    Optional<String> path = normalizePath(rest.substring(authorityEnd));
    if (port.isEmpty() || path.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        new GitConfigUrl(scheme, user, host.toLowerCase(Locale.ROOT), port.get(), path.get()));
  }

  /**
   * Matches this URL (a remote's) against a configured pattern.
   *
   * @return how specific the match is, or empty when the pattern does not match
   */
  Optional<Specificity> matchedBy(GitConfigUrl pattern) {
    if (!scheme.equals(pattern.scheme)
        || (pattern.user != null && !pattern.user.equals(user))
        || !hostMatches(host, pattern.host)
        || !port.equals(pattern.port)) {
      return Optional.empty();
    }
    int pathLength = pathMatch(path, pattern.path);
    if (pathLength == 0) {
      return Optional.empty();
    }
    return Optional.of(new Specificity(pattern.host.length(), pathLength, pattern.user != null));
  }

  /** A pattern label {@code *} matches any one label; other labels must be equal. */
  private static boolean hostMatches(String host, String pattern) {
    String[] labels = withoutTrailingDot(host).split("\\.", -1);
    String[] patternLabels = withoutTrailingDot(pattern).split("\\.", -1);
    if (labels.length != patternLabels.length) {
      return false;
    }
    for (int i = 0; i < labels.length; i++) {
      if (!patternLabels[i].equals("*") && !patternLabels[i].equals(labels[i])) {
        return false;
      }
    }
    return true;
  }

  private static String withoutTrailingDot(String host) {
    return host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
  }

  /**
   * The length of the match of a path prefix, counting an implicit final {@code /}; 0 when the
   * prefix does not end on a {@code /} boundary of the path.
   */
  private static int pathMatch(String path, String prefix) {
    if (prefix.isEmpty() || prefix.equals("/")) {
      return path.isEmpty() || path.startsWith("/") ? 1 : 0;
    }
    String stem = prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix;
    if (!path.startsWith(stem)) {
      return 0;
    }
    return path.length() == stem.length() || path.charAt(stem.length()) == '/'
        ? stem.length() + 1
        : 0;
  }

  private static Optional<String> normalizePort(String scheme, String port) {
    String digits = port.replaceFirst("^0+(?=.)", "");
    if (digits.isEmpty()
        || (scheme.equals("http") && digits.equals("80"))
        || (scheme.equals("https") && digits.equals("443"))) {
      return Optional.of("");
    }
    if (!digits.matches("[0-9]{1,5}")) {
      return Optional.empty();
    }
    int number = Integer.parseInt(digits);
    return number < 1 || number > 65535 ? Optional.empty() : Optional.of(digits);
  }

  /** Resolves dot segments in the path; the query and fragment are kept, escapes normalized. */
  private static Optional<String> normalizePath(String raw) {
    int pathEnd = indexOfAny(raw, "?#");
    String rawPath = raw.substring(0, pathEnd);
    if (rawPath.startsWith("/")) {
      rawPath = rawPath.substring(1);
    }
    List<String> segments = new ArrayList<>();
    for (String rawSegment : rawPath.split("/", -1)) {
      Optional<String> segment = normalizeEscapes(rawSegment, RESERVED);
      if (segment.isEmpty()) {
        return Optional.empty();
      }
      if (segment.get().equals("..")) {
        if (segments.isEmpty()) {
          return Optional.empty();
        }
        segments.remove(segments.size() - 1);
      } else if (!segment.get().equals(".")) {
        segments.add(segment.get());
      }
    }
    Optional<String> tail = normalizeEscapes(raw.substring(pathEnd), RESERVED);
    return tail.isEmpty()
        ? Optional.empty()
        : Optional.of("/" + String.join("/", segments) + tail.get());
  }

  /**
   * Rewrites {@code %XX} escapes as RFC 3986 normalization asks: control, non-ASCII and unsafe
   * bytes escaped, escaped delimiters ({@code keepEscaped}) left escaped, everything else plain.
   *
   * @return the text, or empty for a {@code %} not followed by two hex digits
   */
  private static Optional<String> normalizeEscapes(String text, String keepEscaped) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length);
    for (int i = 0; i < bytes.length; i++) {
      int ch = bytes[i] & 0xff;
      boolean escaped = false;
      if (ch == '%') {
        if (i + 2 >= bytes.length) {
          return Optional.empty();
        }
        int high = Character.digit(bytes[i + 1], 16);
        int low = Character.digit(bytes[i + 2], 16);
        if (high < 0 || low < 0) {
          return Optional.empty();
        }
        ch = high * 16 + low;
        i += 2;
        escaped = true;
      }
      if (ch <= 0x1f
          || ch >= 0x7f
          || UNSAFE.indexOf(ch) >= 0
          || (escaped && keepEscaped.indexOf(ch) >= 0)) {
        out.writeBytes(
            String.format(Locale.ROOT, "%%%02X", ch).getBytes(StandardCharsets.US_ASCII));
      } else {
        out.write(ch);
      }
    }
    return Optional.of(out.toString(StandardCharsets.US_ASCII));
  }

  private static int indexOfAny(String text, String characters) {
    for (int i = 0; i < text.length(); i++) {
      if (characters.indexOf(text.charAt(i)) >= 0) {
        return i;
      }
    }
    return text.length();
  }

  /** Returns the normalized URL without its user name (it may be a credential). */
  @Override
  public String toString() {
    return scheme + "://" + host + (port.isEmpty() ? "" : ":" + port) + path;
  }
}
