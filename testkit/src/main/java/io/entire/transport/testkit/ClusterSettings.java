package io.entire.transport.testkit;

import java.io.IOException;
import java.nio.file.Path;

/**
 * What a {@link TestCluster.Builder} collected, and starting a cluster from it. The builder writes
 * the fields; {@link #start()} reads them once, so a started cluster keeps no reference to them and
 * the builder may go on changing them for the next cluster.
 *
 * <p>Not thread-safe, like the builder that owns it.
 */
final class ClusterSettings {

  int replicas = 3;
  Path root;
  final RepositorySeeds repositories = new RepositorySeeds();
  EntryMode entryMode = EntryMode.REDIRECT_WITH_REPLICAS;
  AuthorizationRule authorization; // null: anonymous, or the token endpoint's rule
  boolean tokenEndpoint;
  boolean requireExchanged;
  String host = "127.0.0.1";
  boolean https;
  boolean clientCertificates;
  boolean names;

  /** A {@code require...} rule, replacing the token endpoint's. */
  void authorize(AuthorizationRule rule) {
    authorization = rule;
    requireExchanged = false;
  }

  void replicas(int count) {
    if (count < 1) {
      throw new IllegalArgumentException("a cluster needs at least 1 replica, got " + count);
    }
    replicas = count;
  }

  void repository(String path, long payloadBytes) {
    if (payloadBytes < 0) {
      throw new IllegalArgumentException("payloadBytes must be >= 0, got " + payloadBytes);
    }
    repositories.seeded(path, payloadBytes);
  }

  /** Creates the workspace and repositories and starts the servers; on failure releases all. */
  TestCluster start() {
    ClusterWorkspace workspace = ClusterWorkspace.open(root);
    ClusterServers servers = null;
    try {
      servers = new ClusterServers(workspace, this);
      repositories.createAll(workspace.git(), workspace.root());
      servers.start();
      return new TestCluster(workspace, servers);
    } catch (IOException | RuntimeException e) {
      if (servers != null) {
        servers.close();
      }
      workspace.close();
      throw ClusterWorkspace.startFailure(e);
    }
  }
}
