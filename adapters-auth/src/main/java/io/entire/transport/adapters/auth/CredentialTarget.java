package io.entire.transport.adapters.auth;

import io.entire.transport.application.port.out.CredentialRequest;
import io.entire.transport.domain.CredentialException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Where a git credential is for, as the fields of git's credential protocol: {@code protocol},
 * {@code host[:port]} and {@code path} (without its leading {@code /}; git passes it on to helpers
 * only when {@code credential.useHttpPath} is set). The key of {@link FilledCredentials}.
 *
 * <p>Immutable, so thread-safe. Its fields are checked clean of CR, LF and NUL (A3).
 */
record CredentialTarget(String protocol, String host, String path) {

  /**
   * The target of a request: its entry URL when the request's audience is one ({@code <entry base
   * URL><repo path>}), else the request's own URL.
   *
   * @throws CredentialException when that URL is not http(s) with a host, or a field contains CR,
   *     LF or NUL
   */
  static CredentialTarget of(CredentialRequest request) throws CredentialException {
    URI uri = entryUri(request.audience());
    if (uri == null) {
      uri = request.uri();
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (uri.getHost() == null || !(scheme.equals("http") || scheme.equals("https"))) {
      throw new CredentialException("git credential needs an http(s) URL with a host");
    }
    String host = uri.getHost() + (uri.getPort() >= 0 ? ":" + uri.getPort() : "");
    String path = uri.getPath() == null ? "" : uri.getPath();
    while (path.startsWith("/")) {
      path = path.substring(1);
    }
    CredentialTarget target = new CredentialTarget(scheme, host, path);
    for (Map.Entry<String, String> field : target.fields().entrySet()) {
      GitCredentialProtocol.requireClean(field.getKey(), field.getValue());
    }
    return target;
  }

  private static URI entryUri(String audience) {
    try {
      URI uri = new URI(audience);
      return uri.isAbsolute() && uri.getHost() != null ? uri : null;
    } catch (URISyntaxException e) {
      return null;
    }
  }

  /** The protocol fields, in git's order; {@code path} only when there is one. */
  Map<String, String> fields() {
    Map<String, String> fields = new LinkedHashMap<>();
    fields.put("protocol", protocol);
    fields.put("host", host);
    if (!path.isEmpty()) {
      fields.put("path", path);
    }
    return fields;
  }

  /** {@code protocol://host[:port]}, for messages and logs. */
  String describe() {
    return protocol + "://" + host;
  }
}
