package io.entire.transport.testkit;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * What the servers of a {@link TestCluster} answer once faults and authorization let a request
 * through: a replica serves it through {@code git http-backend}; the entry answers by its {@link
 * EntryMode}, redirecting round robin over the replicas that are advertised (not {@link
 * Fault#down()}).
 *
 * <p>Thread-safe: called by every connection thread of the cluster; the round robin is atomic.
 */
final class ClusterRouting {

  private final GitHttpBackend backend;
  private final List<ReplicaServer> replicas;
  private final ReplicasHeaderPolicy replicasHeader;
  private final AtomicInteger roundRobin = new AtomicInteger();

  ClusterRouting(
      GitHttpBackend backend, List<ReplicaServer> replicas, ReplicasHeaderPolicy replicasHeader) {
    this.backend = backend;
    this.replicas = replicas;
    this.replicasHeader = replicasHeader;
  }

  /** Answers a request to a replica. */
  void serveReplica(Exchange ex) throws IOException {
    serveThroughGit(ex, new HttpHeaders());
  }

  /** Answers a request to the entry in {@code mode}. */
  void serveEntry(Exchange ex, EntryMode mode) throws IOException {
    switch (mode.kind()) {
      case REDIRECT_WITH_REPLICAS, REDIRECT_WITHOUT_REPLICAS -> {
        Optional<ReplicaServer> target = nextLiveReplica();
        if (target.isEmpty()) {
          ex.respondText(503, "no replica available: all replicas are down\n");
          return;
        }
        String header =
            mode.kind() == EntryMode.Kind.REDIRECT_WITH_REPLICAS ? replicasHeader.value() : null;
        redirect(ex, target.get().url(), header);
      }
      case SERVE -> serveThroughGit(ex, replicasHeader.headers());
      case STATUS -> ex.respondText(mode.status(), mode.body());
      case REDIRECT_TO -> redirect(ex, mode.redirectBase(), mode.replicasHeader());
    }
  }

  /** Makes the next redirect go to replica 0 (or the first live one after it) again. */
  void restartRoundRobin() {
    roundRobin.set(0);
  }

  private void serveThroughGit(Exchange ex, HttpHeaders extraHeaders) throws IOException {
    String credentials = ex.head().header("Authorization");
    String remoteUser = credentials == null ? null : AuthorizationRule.remoteUser(credentials);
    backend.serve(ex, remoteUser, extraHeaders, ex.server().threads());
  }

  private Optional<ReplicaServer> nextLiveReplica() {
    // a replica downButAdvertised is still picked: the load balancer has not noticed it either
    List<ReplicaServer> live = replicas.stream().filter(r -> r.fault().isAdvertised()).toList();
    if (live.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(live.get(Math.floorMod(roundRobin.getAndIncrement(), live.size())));
  }

  private static void redirect(Exchange ex, String base, String replicasHeader) throws IOException {
    HttpHeaders headers = new HttpHeaders().add("Location", base + ex.head().target());
    if (replicasHeader != null) {
      headers.add(TestCluster.REPLICAS_HEADER, replicasHeader);
    }
    ex.respond(307, headers, new byte[0]);
  }
}
