package io.entire.transport.testkit;

import java.util.Objects;

/**
 * The entry domain of a {@link TestCluster}: the load balancer a client meets first. What it
 * answers is its {@link EntryMode}, switchable at run time; faults apply to it like to replicas.
 * Unlike replicas, its fault and 401 responses carry no {@code X-Entire-Replicas} header.
 *
 * <p>Thread-safe; owned and closed by its {@link TestCluster}.
 *
 * @since 0.1
 */
public final class EntryServer extends TestServer {

  private volatile EntryMode mode;

  EntryServer(LoopbackHttpServer http, EntryMode mode) {
    super(http);
    this.mode = Objects.requireNonNull(mode, "mode");
  }

  /** Switches how the entry answers; takes effect for the next request. */
  public void mode(EntryMode mode) {
    this.mode = Objects.requireNonNull(mode, "mode");
  }

  /** The current mode. */
  public EntryMode mode() {
    return mode;
  }
}
