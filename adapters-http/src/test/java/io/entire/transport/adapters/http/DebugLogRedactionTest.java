package io.entire.transport.adapters.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.entire.transport.application.port.in.Cancellation;
import io.entire.transport.application.port.in.RequestBody;
import io.entire.transport.application.port.out.HttpRequest;
import io.entire.transport.application.port.out.HttpResponse;
import io.entire.transport.domain.Headers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * A5/G8: with every logger at debug (see {@code simplelogger.properties}: HttpClient's header and
 * wire loggers included), a full exchange never writes a credential to the log.
 */
class DebugLogRedactionTest {
  private static final Path LOG = Path.of("target", "test-debug.log");

  @Test
  void a5SecretsNeverReachTheDebugLogWhileMethodUriStatusAndHeadersDo() throws Exception {
    assertTrue(
        LoggerFactory.getLogger("org.apache.hc.client5.http.wire").isDebugEnabled(),
        "the test needs HttpClient's wire logger at debug");
    String token = "tok-" + UUID.randomUUID();
    String proxyToken = "proxy-" + UUID.randomUUID();
    String cookie = "cookie-" + UUID.randomUUID();
    String sessionCookie = "session-" + UUID.randomUUID();
    String apiKey = "key-" + UUID.randomUUID(); // N4: an extra header of the user's
    String path = "/redaction-" + UUID.randomUUID() + "/git-upload-pack";
    try (ApacheHttpExchange http =
            new ApacheHttpExchange(
                new HttpSettings(
                    Duration.ofSeconds(5), Duration.ofSeconds(5), false, "entire-test"));
        RawHttpServer server =
            RawHttpServer.start(
                c -> {
                  c.readRequest();
                  c.write(
                      "HTTP/1.1 401 Unauthorized\r\nSet-Cookie: s="
                          + sessionCookie
                          + "\r\nWWW-Authenticate: Bearer\r\nContent-Length: 4\r\n\r\nnope");
                })) {
      Headers headers =
          Headers.empty()
              .with("Authorization", "Bearer " + token)
              .with("Proxy-Authorization", "Basic " + proxyToken)
              .with("Cookie", "c=" + cookie)
              .with("X-Api-Key", apiKey)
              .with("Git-Protocol", "version=2");
      HttpRequest request =
          new HttpRequest(
              "POST", server.uri(path), headers, RequestBody.ofBytes("0000".getBytes()), false);
      try (HttpResponse response = http.exchange(request, new Cancellation())) {
        assertEquals(401, response.status());
        response.body().readAllBytes();
      }
      RawHttpServer.Request received = server.takeRequest();
      assertEquals("Bearer " + token, received.header("Authorization").get(), "sent, not logged");
    }

    String log = Files.readString(LOG, StandardCharsets.UTF_8);
    List<String> ours = log.lines().filter(line -> line.contains(path)).toList();
    assertTrue(
        ours.stream().anyMatch(l -> l.contains("> POST") && l.contains("Git-Protocol: version=2")),
        log);
    assertTrue(ours.stream().anyMatch(l -> l.contains("< POST") && l.contains(" 401 ")), log);
    assertTrue(ours.stream().anyMatch(l -> l.contains("Authorization: <redacted>")), log);
    assertTrue(ours.stream().anyMatch(l -> l.contains("X-Api-Key: <redacted>")), log);
    for (String secret : List.of(token, proxyToken, cookie, sessionCookie, apiKey)) {
      assertFalse(log.contains(secret), "a secret reached the debug log");
    }
  }

  @Test
  void hardening_6_a5_aTokenTheServerEchoesInAResponseHeaderNeverReachesTheDebugLog()
      throws Exception {
    String token = "echoed-" + UUID.randomUUID();
    String path = "/echo-" + UUID.randomUUID() + "/info/refs";
    try (ApacheHttpExchange http =
            new ApacheHttpExchange(
                new HttpSettings(
                    Duration.ofSeconds(5), Duration.ofSeconds(5), false, "entire-test"));
        RawHttpServer server =
            RawHttpServer.start(
                c -> {
                  RawHttpServer.Request request = c.readRequest();
                  c.write(
                      "HTTP/1.1 500 Oops\r\nX-Seen-Authorization: "
                          + request.header("Authorization").orElse("")
                          + "\r\nX-Seen-Token: token="
                          + token
                          + "\r\nContent-Length: 0\r\n\r\n");
                })) {
      HttpRequest request =
          new HttpRequest(
              "GET",
              server.uri(path),
              Headers.empty().with("Authorization", "Bearer " + token),
              null,
              false);
      try (HttpResponse response = http.exchange(request, new Cancellation())) {
        assertEquals(500, response.status());
        assertEquals(
            "Bearer " + token,
            response.headers().first("X-Seen-Authorization").orElseThrow(),
            "the server did echo the token");
      }
    }

    String log = Files.readString(LOG, StandardCharsets.UTF_8);
    List<String> ours = log.lines().filter(line -> line.contains(path)).toList();
    assertTrue(
        ours.stream()
            .anyMatch(
                l ->
                    l.contains("< GET")
                        && l.contains("X-Seen-Authorization: <redacted>")
                        && l.contains("X-Seen-Token: token=<redacted>")),
        log);
    assertFalse(log.contains(token), "an echoed token reached the debug log");
  }
}
