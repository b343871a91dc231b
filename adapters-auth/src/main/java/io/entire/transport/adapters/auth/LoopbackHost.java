package io.entire.transport.adapters.auth;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Decides whether a URI host is a loopback host ({@code 127.0.0.0/8}, {@code ::1}, {@code
 * localhost}) without any DNS lookup: only literals and the name {@code localhost} count.
 */
final class LoopbackHost {
  private static final Pattern IPV4_LITERAL = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

  private LoopbackHost() {}

  /**
   * Returns whether {@code host} (as returned by {@link java.net.URI#getHost()}, IPv6 literals in
   * brackets) is loopback.
   */
  static boolean isLoopback(String host) {
    if (host == null || host.isEmpty()) {
      return false;
    }
    String h = host.toLowerCase(Locale.ROOT);
    if (h.endsWith(".")) {
      h = h.substring(0, h.length() - 1);
    }
    if (h.equals("localhost")) {
      return true;
    }
    boolean ipv6 = h.startsWith("[") && h.endsWith("]");
    if (!ipv6 && !IPV4_LITERAL.matcher(h).matches()) {
      // A name other than localhost could resolve anywhere; never trust it to be local.
      return false;
    }
    String literal = ipv6 ? h.substring(1, h.length() - 1) : h;
    try {
      // getByName does not query DNS for IP literals.
      return InetAddress.getByName(literal).isLoopbackAddress();
    } catch (UnknownHostException e) {
      return false;
    }
  }
}
