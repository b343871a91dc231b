package io.entire.transport.application.port.in;

import io.entire.transport.domain.HttpUrl;
import io.entire.transport.domain.LoopbackHost;
import io.entire.transport.domain.NodeUrl;
import java.net.URI;
import java.util.List;
import java.util.Set;

/**
 * The rules a {@link TransportConfig}'s location must satisfy: its entry URL, its repository path,
 * and G1's plain-http rule over the entry URL and the initial nodes. Each names what is wrong.
 * Apart from the record so that it stays a value with its accessors.
 *
 * <p>Static methods; thread-safe.
 */
final class LocationRules {
  private LocationRules() {}

  /** Refuses an entry URL that is not {@code http(s)://host[:port]}. */
  static void checkEntryUrl(URI entryUrl) {
    Set<HttpUrl.Flaw> flaws = HttpUrl.flawsOf(entryUrl);
    if (flaws.contains(HttpUrl.Flaw.NOT_ABSOLUTE) || flaws.contains(HttpUrl.Flaw.NOT_HTTP)) {
      throw new IllegalArgumentException("entryUrl must be http or https: " + entryUrl);
    }
    if (flaws.contains(HttpUrl.Flaw.NO_HOST)) {
      throw new IllegalArgumentException("entryUrl has no host: " + entryUrl);
    }
    if (flaws.contains(HttpUrl.Flaw.USERINFO)) {
      throw new IllegalArgumentException("entryUrl must not contain userinfo");
    }
    if (entryUrl.getRawQuery() != null || entryUrl.getRawFragment() != null) {
      throw new IllegalArgumentException("entryUrl must not have a query or fragment: " + entryUrl);
    }
    String path = entryUrl.getRawPath();
    if (path != null && !path.isEmpty() && !path.equals("/")) {
      throw new IllegalArgumentException(
          "entryUrl must be scheme://host[:port] without path (the path goes in repoPath): "
              + entryUrl);
    }
  }

  /** G1's rule for the library: plain http stays on this machine unless the user allows more. */
  static void refusePlainHttpToOtherHosts(URI entryUrl, List<NodeUrl> initialNodes) {
    if (entryUrl != null
        && "http".equalsIgnoreCase(entryUrl.getScheme())
        && !LoopbackHost.isLoopback(entryUrl.getHost())) {
      throw new IllegalArgumentException(
          "refusing plain http to non-loopback host "
              + entryUrl.getHost()
              + " (credentials would travel in clear text): use https, or allowHttp(true)");
    }
    for (NodeUrl node : initialNodes) {
      if (!node.isHttps() && !LoopbackHost.isLoopback(node.host())) {
        throw new IllegalArgumentException(
            "refusing plain http to non-loopback initial node "
                + node
                + ": use https, or allowHttp(true)");
      }
    }
  }

  /** Refuses a repository path that is not {@code /segment[/segment…]}. */
  static void checkRepoPath(String repoPath) {
    if (repoPath == null) {
      throw new IllegalArgumentException("repoPath is required, e.g. /org/repo");
    }
    if (!repoPath.startsWith("/") || repoPath.length() < 2) {
      throw new IllegalArgumentException("repoPath must start with '/' and name a repository");
    }
    if (repoPath.endsWith("/")) {
      throw new IllegalArgumentException("repoPath must not end with '/': " + repoPath);
    }
    for (int i = 0; i < repoPath.length(); i++) {
      char c = repoPath.charAt(i);
      if (c < 0x20 || c == 0x7f || c == '?' || c == '#' || c == '\\' || c == ' ') {
        throw new IllegalArgumentException(
            "repoPath contains a forbidden character at index " + i + ": " + repoPath.strip());
      }
    }
    for (String segment : repoPath.substring(1).split("/", -1)) {
      if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
        throw new IllegalArgumentException(
            "repoPath has an empty, '.' or '..' segment: " + repoPath);
      }
    }
  }
}
