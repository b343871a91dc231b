package io.entire.transport.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ConnectException;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link Fault#downButAdvertised()}: a dead node the cluster has not noticed yet. */
@Timeout(60)
class DownButAdvertisedTest {

  private static final String REPO = "et/org/repo";

  @RegisterExtension
  static final TestClusterExtension cluster =
      TestClusterExtension.with(TestCluster.builder().replicas(3).repository(REPO));

  @Test
  void theDeadReplicaRefusesConnectionsButStaysInTheReplicasHeader() throws Exception {
    ReplicaServer dead = cluster.replica(1);

    dead.fault(Fault.downButAdvertised());

    assertTrue(dead.isDown());
    assertThrows(ConnectException.class, () -> new Socket(dead.host(), dead.port()).close());
    String all = String.join(",", cluster.replicaUrls());
    assertEquals(all, cluster.get().replicasHeader());
    HttpResponse<String> fromLive = Http.get(Http.infoRefs(cluster.replica(0).url(), REPO));
    assertEquals(all, fromLive.headers().firstValue(TestCluster.REPLICAS_HEADER).orElseThrow());
    assertEquals("Fault.downButAdvertised()", dead.fault().toString());
  }

  @Test
  void plainDownStillLeavesTheReplicaOut() {
    cluster.replica(1).fault(Fault.down());

    assertFalse(cluster.get().replicasHeader().contains(cluster.replica(1).url()));
    assertEquals(2, cluster.get().replicasHeader().split(",").length);
  }

  @Test
  void theEntryKeepsRedirectingToItLikeALoadBalancerThatHasNotNoticed() throws Exception {
    cluster.replica(2).fault(Fault.downButAdvertised());

    Set<String> targets = new HashSet<>();
    for (int i = 0; i < 3; i++) {
      HttpResponse<String> redirect = Http.get(Http.infoRefs(cluster.entryUrl(), REPO));
      assertEquals(307, redirect.statusCode());
      targets.add(redirect.headers().firstValue("Location").orElseThrow());
    }

    assertTrue(
        targets.stream().anyMatch(t -> t.startsWith(cluster.replica(2).url() + "/")),
        "round robin still picks the dead replica: " + targets);
  }

  @Test
  void switchingBetweenTheTwoDownsKeepsThePortClosedAndComingBackBindsItAgain() throws Exception {
    ReplicaServer replica = cluster.replica(0);
    int port = replica.port();
    replica.fault(Fault.down());
    replica.fault(Fault.downButAdvertised());

    assertThrows(ConnectException.class, () -> new Socket(replica.host(), port).close());
    assertTrue(cluster.get().replicasHeader().contains(replica.url()));

    replica.fault(Fault.none());

    assertEquals(port, replica.port());
    assertEquals(200, Http.get(Http.infoRefs(replica.url(), REPO)).statusCode());
    assertTrue(Fault.downButAdvertised().isAdvertised() && !Fault.down().isAdvertised());
    assertThrows(IllegalStateException.class, () -> Fault.downButAdvertised().onlyFor("GET", "/x"));
  }
}
