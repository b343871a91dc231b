package io.entire.transport.domain;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.regex.Pattern;
import org.apiguardian.api.API;

/**
 * Whether a host names this machine, decided without any DNS lookup: only {@code localhost}, IPv4
 * literals in {@code 127.0.0.0/8} and the IPv6 loopback literal (any spelling) count. Plain http is
 * acceptable only to such hosts unless the user allows it (G1): their traffic never leaves the
 * machine.
 *
 * <p>Stateless and thread-safe.
 */
@API(status = INTERNAL)
public final class LoopbackHost {
  private static final Pattern IPV4_LITERAL = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
  private static final Pattern IPV6_LITERAL = Pattern.compile("[0-9a-f:.]*:[0-9a-f:.]*");

  private LoopbackHost() {}

  /**
   * Returns whether {@code host} is loopback.
   *
   * @param host a host as {@link java.net.URI#getHost()} returns it (IPv6 literals in brackets); a
   *     trailing dot is ignored; null or empty is not loopback
   */
  public static boolean isLoopback(String host) {
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
    if (h.startsWith("[") && h.endsWith("]")) {
      String literal = h.substring(1, h.length() - 1);
      // Only a well-formed IPv6 literal is handed to InetAddress, which then parses it; anything
      // else might be taken for a name and looked up.
      if (!IPV6_LITERAL.matcher(literal).matches()) {
        return false;
      }
      try {
        return InetAddress.getByName(literal).isLoopbackAddress();
      } catch (UnknownHostException e) {
        return false;
      }
    }
    if (!IPV4_LITERAL.matcher(h).matches()) {
      return false; // a name could resolve anywhere: never trusted to be local
    }
    for (String octet : h.split("\\.")) {
      if (Integer.parseInt(octet) > 255) {
        return false;
      }
    }
    return h.startsWith("127.");
  }
}
