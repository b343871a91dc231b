package io.entire.transport.testkit;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * What the servers of a {@link TestCluster} send as {@value TestCluster#REPLICAS_HEADER}: the live
 * replica list (the default: every replica not {@link Fault#down()}, so including those {@link
 * Fault#downButAdvertised()}), a fixed value, or nothing.
 *
 * <p>Thread-safe: switched from any thread while requests run; each response reads the policy once.
 * The replica list is the cluster's, filled before any server starts.
 */
final class ReplicasHeaderPolicy {

  /** The policy itself: off, a fixed value, or (enabled without a value) the live list. */
  private record Setting(boolean enabled, String fixedValue) {
    static final Setting LIVE = new Setting(true, null);
  }

  private final List<ReplicaServer> replicas;
  private volatile Setting setting = Setting.LIVE;

  ReplicasHeaderPolicy(List<ReplicaServer> replicas) {
    this.replicas = replicas;
  }

  /**
   * The header value now, or {@code null} for no header (see {@link TestCluster#replicasHeader}).
   */
  String value() {
    Setting current = setting;
    if (!current.enabled()) {
      return null;
    }
    if (current.fixedValue() != null) {
      return current.fixedValue();
    }
    String live =
        replicas.stream()
            .filter(r -> r.fault().isAdvertised())
            .map(ReplicaServer::url)
            .collect(Collectors.joining(","));
    return live.isEmpty() ? null : live;
  }

  /** The header as a replica adds it to every response: empty when {@link #value()} is null. */
  HttpHeaders headers() {
    String value = value();
    HttpHeaders headers = new HttpHeaders();
    return value == null ? headers : headers.add(TestCluster.REPLICAS_HEADER, value);
  }

  void fixed(String value) {
    setting = new Setting(true, Objects.requireNonNull(value, "value"));
  }

  void off() {
    setting = new Setting(false, null);
  }

  void live() {
    setting = Setting.LIVE;
  }
}
