package io.entire.transport.application.service;

import io.entire.transport.application.port.in.NodeFailedListener;
import io.entire.transport.domain.NodeUrl;
import java.util.ArrayList;
import java.util.List;

/** Records every failed node and its cause. */
final class RecordingNodeFailedListener implements NodeFailedListener {
  /** One notification. */
  record Failure(NodeUrl node, Exception cause) {}

  final List<Failure> failures = new ArrayList<>();

  @Override
  public void nodeFailed(NodeUrl node, Exception cause) {
    failures.add(new Failure(node, cause));
  }

  List<NodeUrl> nodes() {
    return failures.stream().map(Failure::node).toList();
  }
}
