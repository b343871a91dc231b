package io.entire.transport.testkit;

import java.time.Duration;

/**
 * Every setting of a {@link Fault}, so that the public class stays a small list of factories; the
 * record gives equality and its {@link #describe()} the Java expression that makes the fault.
 * Immutable.
 *
 * @param kind what the server does
 * @param status the answered status of STATUS and STATUS_AFTER_HANDLER
 * @param body the answered text of STATUS and STATUS_AFTER_HANDLER
 * @param amount TRUNCATE: body bytes let through; DELAY: nanoseconds; THROTTLE: bytes per second
 * @param framing how a TRUNCATE body is framed
 * @param onlyMethod the method of {@link Fault#onlyFor}, or null for every request
 * @param onlyPathSuffix the path suffix of {@link Fault#onlyFor}
 * @param times how many matching requests get the fault, or 0 for all of them
 * @param advertised DOWN only: whether the cluster keeps naming the server
 */
record FaultSpec(
    Fault.Kind kind,
    int status,
    String body,
    long amount,
    Fault.Framing framing,
    String onlyMethod,
    String onlyPathSuffix,
    int times,
    boolean advertised) {

  static FaultSpec of(Fault.Kind kind, int status, String body, long amount) {
    return new FaultSpec(kind, status, body, amount, Fault.Framing.CHUNKED, null, null, 0, false);
  }

  FaultSpec withFraming(Fault.Framing value) {
    return new FaultSpec(
        kind, status, body, amount, value, onlyMethod, onlyPathSuffix, times, advertised);
  }

  FaultSpec withScope(String method, String pathSuffix) {
    return new FaultSpec(
        kind, status, body, amount, framing, method, pathSuffix, times, advertised);
  }

  FaultSpec withTimes(int n) {
    return new FaultSpec(
        kind, status, body, amount, framing, onlyMethod, onlyPathSuffix, n, advertised);
  }

  FaultSpec advertisedWhileDown() {
    return new FaultSpec(kind, status, body, amount, framing, onlyMethod, onlyPathSuffix, 0, true);
  }

  /** E.g. {@code Fault.status(503).onlyFor("POST", "/git-receive-pack").times(2)}. */
  String describe() {
    String scope =
        onlyMethod == null ? "" : ".onlyFor(\"" + onlyMethod + "\", \"" + onlyPathSuffix + "\")";
    return factory() + scope + (times == 0 ? "" : ".times(" + times + ")");
  }

  private String factory() {
    return switch (kind) {
      case NONE -> "Fault.none()";
      case DOWN -> advertised ? "Fault.downButAdvertised()" : "Fault.down()";
      case BLACKHOLE -> "Fault.blackhole()";
      case RESET -> "Fault.reset()";
      case HANG -> "Fault.hang()";
      case STATUS -> "Fault.status(" + status + ")";
      case STATUS_AFTER_HANDLER -> "Fault.statusAfterHandler(" + status + ")";
      case TRUNCATE -> "Fault.truncateAfter(" + amount + ", " + framing + ")";
      case CLOSE_AFTER_RESPONSE -> "Fault.closeAfterResponse()";
      case DELAY -> "Fault.delay(" + Duration.ofNanos(amount) + ")";
      case THROTTLE -> "Fault.throttle(" + amount + ")";
    };
  }
}
