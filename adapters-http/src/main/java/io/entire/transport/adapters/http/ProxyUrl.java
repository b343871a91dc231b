package io.entire.transport.adapters.http;

import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.net.PasswordAuthentication;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * An HTTP proxy given as a URL (N1): {@code http://[user[:password]@]host[:port][/]}, or without
 * scheme as curl allows ({@code proxy.corp:3128}, read as {@code http://}). The port defaults to
 * 1080 as in curl (CURLOPT_PROXY: "If not specified, libcurl defaults to using port 1080 for
 * proxies"); an IPv6 host is written in brackets. The user name and password are percent-decoded
 * (UTF-8) and sent to the proxy as Basic credentials. A path after the host is ignored, as curl
 * does.
 *
 * <p>Refused with a clear message: {@code https://} proxies (TLS to the proxy itself is not
 * supported; https targets still go through an http proxy with {@code CONNECT}), SOCKS proxies and
 * any other scheme. The password never appears in {@link #toString()} or in an exception message.
 *
 * <p>Immutable and thread-safe.
 *
 * @since 0.2
 */
public final class ProxyUrl {
  /** curl's default proxy port. */
  public static final int DEFAULT_PORT = 1080;

  private final String host;
  private final int port;
  private final String user;
  private final char[] password;

  private ProxyUrl(String host, int port, String user, char[] password) {
    this.host = host;
    this.port = port;
    this.user = user;
    this.password = password;
  }

  /**
   * Parses a proxy URL.
   *
   * @param url the URL, e.g. {@code http://alice:s%40cret@proxy.corp:3128}
   * @return the proxy
   * @throws IllegalArgumentException naming what is wrong, with the password replaced by {@code
   *     ***}
   */
  public static ProxyUrl parse(String url) {
    Objects.requireNonNull(url, "url");
    String rest = url;
    int schemeEnd = url.indexOf("://");
    if (schemeEnd >= 0) {
      String scheme = url.substring(0, schemeEnd).toLowerCase(Locale.ROOT);
      if (scheme.equals("https")) {
        throw invalid(url, "https proxies are not supported; use an http:// proxy URL");
      }
      if (scheme.startsWith("socks")) {
        throw invalid(url, "SOCKS proxies are not supported; use an http:// proxy URL");
      }
      if (!scheme.equals("http")) {
        throw invalid(url, "unsupported proxy scheme '" + scheme + "'; use http://");
      }
      rest = url.substring(schemeEnd + 3);
    }
    int authorityEnd = rest.length();
    for (char delimiter : new char[] {'/', '?', '#'}) {
      int index = rest.indexOf(delimiter);
      if (index >= 0 && index < authorityEnd) {
        authorityEnd = index;
      }
    }
    String authority = rest.substring(0, authorityEnd);
    String user = null;
    char[] password = null;
    int at = authority.lastIndexOf('@');
    if (at >= 0) {
      String userinfo = authority.substring(0, at);
      int colon = userinfo.indexOf(':');
      user = decode(url, colon < 0 ? userinfo : userinfo.substring(0, colon), "user name");
      if (colon >= 0) {
        password = decode(url, userinfo.substring(colon + 1), "password").toCharArray();
      }
      authority = authority.substring(at + 1);
    }
    String host;
    String port = "";
    if (authority.startsWith("[")) {
      int close = authority.indexOf(']');
      if (close < 0 || NoProxy.IpLiteral.parse(authority.substring(1, close)).isEmpty()) {
        throw invalid(url, "the IPv6 address in brackets is not valid");
      }
      host = authority.substring(0, close + 1);
      String after = authority.substring(close + 1);
      if (!after.isEmpty() && !after.startsWith(":")) {
        throw invalid(url, "unexpected text after the IPv6 address");
      }
      port = after.isEmpty() ? "" : after.substring(1);
    } else {
      int colon = authority.lastIndexOf(':');
      host = colon < 0 ? authority : authority.substring(0, colon);
      port = colon < 0 ? "" : authority.substring(colon + 1);
      if (!host.matches("[A-Za-z0-9._-]+")) {
        throw invalid(url, host.isEmpty() ? "no proxy host" : "the proxy host name is not valid");
      }
    }
    return new ProxyUrl(host.toLowerCase(Locale.ROOT), port(url, port), user, password);
  }

  private static int port(String url, String port) {
    if (port.isEmpty()) {
      return DEFAULT_PORT;
    }
    if (!port.matches("[0-9]{1,5}")
        || Integer.parseInt(port) < 1
        || Integer.parseInt(port) > 65535) {
      throw invalid(url, "the port must be a number from 1 to 65535");
    }
    return Integer.parseInt(port);
  }

  /** Percent-decodes UTF-8; '+' stays '+' (this is a URL, not a form). */
  private static String decode(String url, String text, String what) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '%') {
        int high = i + 2 < text.length() ? Character.digit(text.charAt(i + 1), 16) : -1;
        int low = i + 2 < text.length() ? Character.digit(text.charAt(i + 2), 16) : -1;
        if (high < 0 || low < 0) {
          throw invalid(url, "bad %-escape in the proxy " + what);
        }
        bytes.write(high * 16 + low);
        i += 2;
      } else {
        int codePoint = text.codePointAt(i);
        bytes.writeBytes(Character.toString(codePoint).getBytes(StandardCharsets.UTF_8));
        i += Character.charCount(codePoint) - 1;
      }
    }
    return bytes.toString(StandardCharsets.UTF_8);
  }

  private static IllegalArgumentException invalid(String url, String problem) {
    return new IllegalArgumentException("invalid proxy URL " + redact(url) + ": " + problem);
  }

  /** The URL as given with everything after the first ':' of its userinfo replaced by ***. */
  static String redact(String url) {
    int start = url.indexOf("://") < 0 ? 0 : url.indexOf("://") + 3;
    int at = url.lastIndexOf('@');
    if (at < start) {
      return url;
    }
    int colon = url.indexOf(':', start);
    if (colon < 0 || colon > at) {
      return url;
    }
    return url.substring(0, colon + 1) + "***" + url.substring(at);
  }

  /** Returns the host: a name, an IPv4 literal, or an IPv6 literal in brackets. */
  public String host() {
    return host;
  }

  /** Returns the port (1080 unless the URL names one). */
  public int port() {
    return port;
  }

  /** Returns the proxy's address, unresolved (resolved when connecting). */
  public InetSocketAddress address() {
    String bare = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
    return InetSocketAddress.createUnresolved(bare, port);
  }

  /** Returns the decoded user name, if the URL has one. */
  public Optional<String> user() {
    return Optional.ofNullable(user);
  }

  /**
   * Returns the Basic credentials for the proxy: the user name and password (empty when only a user
   * name is given, as curl sends it).
   *
   * @return the credentials, or empty when the URL has no user name
   */
  public Optional<PasswordAuthentication> credentials() {
    return user()
        .map(u -> new PasswordAuthentication(u, password == null ? new char[0] : password.clone()));
  }

  /** Equal when host, port, user and password are equal. */
  @Override
  public boolean equals(Object other) {
    return other instanceof ProxyUrl
        && host.equals(((ProxyUrl) other).host)
        && port == ((ProxyUrl) other).port
        && Objects.equals(user, ((ProxyUrl) other).user)
        && Arrays.equals(password, ((ProxyUrl) other).password);
  }

  @Override
  public int hashCode() {
    return Objects.hash(host, port, user);
  }

  /** Returns {@code http://[user:***@]host:port}: never the password. */
  @Override
  public String toString() {
    String userinfo = user == null ? "" : user + (password == null ? "" : ":***") + "@";
    return "http://" + userinfo + host + ":" + port;
  }
}
