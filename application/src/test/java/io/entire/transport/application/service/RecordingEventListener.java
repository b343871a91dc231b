package io.entire.transport.application.service;

import io.entire.transport.application.port.out.TransportEventListener;
import io.entire.transport.domain.NodeUrl;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Records every O1 event as one line of text (in order) and keeps the attempts and call failures as
 * objects. Lines name the call only where a test needs it: {@code callStarted} and {@code coldPath}
 * do.
 */
final class RecordingEventListener implements TransportEventListener {
  final List<String> lines = new ArrayList<>();
  final List<Attempt> attempts = new ArrayList<>();
  final List<Exception> callFailures = new ArrayList<>();
  final List<Call> calls = new ArrayList<>();

  @Override
  public void callStarted(Call call) {
    calls.add(call);
    lines.add("callStarted " + call.service().serviceName() + " " + call.kind());
  }

  @Override
  public void callEnded(Call call, Duration duration) {
    lines.add("callEnded " + duration.toMillis() + "ms");
  }

  @Override
  public void callFailed(Call call, Duration duration, Exception failure) {
    callFailures.add(failure);
    lines.add("callFailed " + failure.getClass().getSimpleName());
  }

  @Override
  public void attemptStarted(Call call, NodeUrl node) {
    lines.add("attemptStarted " + node);
  }

  @Override
  public void attemptEnded(Attempt attempt) {
    attempts.add(attempt);
    lines.add(
        "attemptEnded "
            + attempt.node()
            + " "
            + attempt.status().map(String::valueOf).orElseGet(() -> attempt.failure().get().name())
            + " sent="
            + attempt.bytesSent()
            + " received="
            + attempt.bytesReceived()
            + " "
            + attempt.duration().toMillis()
            + "ms");
  }

  @Override
  public void failover(Call call, NodeUrl node, FailureKind kind, String reason) {
    lines.add("failover " + node + " " + kind + " " + reason);
  }

  @Override
  public void redirect(Call call, URI from, URI to, boolean credentialsCarried) {
    lines.add("redirect " + from + " -> " + to + (credentialsCarried ? " with" : " without"));
  }

  @Override
  public void coldPathTaken(Call call) {
    lines.add("coldPath " + call.service().serviceName());
  }

  @Override
  public void replicaCacheRead(String repository, boolean hit) {
    lines.add("cacheRead " + repository + (hit ? " hit" : " miss"));
  }

  @Override
  public void nodeDemoted(NodeUrl node, String reason) {
    lines.add("nodeDemoted " + node + " " + reason);
  }

  @Override
  public void nodeRestored(NodeUrl node) {
    lines.add("nodeRestored " + node);
  }

  @Override
  public void replicaCacheWritten(String repository) {
    lines.add("cacheWritten " + repository);
  }
}
