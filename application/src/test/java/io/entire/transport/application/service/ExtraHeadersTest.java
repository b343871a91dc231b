package io.entire.transport.application.service;

import static io.entire.transport.application.service.ScriptedHttpExchange.ok;
import static io.entire.transport.application.service.ScriptedHttpExchange.redirect;
import static io.entire.transport.application.service.ScriptedHttpExchange.status;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.entire.transport.application.port.in.RequestBody;
import io.entire.transport.application.port.out.Credential;
import io.entire.transport.application.port.out.CredentialPort;
import io.entire.transport.application.port.out.MonotonicClock;
import io.entire.transport.application.port.out.TransportEventListener;
import io.entire.transport.domain.GitService;
import io.entire.transport.domain.Headers;
import io.entire.transport.domain.HttpStatusException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** N4: the client's extra headers go on every request to in-cluster hosts, and nowhere else. */
class ExtraHeadersTest extends TransportTestSupport {
  private static final String SECRET = "s3cr3t-api-key-value";
  private static final Headers EXTRA =
      Headers.empty().plus("X-Api-Key", SECRET).plus("X-Team", "tools");
  private static final RequestBody SMALL =
      RequestBody.ofBytes("0000".getBytes(StandardCharsets.UTF_8));

  private ReplicaTransportService serviceWith(
      Headers extra, CredentialPort credentialPort, String... nodes) {
    cache.put("eu.example.dev", REPO, nodes(nodes));
    return new ReplicaTransportService(
        config.build(),
        new ClientParts(
            http,
            credentialPort,
            cache,
            random,
            TestPublicSuffixes.INSTANCE,
            MonotonicClock.SYSTEM,
            Duration.ofSeconds(2),
            TransportEventListener.NONE,
            extra));
  }

  @Test
  void N4_extraHeadersGoOnGetsAndPostsToReplicas() throws IOException {
    ReplicaTransportService service = serviceWith(EXTRA, credentials, A);

    http.script(A, ok("refs"));
    read(service.infoRefs(GitService.UPLOAD_PACK));
    http.script(A, ok("pack"));
    read(service.serviceRpc(GitService.UPLOAD_PACK, SMALL));

    assertEquals(List.of("GET", "POST"), http.sent().stream().map(s -> s.method()).toList());
    for (ScriptedHttpExchange.Sent sent : http.sent()) {
      assertEquals(SECRET, sent.headers().first("X-Api-Key").orElseThrow(), sent.toString());
      assertEquals(List.of("tools"), sent.headers().all("X-Team"), sent.toString());
    }
  }

  @Test
  void N4_extraHeadersFollowInClusterRedirectsButNeverReachAnOutsider() throws IOException {
    http.script(A, redirect(B + REPO + "/git-upload-pack"))
        .script(B, redirect(EVIL + REPO + "/git-upload-pack"))
        .script(EVIL, ok("pack"));

    read(serviceWith(EXTRA, credentials, A).serviceRpc(GitService.UPLOAD_PACK, SMALL));

    assertEquals(List.of(A, B, EVIL), http.origins());
    assertEquals(SECRET, http.sentTo(B).get(0).headers().first("X-Api-Key").orElseThrow());
    ScriptedHttpExchange.Sent outsider = http.sentTo(EVIL).get(0);
    assertFalse(outsider.headers().contains("X-Api-Key"), "N4: never to an outsider");
    assertFalse(outsider.headers().contains("X-Team"));
    assertFalse(outsider.hasAuthorization());
  }

  @Test
  void N4_anExtraAuthorizationNeverReplacesTheCredentialPortsOwn() throws IOException {
    http.script(A, ok("refs"));

    read(
        serviceWith(Headers.empty().plus("Authorization", "Bearer from-config"), credentials, A)
            .infoRefs(GitService.UPLOAD_PACK));

    assertEquals(
        List.of("Bearer t1"),
        http.sent().get(0).headers().all("Authorization"),
        "the credential port's Authorization wins, and only one is sent");
  }

  @Test
  void N4_withoutCredentialsAnExtraAuthorizationIsSentInCluster() throws IOException {
    http.script(A, ok("refs"));

    read(
        serviceWith(
                Headers.empty().plus("Authorization", "Bearer from-config"),
                request -> Credential.NONE,
                A)
            .infoRefs(GitService.UPLOAD_PACK));

    assertEquals(List.of("Bearer from-config"), http.sent().get(0).headers().all("Authorization"));
  }

  @Test
  void N4_aServerEchoingAnExtraHeaderDoesNotGetItIntoTheMessage() {
    http.script(A, status(403, "denied for X-Api-Key: " + SECRET + " (X-Team: tools)"));

    HttpStatusException e =
        assertThrows(
            HttpStatusException.class,
            () -> read(serviceWith(EXTRA, credentials, A).infoRefs(GitService.UPLOAD_PACK)));

    assertFalse(e.getMessage().contains(SECRET), e.getMessage());
    assertTrue(e.getMessage().contains("X-Team: tools"), "short values are not secrets");
  }
}
