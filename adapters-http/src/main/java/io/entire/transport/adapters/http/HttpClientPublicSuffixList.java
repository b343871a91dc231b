package io.entire.transport.adapters.http;

import io.entire.transport.domain.PublicSuffixList;
import java.net.IDN;
import java.util.Locale;
import java.util.Objects;
import org.apache.hc.client5.http.psl.PublicSuffixMatcher;
import org.apache.hc.client5.http.psl.PublicSuffixMatcherLoader;

/**
 * The public suffix list bundled with Apache HttpClient 5 ({@code
 * org/publicsuffix/list/effective_tld_names.dat}), so the trust domain never widens to a whole
 * public suffix such as {@code io}, {@code co.uk} or {@code github.io} (rule R3).
 *
 * <p>Both ICANN and private-domain rules count, since a private suffix like {@code github.io} is
 * shared by unrelated owners just like {@code com}. Hosts that the list does not know fall back to
 * its implicit {@code *} rule (the last label). IP literals are their own suffix: they never have
 * subdomains.
 *
 * <p>Immutable and thread-safe. The list is parsed once, on the first question about a DNS name:
 * parsing it costs a noticeable part of the remote helper's startup, and a cluster addressed by IP
 * never needs it.
 */
public final class HttpClientPublicSuffixList implements PublicSuffixList {
  private static final HttpClientPublicSuffixList DEFAULT = new HttpClientPublicSuffixList();

  private HttpClientPublicSuffixList() {}

  /** Holds the parsed list; the JVM initialises it on first access, once, thread-safely. */
  private static final class BundledList {
    static final PublicSuffixMatcher MATCHER =
        Objects.requireNonNull(PublicSuffixMatcherLoader.getDefault(), "public suffix matcher");
  }

  /** Returns the list bundled with HttpClient 5. */
  public static HttpClientPublicSuffixList getDefault() {
    return DEFAULT;
  }

  /**
   * Returns the public suffix of a hostname, in the form the hostname was given (ASCII stays
   * ASCII).
   *
   * @param hostname a DNS hostname; case and a trailing dot are ignored
   * @return the public suffix; the hostname itself when it is a public suffix or an IP literal
   */
  @Override
  public String publicSuffixOf(String hostname) {
    Objects.requireNonNull(hostname, "hostname");
    String host = hostname.trim().toLowerCase(Locale.ROOT);
    if (host.endsWith(".")) {
      host = host.substring(0, host.length() - 1);
    }
    if (host.isEmpty() || isIpLiteral(host)) {
      return host;
    }
    // The bundled list spells internationalised names in Unicode; URIs carry them as punycode.
    String unicode = toUnicode(host);
    String registrable = BundledList.MATCHER.getDomainRoot(unicode);
    if (registrable == null) {
      return host; // the whole name is a public suffix (or a single label)
    }
    int suffixLabels = Math.max(1, labelCount(registrable) - 1);
    return lastLabels(host, suffixLabels);
  }

  private static String toUnicode(String host) {
    try {
      return IDN.toUnicode(host, IDN.ALLOW_UNASSIGNED);
    } catch (IllegalArgumentException e) {
      return host; // not a valid IDN: look it up as given
    }
  }

  private static boolean isIpLiteral(String host) {
    return host.indexOf(':') >= 0
        || host.startsWith("[")
        || host.matches("[0-9]{1,3}(\\.[0-9]{1,3}){3}");
  }

  private static int labelCount(String name) {
    int count = 1;
    for (int i = 0; i < name.length(); i++) {
      if (name.charAt(i) == '.') {
        count++;
      }
    }
    return count;
  }

  private static String lastLabels(String host, int labels) {
    int end = host.length();
    int start = end;
    for (int found = 0; found < labels; found++) {
      int dot = host.lastIndexOf('.', start - 1);
      if (dot < 0) {
        return host;
      }
      start = dot;
    }
    return host.substring(start + 1);
  }

  @Override
  public String toString() {
    return "HttpClientPublicSuffixList[bundled with HttpClient 5]";
  }
}
