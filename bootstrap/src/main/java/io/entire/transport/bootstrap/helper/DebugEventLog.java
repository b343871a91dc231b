package io.entire.transport.bootstrap.helper;

import io.entire.transport.application.port.out.TransportEventListener;
import io.entire.transport.domain.NodeUrl;
import java.io.PrintStream;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * O3: with {@code ENTIRE_DEBUG=1} the helper prints every transport event (O1) on stderr, one line
 * each, prefixed like its other debug lines ({@code HH:mm:ss.SSS [DEBUG] event - …}).
 *
 * <p>Never a credential: events carry none, and redirect URLs are printed without their query
 * (where a signed URL would keep its token). Texts from a server arrive redacted (A5).
 *
 * <p>Thread-safe: each line is one {@link PrintStream#println} call.
 */
final class DebugEventLog implements TransportEventListener {
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS");

  private final PrintStream out;
  private final Clock clock;

  /**
   * Prints to {@code out}, stamping lines with {@code clock}'s time of day.
   *
   * @param out where lines go (the helper's stderr); not closed
   * @param clock the time of the stamps
   */
  DebugEventLog(PrintStream out, Clock clock) {
    this.out = out;
    this.clock = clock;
  }

  @Override
  public void callStarted(Call call) {
    line(describe(call) + " started: " + call.repository());
  }

  @Override
  public void callEnded(Call call, Duration duration) {
    line(describe(call) + " returned its stream after " + millis(duration));
  }

  @Override
  public void callFailed(Call call, Duration duration, Exception failure) {
    line(
        describe(call)
            + " failed after "
            + millis(duration)
            + ": "
            + failure.getClass().getSimpleName()
            + ": "
            + oneLine(failure.getMessage()));
  }

  @Override
  public void attemptStarted(Call call, NodeUrl node) {
    line("attempt " + call.service().serviceName() + " -> " + node);
  }

  @Override
  public void attemptEnded(Attempt attempt) {
    String outcome =
        attempt
            .status()
            .map(status -> "HTTP " + status)
            .orElseGet(
                () ->
                    lower(attempt.failure().orElseThrow())
                        + ": "
                        + oneLine(attempt.cause().orElse("")));
    line(
        "attempt "
            + attempt.node()
            + " ended: "
            + outcome
            + " after "
            + millis(attempt.duration())
            + ", sent "
            + attempt.bytesSent()
            + " bytes, received "
            + attempt.bytesReceived()
            + " bytes");
  }

  @Override
  public void failover(Call call, NodeUrl node, FailureKind kind, String reason) {
    line("failover from " + node + " (" + lower(kind) + "): " + oneLine(reason));
  }

  @Override
  public void redirect(Call call, URI from, URI to, boolean credentialsCarried) {
    line(
        "redirect "
            + withoutQuery(from)
            + " -> "
            + withoutQuery(to)
            + (credentialsCarried ? " (credentials carried)" : " (no credentials)"));
  }

  @Override
  public void coldPathTaken(Call call) {
    line(describe(call) + " goes to the entry domain (cold path)");
  }

  @Override
  public void replicaCacheRead(String repository, boolean hit) {
    line("replica cache " + (hit ? "hit" : "miss") + ": " + repository);
  }

  @Override
  public void replicaCacheWritten(String repository) {
    line("replica cache written: " + repository);
  }

  @Override
  public void nodeDemoted(NodeUrl node, String reason) {
    line("node " + node + " demoted: " + oneLine(reason));
  }

  @Override
  public void nodeRestored(NodeUrl node) {
    line("node " + node + " restored");
  }

  private void line(String text) {
    out.println(LocalTime.now(clock).format(TIME) + " [DEBUG] event - " + text);
  }

  private static String describe(Call call) {
    return call.service().serviceName() + " " + lower(call.kind());
  }

  private static String lower(Enum<?> value) {
    return value.name().toLowerCase(Locale.ROOT);
  }

  private static String millis(Duration duration) {
    return duration.toMillis() + " ms";
  }

  /** One event, one line: a multi-line server text is folded. */
  private static String oneLine(String text) {
    return text == null ? "" : text.replaceAll("[\\r\\n]+", " ").strip();
  }

  private static String withoutQuery(URI uri) {
    String text = uri.toString();
    int query = text.indexOf('?');
    return query < 0 ? text : text.substring(0, query) + "?...";
  }
}
