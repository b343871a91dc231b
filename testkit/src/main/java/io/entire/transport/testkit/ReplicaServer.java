package io.entire.transport.testkit;

/**
 * A replica of a {@link TestCluster}: serves every repository of the cluster's shared root through
 * {@code git http-backend}, and adds the cluster's {@code X-Entire-Replicas} header to every
 * response (faults and 401s included) unless the cluster switched it off.
 *
 * <p>Thread-safe; owned and closed by its {@link TestCluster}.
 *
 * @since 0.1
 */
public final class ReplicaServer extends TestServer {

  private final int index;

  ReplicaServer(int index, LoopbackHttpServer http) {
    super(http);
    this.index = index;
  }

  /** The position in {@link TestCluster#replicas()}, from 0. */
  public int index() {
    return index;
  }
}
