package io.entire.transport.bootstrap;

import io.entire.transport.application.port.in.TransportConfig;
import io.entire.transport.domain.GitService;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.Map;

/**
 * The README's library examples ("Using the library"), kept here so they compile against the real
 * API. {@code ReadmeExamplesTest} runs each one against a test cluster and checks that the README
 * shows exactly these method bodies: change both together.
 */
final class ReadmeExamples {
  private ReadmeExamples() {}

  /** Laptop: reuse the developer's git credential helpers (as `git clone https://…` would). */
  static byte[] laptop(String entryUrl) throws IOException {
    TransportConfig config =
        TransportConfig.builder().entryUrl(entryUrl).repoPath("/et/acme/widgets").build();
    try (EntireTransport transport = EntireTransports.open(config, new GitCredentialAuthModule());
        InputStream refs = transport.infoRefs(GitService.UPLOAD_PACK)) {
      return refs.readAllBytes();
    }
  }

  /** CI: a static token and timeouts from the job's environment (ENTIRE_TOKEN, ENTIRE_*). */
  static byte[] ci(Map<String, String> env, String entryUrl) throws IOException {
    TransportConfig config =
        EnvironmentSettings.from(env, System.err)
            .applyTo(TransportConfig.builder().entryUrl(entryUrl).repoPath("/et/acme/widgets"))
            .build();
    try (EntireTransport transport =
            EntireTransports.open(config, new StaticTokenAuthModule(env.get("ENTIRE_TOKEN")));
        InputStream refs = transport.infoRefs(GitService.UPLOAD_PACK)) {
      return refs.readAllBytes();
    }
  }

  /** Service: mint a short-lived, repository-scoped token per action from a login token. */
  static byte[] service(String loginToken, URI tokenEndpoint, String entryUrl) throws IOException {
    TransportConfig config =
        TransportConfig.builder().entryUrl(entryUrl).repoPath("/et/acme/widgets").build();
    try (EntireTransport transport =
            EntireTransports.open(config, new TokenExchangeAuthModule(tokenEndpoint, loginToken));
        InputStream refs = transport.infoRefs(GitService.UPLOAD_PACK)) {
      return refs.readAllBytes();
    }
  }
}
