package io.entire.transport.testkit;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The servers of a {@link TestCluster} and what they share: the entry, the replicas, the optional
 * token endpoint, the cluster-wide request log, the replicas header policy, the credentials never
 * recorded, the replica cache handed to clients, and the authorization rule the builder gave. Kept
 * apart from {@link TestCluster} so that the public class is only its API.
 *
 * <p>Thread-safe after construction (see the parts). {@link #close()} releases everything; a failed
 * construction releases what it had made.
 */
final class ClusterServers {

  final RequestLog log = new RequestLog();
  final List<ReplicaServer> replicas = new ArrayList<>();
  final ReplicasHeaderPolicy replicasHeader = new ReplicasHeaderPolicy(replicas);
  final KnownSecrets secrets = new KnownSecrets();
  final ReplicaCacheHome cacheHome;
  final TokenExchangeEndpoint tokenEndpoint; // null unless the builder asked for one
  final AuthorizationRule authorization;
  final ClusterRouting routing;
  final EntryServer entry;
  private final EntryMode entryMode;

  /**
   * Creates (not yet starts) the servers; the token endpoint, when asked for, is started already.
   *
   * @param authorization the builder's rule, or null (ignored when {@code requireExchanged})
   */
  ClusterServers(
      ClusterWorkspace workspace,
      int replicaCount,
      String host,
      EntryMode entryMode,
      AuthorizationRule authorization,
      boolean tokenEndpoint,
      boolean requireExchanged) {
    this.entryMode = entryMode;
    this.cacheHome = ReplicaCacheHome.create();
    TokenExchangeEndpoint endpoint = null;
    try {
      endpoint = tokenEndpoint ? TokenExchangeEndpoint.start(host, secrets) : null;
      IsolatedGit git = workspace.git();
      this.routing =
          new ClusterRouting(
              new GitHttpBackend(GitHttpBackend.locate(git), workspace.root(), git),
              replicas,
              replicasHeader);
    } catch (RuntimeException e) {
      if (endpoint != null) {
        endpoint.close();
      }
      cacheHome.close();
      throw e;
    }
    this.tokenEndpoint = endpoint;
    this.authorization = requireExchanged ? AuthorizationRule.exchanged(endpoint) : authorization;
    for (int i = 0; i < replicaCount; i++) {
      LoopbackHttpServer http =
          new LoopbackHttpServer(
              "replica-" + i,
              host,
              routing::serveReplica,
              replicasHeader::headers,
              log,
              this.authorization,
              secrets);
      replicas.add(new ReplicaServer(i, http));
    }
    this.entry =
        new EntryServer(
            new LoopbackHttpServer(
                "entry", host, this::serveEntry, null, log, this.authorization, secrets),
            entryMode);
  }

  private void serveEntry(Exchange ex) throws IOException {
    routing.serveEntry(ex, entry.mode());
  }

  /** Binds every replica, then the entry. */
  void start() throws IOException {
    for (ReplicaServer replica : replicas) {
      replica.http.start();
    }
    entry.http.start();
  }

  /** The replicas in index order, then the entry. */
  List<TestServer> servers() {
    List<TestServer> all = new ArrayList<>(replicas);
    all.add(entry);
    return all;
  }

  /** See {@link TestCluster#clearRequests()}. */
  void clearRequests() {
    log.clear();
    servers().forEach(TestServer::clearRequests);
  }

  /** See {@link TestCluster#reset()}. */
  void reset() {
    for (TestServer server : servers()) {
      server.fault(Fault.none());
      server.http.authorization(authorization);
    }
    entry.mode(entryMode);
    replicasHeader.live();
    routing.restartRoundRobin();
    clearRequests();
    if (tokenEndpoint != null) {
      tokenEndpoint.reset();
    }
  }

  /** Closes every server (ending hanging requests) and deletes the replica caches. */
  void close() {
    servers().forEach(server -> server.http.close());
    if (tokenEndpoint != null) {
      tokenEndpoint.close();
    }
    cacheHome.close();
  }
}
