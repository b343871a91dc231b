package io.entire.transport.adapters.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.entire.transport.application.port.in.TransportConfig;
import io.entire.transport.application.port.out.HttpExchangePort;
import io.entire.transport.application.port.out.HttpResponse;
import io.entire.transport.application.port.out.RandomSource;
import io.entire.transport.application.port.out.ReplicaCachePort;
import io.entire.transport.application.service.ReplicaTransportService;
import io.entire.transport.domain.GitService;
import io.entire.transport.domain.Headers;
import io.entire.transport.domain.PublicSuffixList;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * A2 with the application service: a 401 from the data plane makes the service call {@code
 * rejected}, and its single retry carries a freshly minted token. The data plane is a fake port
 * (the HTTP adapter is another module); the token endpoint is real.
 */
class RejectedTokenRetryTest {

  @Test
  void a2_a401FromTheDataPlaneInvalidatesTheTokenAndTheRetryUsesAFreshOne() throws Exception {
    List<String> sentAuthorizations = new CopyOnWriteArrayList<>();
    HttpExchangePort dataPlane =
        (request, cancellation) -> {
          String authorization = request.headers().first("Authorization").orElse("");
          sentAuthorizations.add(authorization);
          return authorization.equals("Bearer minted-1")
              ? response(401, "token revoked")
              : response(200, "001e# service=git-upload-pack\n0000");
        };
    try (TokenEndpoint endpoint = TokenEndpoint.minting(300);
        TokenExchangeCredentials credentials =
            new TokenExchangeCredentials(
                endpoint.url(),
                "login",
                new MutableClock(Instant.EPOCH),
                Duration.ofSeconds(2),
                Duration.ofSeconds(5))) {
      TransportConfig config =
          TransportConfig.builder()
              .entryUrl("https://eu.example.dev")
              .repoPath("/et/org/repo")
              .build();
      ReplicaTransportService transport =
          new ReplicaTransportService(
              config,
              dataPlane,
              credentials,
              ReplicaCachePort.NONE,
              RandomSource.DEFAULT,
              PublicSuffixList.LAST_LABEL);

      try (InputStream body = transport.infoRefs(GitService.UPLOAD_PACK)) {
        assertEquals(
            "001e# service=git-upload-pack\n0000",
            new String(body.readAllBytes(), StandardCharsets.UTF_8));
      }
      assertEquals(List.of("Bearer minted-1", "Bearer minted-2"), sentAuthorizations);
      assertEquals(
          "https://eu.example.dev/et/org/repo", endpoint.received().get(1).form().get("audience"));
    }
  }

  private static HttpResponse response(int status, String body) {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    InputStream stream = new ByteArrayInputStream(bytes);
    return new HttpResponse() {
      @Override
      public int status() {
        return status;
      }

      @Override
      public Headers headers() {
        return Headers.empty();
      }

      @Override
      public InputStream body() {
        return stream;
      }

      @Override
      public void close() {}
    };
  }
}
