package io.entire.transport.domain;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.net.URI;
import java.util.Locale;
import java.util.Optional;
import org.apiguardian.api.API;

/**
 * Decides which hosts belong to the cluster and may therefore receive credentials (rules R3, R4).
 *
 * <p>A host is in-cluster when its hostname equals the cluster hostname or is a subdomain of it,
 * case-insensitively and ignoring ports. Subdomains count only when the cluster host is strictly
 * more specific than its public suffix, and never for IP literals. Without a cluster host every
 * host is in-cluster (there is no domain to enforce).
 *
 * <p>Immutable and thread-safe.
 */
@API(status = INTERNAL)
public final class ClusterTrustDomain {
  private final String clusterHost;
  private final boolean subdomainsAllowed;

  private ClusterTrustDomain(String clusterHost, boolean subdomainsAllowed) {
    this.clusterHost = clusterHost;
    this.subdomainsAllowed = subdomainsAllowed;
  }

  /**
   * A trust domain rooted at a cluster host.
   *
   * @param clusterHost the cluster's hostname (e.g. {@code eu.example.dev}), or null for none (R4)
   * @param publicSuffixes the public suffix list used to decide whether subdomains count
   * @return the trust domain
   */
  public static ClusterTrustDomain of(String clusterHost, PublicSuffixList publicSuffixes) {
    if (clusterHost == null || clusterHost.isBlank()) {
      return unrestricted();
    }
    String host = normalize(clusterHost);
    boolean subdomains =
        !isIpLiteral(host)
            && host.contains(".")
            && publicSuffixes.isMoreSpecificThanPublicSuffix(host);
    return new ClusterTrustDomain(host, subdomains);
  }

  /** A trust domain that contains every host (R4: no cluster host configured). */
  public static ClusterTrustDomain unrestricted() {
    return new ClusterTrustDomain(null, false);
  }

  /** Returns the normalized cluster host, or empty when unrestricted. */
  public Optional<String> clusterHost() {
    return Optional.ofNullable(clusterHost);
  }

  /** Returns whether this domain enforces anything. */
  public boolean isRestricted() {
    return clusterHost != null;
  }

  /**
   * Returns whether the hostname is in-cluster (R3/R4). Null or empty hosts are never in-cluster.
   */
  public boolean contains(String hostname) {
    if (hostname == null || hostname.isEmpty()) {
      return false;
    }
    if (clusterHost == null) {
      return true;
    }
    String host = normalize(hostname);
    if (host.equals(clusterHost)) {
      return true;
    }
    return subdomainsAllowed && !isIpLiteral(host) && host.endsWith("." + clusterHost);
  }

  /** Returns whether the node's host is in-cluster. */
  public boolean contains(NodeUrl node) {
    return contains(node.host());
  }

  /** Returns whether the URI's host is in-cluster; URIs with userinfo never are. */
  public boolean contains(URI uri) {
    return uri != null && uri.getRawUserInfo() == null && contains(uri.getHost());
  }

  private static String normalize(String host) {
    String h = host.trim().toLowerCase(Locale.ROOT);
    if (h.endsWith(".")) {
      h = h.substring(0, h.length() - 1);
    }
    if (h.startsWith("[") && h.endsWith("]")) {
      h = h.substring(1, h.length() - 1);
    }
    return h;
  }

  static boolean isIpLiteral(String host) {
    return host.contains(":") || host.matches("[0-9]+(\\.[0-9]+){3}");
  }

  @Override
  public String toString() {
    return clusterHost == null
        ? "ClusterTrustDomain[any host]"
        : "ClusterTrustDomain[" + clusterHost + "]";
  }
}
