package io.entire.transport.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The servers of a {@link TestCluster} and what they share: the entry, the replicas, the optional
 * token endpoint, the cluster-wide request log, the replicas header policy, the credentials never
 * recorded, the replica cache handed to clients, the authorization rule the builder gave, and the
 * cluster's own directory with its hosts file and (for https) its CA and certificates. Kept apart
 * from {@link TestCluster} so that the public class is only its API.
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
  final Path files; // the cluster's own temporary directory: hosts file, CA, client certificates
  final Path hostsFile;
  final ClusterTls tls; // null unless https
  final TokenExchangeEndpoint tokenEndpoint; // null unless the builder asked for one
  final AuthorizationRule authorization;
  final ClusterRouting routing;
  final EntryServer entry;
  private final EntryMode entryMode;

  /**
   * Creates (not yet starts) the servers; the token endpoint, when asked for, is started already.
   *
   * @param settings what the builder collected (read now, not kept)
   */
  ClusterServers(ClusterWorkspace workspace, ClusterSettings settings) {
    this.entryMode = settings.entryMode;
    int replicaCount = settings.replicas;
    String host = settings.host;
    Serving serving = new Serving(settings.https, settings.clientCertificates, settings.names);
    if (serving.names() && replicaCount > LoopbackNames.MAX_REPLICAS) {
      throw new IllegalArgumentException(
          "loopback names exist for at most " + LoopbackNames.MAX_REPLICAS + " replicas");
    }
    this.files = createFiles();
    this.cacheHome = ReplicaCacheHome.create();
    TokenExchangeEndpoint endpoint = null;
    try {
      this.hostsFile = LoopbackNames.writeHostsFile(files.resolve("hosts"));
      this.tls = serving.https() ? ClusterTls.create(files, serving.clientCertificates()) : null;
      endpoint =
          settings.tokenEndpoint
              ? TokenExchangeEndpoint.start(
                  host,
                  secrets,
                  serving.names() ? LoopbackNames.TOKEN_ENDPOINT : null,
                  tokenEndpointTls(tls, host, serving.clientCertificates()))
              : null;
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
      FileTrees.deleteQuietly(files);
      throw e;
    }
    this.tokenEndpoint = endpoint;
    this.authorization =
        settings.requireExchanged ? AuthorizationRule.exchanged(endpoint) : settings.authorization;
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
      // beyond the names the hosts file maps (only without loopbackNames) the name is unresolvable
      configure(http, "r" + i + "." + LoopbackNames.CLUSTER_DOMAIN, serving);
      replicas.add(new ReplicaServer(i, http));
    }
    LoopbackHttpServer entryHttp =
        new LoopbackHttpServer(
            "entry", host, this::serveEntry, null, log, this.authorization, secrets);
    configure(entryHttp, LoopbackNames.ENTRY, serving);
    this.entry = new EntryServer(entryHttp, entryMode);
  }

  /** https, client certificates and loopback names, as the builder gave them. */
  record Serving(boolean https, boolean clientCertificates, boolean names) {}

  /**
   * The token endpoint's TLS: it never requires a client certificate, but where the cluster does,
   * it asks for one, so its request log shows whether a client presented its cluster certificate to
   * it (N3: it must not).
   */
  private static ServerTls tokenEndpointTls(ClusterTls tls, String host, boolean asking) {
    if (tls == null) {
      return null;
    }
    ServerTls server = tls.server(LoopbackNames.TOKEN_ENDPOINT, host, false);
    return asking ? server.asking() : server;
  }

  private void configure(LoopbackHttpServer http, String name, Serving serving) {
    ServerTls serverTls =
        tls == null ? null : tls.server(name, http.host(), serving.clientCertificates());
    http.configure(serving.names() ? name : null, serverTls);
  }

  private static Path createFiles() {
    try {
      return Files.createTempDirectory("entire-testkit-cluster");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the cluster directory: " + e.getMessage(), e);
    }
  }

  private void serveEntry(Exchange ex) throws IOException {
    routing.serveEntry(ex, entry.mode());
  }

  /** See {@link TestCluster#replica(int)}. */
  ReplicaServer replica(int i) {
    if (i < 0 || i >= replicas.size()) {
      throw new IndexOutOfBoundsException(
          "replica " + i + " does not exist; the cluster has " + replicas.size());
    }
    return replicas.get(i);
  }

  /** See {@link TestCluster#tokenEndpoint()}. */
  TokenExchangeEndpoint tokenEndpoint() {
    if (tokenEndpoint == null) {
      throw new IllegalStateException(
          "this cluster has no token endpoint: start it with TestCluster.builder().tokenEndpoint()");
    }
    return tokenEndpoint;
  }

  /** See {@link TestCluster#tls()}. */
  ClusterTls tls() {
    if (tls == null) {
      throw new IllegalStateException(
          "this cluster serves plain http: start it with TestCluster.builder().https()");
    }
    return tls;
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
    FileTrees.deleteQuietly(files);
  }
}
