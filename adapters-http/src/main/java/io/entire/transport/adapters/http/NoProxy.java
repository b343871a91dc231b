package io.entire.transport.adapters.http;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * The hosts that bypass the proxy, from a {@code NO_PROXY} list with curl's rules (N1), as
 * documented for libcurl's CURLOPT_NOPROXY and checked against curl 7.88.1 (the libcurl git uses
 * here) by {@code NoProxyTest}:
 *
 * <ul>
 *   <li>entries are separated by commas and/or white space; case does not matter;
 *   <li>the whole list being exactly {@code *} matches every host ({@code *} inside a list, or
 *       {@code *.example.com}, matches nothing: there are no other wildcards);
 *   <li>a name matches itself and its subdomains, with or without a leading dot: {@code
 *       example.com} and {@code .example.com} both match {@code example.com} and {@code
 *       www.example.com}, never {@code notexample.com}; a trailing dot on either side is ignored;
 *   <li>an entry with a port ({@code example.com:8080}) matches nothing, as in curl, which compares
 *       host names only; a target's port never matters;
 *   <li>for a target that is an IP literal, entries are IP addresses, IPv6 without brackets, with
 *       an optional CIDR suffix ({@code 10.0.0.0/8}, {@code fd00::/8}); a suffix of 0 or one that
 *       is not a number means the whole address, as in curl; one beyond the address length matches
 *       nothing. No name is resolved: {@code localhost} does not match {@code 127.0.0.1}.
 * </ul>
 *
 * <p>Where curl 7.88.1 differs from its documentation we follow the documentation: it compares IPv6
 * entries as text and ignores their CIDR suffix ({@code ::1/128} and {@code 0:0::1} do not match
 * {@code ::1} there, they do here).
 *
 * <p>Immutable and thread-safe.
 *
 * @since 0.2
 */
public final class NoProxy {
  /** An empty list: no host bypasses the proxy. */
  public static final NoProxy NONE = new NoProxy("", false, List.of());

  private final String text;
  private final boolean everything;
  private final List<String> entries;

  private NoProxy(String text, boolean everything, List<String> entries) {
    this.text = text;
    this.everything = everything;
    this.entries = entries;
  }

  /**
   * Reads a list. Nothing in it is an error: an entry that can match nothing is kept and never
   * matches, as in curl.
   *
   * @param list the list, e.g. {@code localhost,.corp.example,10.0.0.0/8}; null or empty for none
   * @return the matcher
   */
  public static NoProxy parse(String list) {
    if (list == null || list.isEmpty()) {
      return NONE;
    }
    List<String> entries = new ArrayList<>();
    for (String entry : list.split("[,\\s]+")) {
      if (!entry.isEmpty()) {
        entries.add(entry.toLowerCase(Locale.ROOT));
      }
    }
    return new NoProxy(list, list.equals("*"), List.copyOf(entries));
  }

  /**
   * Whether a host bypasses the proxy.
   *
   * @param host a host name, IPv4 literal or IPv6 literal (with or without brackets)
   * @return true when the host is to be reached directly
   */
  public boolean matches(String host) {
    Objects.requireNonNull(host, "host");
    if (everything) {
      return true;
    }
    String bare =
        host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    Optional<byte[]> address = IpLiteral.parse(bare);
    if (address.isPresent()) {
      return entries.stream().anyMatch(entry -> addressMatches(address.get(), entry));
    }
    String name = withoutTrailingDot(bare.toLowerCase(Locale.ROOT));
    return entries.stream().anyMatch(entry -> nameMatches(name, entry));
  }

  private static boolean nameMatches(String name, String entry) {
    String domain = withoutTrailingDot(entry);
    if (domain.startsWith(".")) {
      domain = domain.substring(1);
    }
    return !domain.isEmpty() && (name.equals(domain) || name.endsWith("." + domain));
  }

  private static boolean addressMatches(byte[] address, String entry) {
    int slash = entry.indexOf('/');
    Optional<byte[]> network = IpLiteral.parse(slash < 0 ? entry : entry.substring(0, slash));
    if (network.isEmpty() || network.get().length != address.length) {
      return false;
    }
    int bits = slash < 0 ? 0 : leadingNumber(entry.substring(slash + 1));
    if (bits == 0) {
      bits = address.length * 8;
    }
    if (bits > address.length * 8) {
      return false;
    }
    for (int i = 0; i < bits; i++) {
      int mask = 0x80 >>> (i % 8);
      if ((address[i / 8] & mask) != (network.get()[i / 8] & mask)) {
        return false;
      }
    }
    return true;
  }

  /** Like C's {@code atoi}, which curl uses for the suffix: leading digits, else 0. */
  private static int leadingNumber(String text) {
    int end = 0;
    while (end < text.length() && end < 4 && Character.isDigit(text.charAt(end))) {
      end++;
    }
    return end == 0 ? 0 : Integer.parseInt(text.substring(0, end));
  }

  private static String withoutTrailingDot(String name) {
    return name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
  }

  /** Returns the list as given (host names, not secrets). */
  @Override
  public String toString() {
    return text;
  }

  /** IP literals without any name lookup. */
  static final class IpLiteral {
    private IpLiteral() {}

    /**
     * The address bytes of a dotted-quad IPv4 or an IPv6 literal (no brackets, no zone).
     *
     * @return the bytes, or empty when the text is not such a literal (it is then a name)
     */
    static Optional<byte[]> parse(String text) {
      if (text.matches("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})")) {
        String[] parts = text.split("\\.");
        byte[] bytes = new byte[4];
        for (int i = 0; i < 4; i++) {
          int part = Integer.parseInt(parts[i]);
          if (part > 255) {
            return Optional.empty();
          }
          bytes[i] = (byte) part;
        }
        return Optional.of(bytes);
      }
      if (text.indexOf(':') < 0 || !text.matches("[0-9A-Fa-f:.]+")) {
        return Optional.empty();
      }
      try {
        // Brackets make the JDK parse a literal or fail: it never looks the text up in DNS. (An
        // IPv4-mapped address comes back as its 4 IPv4 bytes and is compared as IPv4.)
        return Optional.of(InetAddress.getByName("[" + text + "]").getAddress());
      } catch (UnknownHostException e) {
        return Optional.empty();
      }
    }
  }
}
