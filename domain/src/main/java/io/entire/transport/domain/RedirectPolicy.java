package io.entire.transport.domain;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.net.URI;
import java.util.Locale;
import java.util.Set;
import org.apiguardian.api.API;

/**
 * Decides, hop by hop, whether a redirect is followed and whether the original request's
 * credentials go with it (rules X1, X2, X5).
 *
 * <p>Immutable and thread-safe.
 */
@API(status = INTERNAL)
public final class RedirectPolicy {
  /** The most redirects followed for one request (X1). */
  public static final int MAX_REDIRECTS = 10;

  private final ClusterTrustDomain trustDomain;

  /** Creates the policy for a trust domain. */
  public RedirectPolicy(ClusterTrustDomain trustDomain) {
    this.trustDomain = trustDomain;
  }

  /** What to do with one redirect hop. */
  public enum Action {
    /** Follow, carrying the original Authorization (in-cluster target). */
    FOLLOW_WITH_CREDENTIALS,
    /** Follow without Authorization (out-of-cluster target). */
    FOLLOW_WITHOUT_CREDENTIALS,
    /** Do not follow; the reason says why. */
    REFUSE
  }

  /**
   * The decision for one hop.
   *
   * @param action what to do
   * @param target the absolute target URI (null when refused for lack of one)
   * @param reason a user-facing reason when refused, else null
   */
  public record Decision(Action action, URI target, String reason) {
    /** Returns whether the redirect is followed. */
    public boolean follows() {
      return action != Action.REFUSE;
    }
  }

  /**
   * Decides one hop.
   *
   * @param from the URI that answered with a redirect
   * @param location the raw {@code Location} header, may be null or relative
   * @param hop the number of this redirect, 1 for the first
   */
  public Decision decide(URI from, String location, int hop) {
    if (hop > MAX_REDIRECTS) {
      return refuse(null, "too many redirects (more than " + MAX_REDIRECTS + ") from " + from);
    }
    if (location == null || location.isBlank()) {
      return refuse(null, "redirect without Location from " + from);
    }
    URI target;
    try {
      target = resolve(from, new URI(location.trim()));
    } catch (java.net.URISyntaxException | IllegalArgumentException e) {
      return refuse(null, "invalid redirect Location from " + from);
    }
    Set<HttpUrl.Flaw> flaws = HttpUrl.flawsOf(target);
    if (flaws.contains(HttpUrl.Flaw.NOT_ABSOLUTE) || flaws.contains(HttpUrl.Flaw.NOT_HTTP)) {
      String scheme = target.getScheme() == null ? "" : target.getScheme().toLowerCase(Locale.ROOT);
      return refuse(
          target, "refusing redirect to unsupported scheme '" + scheme + "' from " + from);
    }
    if ("https".equalsIgnoreCase(from.getScheme()) && "http".equalsIgnoreCase(target.getScheme())) {
      return refuse(
          target, "refusing redirect from https to http: " + from + " -> " + origin(target));
    }
    if (!flaws.isEmpty()) {
      return refuse(target, "refusing redirect to invalid target from " + from);
    }
    return new Decision(
        trustDomain.contains(target)
            ? Action.FOLLOW_WITH_CREDENTIALS
            : Action.FOLLOW_WITHOUT_CREDENTIALS,
        target,
        null);
  }

  /**
   * Resolves a {@code Location} reference as RFC 3986 §5.2.2 does. {@link URI#resolve} follows RFC
   * 2396, which drops the base's last path segment for a query-only reference ({@code ?service=…}
   * from {@code /repo/info/refs} would become {@code /repo/info/?service=…}); RFC 3986 keeps the
   * base path and replaces only the query.
   */
  static URI resolve(URI base, URI reference) throws java.net.URISyntaxException {
    boolean queryOnly =
        reference.getScheme() == null
            && reference.getRawAuthority() == null
            && reference.getRawPath() != null
            && reference.getRawPath().isEmpty()
            && reference.getRawQuery() != null;
    if (!queryOnly) {
      return base.resolve(reference);
    }
    StringBuilder target = new StringBuilder();
    target.append(base.getScheme()).append("://").append(base.getRawAuthority());
    target.append(base.getRawPath() == null ? "" : base.getRawPath());
    target.append('?').append(reference.getRawQuery());
    if (reference.getRawFragment() != null) {
      target.append('#').append(reference.getRawFragment());
    }
    return new URI(target.toString());
  }

  private static Decision refuse(URI target, String reason) {
    return new Decision(Action.REFUSE, target, reason);
  }

  private static String origin(URI uri) {
    return NodeUrl.originOf(uri).map(NodeUrl::toString).orElse(String.valueOf(uri.getHost()));
  }
}
