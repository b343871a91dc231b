package io.entire.transport.adapters.auth;

import io.entire.transport.application.port.out.CredentialRequest;
import io.entire.transport.domain.CredentialException;
import io.entire.transport.domain.HttpUrl;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Where a git credential is for, as the fields of git's credential protocol: {@code protocol},
 * {@code host[:port]} and {@code path} (without its leading {@code /}; git passes it on to helpers
 * only when {@code credential.useHttpPath} is set). The key of {@link FilledCredentials}.
 *
 * <p>Immutable, so thread-safe. Its fields are checked clean of CR, LF and NUL (A3).
 */
record CredentialTarget(String protocol, String host, String path) {

  /**
   * The target of a request: its {@linkplain CredentialRequest#audienceUrl() audience URL} ({@code
   * <entry base URL><repo path>}) when it has one, else the request's own URL.
   *
   * @throws CredentialException when that URL is not http(s) with a host, or a field contains CR,
   *     LF or NUL
   */
  static CredentialTarget of(CredentialRequest request) throws CredentialException {
    Optional<HttpUrl> url = request.audienceUrl();
    if (url.isEmpty()) {
      url = HttpUrl.from(request.uri());
    }
    HttpUrl target =
        url.orElseThrow(
            () -> new CredentialException("git credential needs an http(s) URL with a host"));
    String path = target.path();
    while (path.startsWith("/")) {
      path = path.substring(1);
    }
    CredentialTarget credentialTarget =
        new CredentialTarget(target.scheme(), target.authority(), path);
    for (Map.Entry<String, String> field : credentialTarget.fields().entrySet()) {
      GitCredentialProtocol.requireClean(field.getKey(), field.getValue());
    }
    return credentialTarget;
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
