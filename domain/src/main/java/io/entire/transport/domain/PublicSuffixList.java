package io.entire.transport.domain;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.util.Locale;
import org.apiguardian.api.API;

/**
 * Answers which part of a hostname is a public suffix ({@code com}, {@code co.uk}, {@code
 * github.io}, …), so the trust domain never treats a whole public suffix as one cluster (rule R3).
 *
 * <p>Implementations must be thread-safe. {@code adapters-http} provides one backed by the public
 * suffix list bundled with HttpClient 5.
 */
@API(status = INTERNAL)
@FunctionalInterface
public interface PublicSuffixList {

  /**
   * The implicit {@code *} rule of the public suffix list: the last label is the public suffix.
   * Used when no list is available; it is stricter than nothing, looser than the real list.
   */
  PublicSuffixList LAST_LABEL = new LastLabelSuffix();

  /**
   * Returns the public suffix of a hostname.
   *
   * @param hostname a lower-case DNS hostname without trailing dot
   * @return the public suffix (the hostname itself when it is a public suffix); never null
   */
  String publicSuffixOf(String hostname);

  /**
   * Returns whether {@code hostname} has at least one label in front of its public suffix, i.e. it
   * is a registrable domain or a subdomain of one.
   */
  default boolean isMoreSpecificThanPublicSuffix(String hostname) {
    String host = hostname.toLowerCase(Locale.ROOT);
    String suffix = publicSuffixOf(host);
    if (suffix == null || suffix.isEmpty()) {
      suffix = LAST_LABEL.publicSuffixOf(host);
    }
    return host.length() > suffix.length() && host.endsWith("." + suffix);
  }
}
