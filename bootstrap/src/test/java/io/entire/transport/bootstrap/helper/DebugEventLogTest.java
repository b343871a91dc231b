package io.entire.transport.bootstrap.helper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.entire.transport.application.port.out.TransportEventListener.Attempt;
import io.entire.transport.application.port.out.TransportEventListener.Call;
import io.entire.transport.application.port.out.TransportEventListener.FailureKind;
import io.entire.transport.application.port.out.TransportEventListener.Kind;
import io.entire.transport.domain.GitService;
import io.entire.transport.domain.NodeUrl;
import io.entire.transport.domain.RepositoryNotFoundException;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** O3: every event is one stderr line, prefixed like the helper's debug lines, without secrets. */
class DebugEventLogTest {
  private static final Clock NOON =
      Clock.fixed(Instant.parse("2026-01-02T12:00:00.250Z"), ZoneOffset.UTC);
  private static final Call CALL =
      new Call("https://eu.example.dev/et/o/r", GitService.UPLOAD_PACK, Kind.DISCOVERY);
  private static final NodeUrl A = NodeUrl.of("https://a.eu.example.dev");

  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final DebugEventLog log =
      new DebugEventLog(new PrintStream(bytes, true, StandardCharsets.UTF_8), NOON);

  private List<String> lines() {
    return bytes.toString(StandardCharsets.UTF_8).lines().toList();
  }

  @Test
  void O3_eachEventIsOneLineWithTheDebugPrefix() {
    log.replicaCacheRead(CALL.repository(), false);
    log.callStarted(CALL);
    log.coldPathTaken(CALL);
    log.attemptStarted(CALL, A);
    log.attemptEnded(
        new Attempt(
            CALL,
            A,
            Optional.empty(),
            Optional.of(FailureKind.CONNECT),
            Optional.of("Connection refused (ConnectException)"),
            Duration.ofMillis(3),
            0,
            0));
    log.failover(CALL, A, FailureKind.SERVER_ERROR, "server error (HTTP 503):\nbusy");
    log.attemptEnded(
        new Attempt(
            CALL,
            A,
            Optional.of(200),
            Optional.empty(),
            Optional.empty(),
            Duration.ofMillis(7),
            12,
            345));
    log.replicaCacheWritten(CALL.repository());
    log.callEnded(CALL, Duration.ofMillis(9));
    log.callFailed(
        CALL, Duration.ofMillis(10), new RepositoryNotFoundException("repository not found"));
    log.nodeDemoted(A, "3 failures");
    log.nodeRestored(A);

    String p = "12:00:00.250 [DEBUG] event - ";
    assertEquals(
        List.of(
            p + "replica cache miss: https://eu.example.dev/et/o/r",
            p + "git-upload-pack discovery started: https://eu.example.dev/et/o/r",
            p + "git-upload-pack discovery goes to the entry domain (cold path)",
            p + "attempt git-upload-pack -> https://a.eu.example.dev",
            p
                + "attempt https://a.eu.example.dev ended: connect: Connection refused"
                + " (ConnectException) after 3 ms, sent 0 bytes, received 0 bytes",
            p
                + "failover from https://a.eu.example.dev (server_error): server error (HTTP 503): busy",
            p
                + "attempt https://a.eu.example.dev ended: HTTP 200 after 7 ms, sent 12 bytes,"
                + " received 345 bytes",
            p + "replica cache written: https://eu.example.dev/et/o/r",
            p + "git-upload-pack discovery returned its stream after 9 ms",
            p
                + "git-upload-pack discovery failed after 10 ms: RepositoryNotFoundException:"
                + " repository not found",
            p + "node https://a.eu.example.dev demoted: 3 failures",
            p + "node https://a.eu.example.dev restored"),
        lines());
  }

  @Test
  void O3_aRedirectSaysWhetherCredentialsWereCarriedAndPrintsNoQuery() {
    log.redirect(
        CALL,
        URI.create("https://a.eu.example.dev/et/o/r/info/refs?service=git-upload-pack"),
        URI.create("https://mirror.example.com/pack?X-Signature=secret-sig-99"),
        false);

    assertEquals(
        List.of(
            "12:00:00.250 [DEBUG] event - redirect https://a.eu.example.dev/et/o/r/info/refs?..."
                + " -> https://mirror.example.com/pack?... (no credentials)"),
        lines());
    assertFalse(lines().get(0).contains("secret-sig-99"));
  }
}
