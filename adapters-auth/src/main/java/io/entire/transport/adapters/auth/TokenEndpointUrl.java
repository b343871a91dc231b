package io.entire.transport.adapters.auth;

import io.entire.transport.domain.HttpUrl;
import io.entire.transport.domain.LoopbackHost;
import java.net.URI;
import java.util.Objects;
import java.util.Set;

/**
 * The checks on the token exchange URL, and how it is shown. The login token is sent to this URL,
 * so it must be an absolute {@code https} URL with a host, or plain {@code http} only on a loopback
 * host ({@code 127.0.0.0/8}, {@code ::1}, {@code localhost}); userinfo and fragments are refused.
 * Messages and logs show it without userinfo and query, which might hold secrets (A5).
 *
 * <p>Stateless, so thread-safe.
 */
final class TokenEndpointUrl {
  private TokenEndpointUrl() {}

  /**
   * Returns {@code url} if the login token may be sent to it.
   *
   * @throws IllegalArgumentException naming what is wrong, showing the URL only as {@link #display}
   */
  static URI requireAcceptable(URI url) {
    Objects.requireNonNull(url, "exchangeUrl");
    Set<HttpUrl.Flaw> flaws = HttpUrl.flawsOf(url);
    if (flaws.contains(HttpUrl.Flaw.NOT_ABSOLUTE) || flaws.contains(HttpUrl.Flaw.NO_HOST)) {
      throw new IllegalArgumentException(
          "token exchange URL must be an absolute http(s) URL with a host: " + display(url));
    }
    if (flaws.contains(HttpUrl.Flaw.USERINFO)) {
      throw new IllegalArgumentException("token exchange URL must not contain userinfo");
    }
    if (url.getRawFragment() != null) {
      throw new IllegalArgumentException(
          "token exchange URL must not have a fragment: " + display(url));
    }
    HttpUrl endpoint =
        HttpUrl.from(url)
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "token exchange URL must be https (or http on a loopback host): "
                            + display(url)));
    if (!endpoint.isHttps() && !LoopbackHost.isLoopback(endpoint.host())) {
      throw new IllegalArgumentException(
          "token exchange URL must use https (plain http is allowed only for loopback hosts,"
              + " so the login token is never sent in clear text): "
              + display(url));
    }
    return url;
  }

  /** The URL without userinfo and query, which might hold secrets. */
  static String display(URI url) {
    if (url.getHost() == null) {
      return String.valueOf(url.getScheme()) + ":…";
    }
    return url.getScheme()
        + "://"
        + url.getHost()
        + (url.getPort() >= 0 ? ":" + url.getPort() : "")
        + (url.getRawPath() == null ? "" : url.getRawPath());
  }
}
