package io.entire.transport;

import io.entire.transport.adapters.git.InvalidRemoteUrlException;
import io.entire.transport.adapters.git.RemoteUrl;
import io.entire.transport.application.port.in.TransportConfig;
import io.entire.transport.domain.LoopbackHost;
import java.net.URI;
import java.util.Objects;

/**
 * The repository URL a session is opened with (L2): git's forms for this transport, parsed by the
 * very rules the helper applies to the URL git passes it (G1), so a URL that works with {@code git
 * clone} works with {@link EntireClient#open(String)} and the other way round.
 */
record RepositoryUrl(URI entryUrl, String clusterHost, String repoPath) {
  private static final String HELPER_PREFIX = "entire::";

  /**
   * Parses {@code https://…}, {@code entire://…} (https), {@code entire::https://…} and {@code
   * http://…} (loopback only unless {@code allowHttp}).
   *
   * @throws IllegalArgumentException naming what is wrong
   */
  static RepositoryUrl parse(String url, boolean allowHttp) {
    Objects.requireNonNull(url, "repositoryUrl");
    String remote =
        url.regionMatches(true, 0, HELPER_PREFIX, 0, HELPER_PREFIX.length())
            ? url.substring(HELPER_PREFIX.length())
            : url;
    RemoteUrl parsed;
    try {
      // The helper's rule allows plain http to any host only when told to; the library says how.
      parsed = RemoteUrl.parse(remote, true);
    } catch (InvalidRemoteUrlException e) {
      throw new IllegalArgumentException("repository URL: " + e.getMessage());
    }
    if (!allowHttp
        && parsed.scheme().equals("http")
        && !LoopbackHost.isLoopback(parsed.clusterHost())) {
      throw new IllegalArgumentException(
          "repository URL: refusing plain http to non-loopback host "
              + parsed.clusterHost()
              + " (credentials would travel in clear text); use https, or allowHttp(true)");
    }
    return new RepositoryUrl(parsed.baseUrl(), parsed.clusterHost(), parsed.repoPath());
  }

  /** Sets this repository (entry URL, trust-domain root, path) on {@code config}. */
  TransportConfig.Builder applyTo(TransportConfig.Builder config) {
    return config.entryUrl(entryUrl).clusterHost(clusterHost).repoPath(repoPath);
  }
}
