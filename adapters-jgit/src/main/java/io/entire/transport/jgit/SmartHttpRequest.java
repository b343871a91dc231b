package io.entire.transport.jgit;

import io.entire.transport.domain.GitService;
import java.net.URL;
import java.util.Locale;

/**
 * What one request of JGit's smart-HTTP transport asks for (J1): discovery ({@code GET
 * <repo>/info/refs?service=S}) or a service RPC ({@code POST <repo>/S}), and the repository URL it
 * belongs to. JGit never sends anything else here: the answers are always smart, so it never falls
 * back to dumb HTTP.
 */
record SmartHttpRequest(boolean discovery, GitService service, String repositoryUrl) {
  private static final String INFO_REFS = "/info/refs";

  /**
   * Reads a request of JGit's transport.
   *
   * @throws IllegalArgumentException naming what is not a smart-HTTP request
   */
  static SmartHttpRequest of(String method, URL url) {
    String path = url.getPath();
    String origin = url.getProtocol() + "://" + url.getAuthority();
    if ("GET".equals(method) && path.endsWith(INFO_REFS)) {
      String query = url.getQuery() == null ? "" : url.getQuery();
      String name = null;
      for (String parameter : query.split("&", -1)) {
        if (parameter.startsWith("service=")) {
          name = parameter.substring("service=".length());
        }
      }
      if (name == null) {
        throw new IllegalArgumentException(
            "not a smart-HTTP request: " + method + " " + path + " without ?service=");
      }
      return new SmartHttpRequest(
          true,
          GitService.fromServiceName(name),
          origin + path.substring(0, path.length() - INFO_REFS.length()));
    }
    if ("POST".equals(method)) {
      for (GitService service : GitService.values()) {
        String suffix = "/" + service.serviceName();
        if (path.endsWith(suffix)) {
          return new SmartHttpRequest(
              false, service, origin + path.substring(0, path.length() - suffix.length()));
        }
      }
    }
    throw new IllegalArgumentException(
        "not a smart-HTTP request: " + method.toUpperCase(Locale.ROOT) + " " + path);
  }

  /** The {@code Content-Type} git's smart HTTP answers this request with. */
  String responseContentType() {
    return discovery
        ? "application/x-" + service.serviceName() + "-advertisement"
        : service.resultContentType();
  }
}
