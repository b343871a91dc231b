package io.entire.transport.domain;

/**
 * Every node of a failover attempt failed (rule F5). The cause is the last node's failure; the
 * earlier ones are suppressed exceptions.
 *
 * <p>A {@link ClusterUnavailableException} (L5), so retryable. Since 0.2 it reaches the caller only
 * when there was no entry domain to try after the nodes; with an entry domain the caller gets a
 * {@link ClusterUnavailableException} naming both, with this one suppressed.
 *
 * @since 0.1
 */
public final class AllNodesFailedException extends ClusterUnavailableException {
  private static final long serialVersionUID = 1L;
  private final int nodeCount;

  /**
   * Creates the exception.
   *
   * @param nodeCount how many nodes were tried
   * @param lastCause the failure of the last node tried
   */
  public AllNodesFailedException(int nodeCount, Throwable lastCause) {
    super(
        "all "
            + nodeCount
            + (nodeCount == 1 ? " node" : " nodes")
            + " failed"
            + (lastCause == null || lastCause.getMessage() == null
                ? ""
                : "; last error: " + lastCause.getMessage()),
        lastCause);
    this.nodeCount = nodeCount;
  }

  /**
   * Creates the exception for a failover that stopped before trying every node.
   *
   * @param nodesTried how many nodes were tried
   * @param nodesKnown how many nodes the list held
   * @param stopReason why the remaining nodes were not tried
   * @param lastCause the failure of the last node tried
   */
  public AllNodesFailedException(
      int nodesTried, int nodesKnown, String stopReason, Throwable lastCause) {
    super(
        "gave up after "
            + nodesTried
            + " of "
            + nodesKnown
            + " nodes: "
            + stopReason
            + (lastCause == null || lastCause.getMessage() == null
                ? ""
                : "; last error: " + lastCause.getMessage()),
        lastCause);
    this.nodeCount = nodesTried;
  }

  /** Returns how many nodes were tried. */
  public int nodeCount() {
    return nodeCount;
  }
}
