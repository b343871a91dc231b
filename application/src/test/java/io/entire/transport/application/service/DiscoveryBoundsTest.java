package io.entire.transport.application.service;

import static io.entire.transport.application.service.ScriptedHttpExchange.ok;
import static io.entire.transport.application.service.ScriptedHttpExchange.okWithReplicas;
import static io.entire.transport.application.service.ScriptedHttpExchange.redirectWithReplicas;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.entire.transport.application.port.out.TransportEventListener;
import io.entire.transport.domain.AllNodesFailedException;
import io.entire.transport.domain.GitService;
import io.entire.transport.domain.ReplicaSet;
import io.entire.transport.domain.TransportException;
import java.io.IOException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Bounds on what a long replica list can cost one discovery call (issue: hardening, "Also"). */
class DiscoveryBoundsTest extends TransportTestSupport {
  private final AtomicLong now = new AtomicLong();

  /** A service whose client has {@code connectTimeout}, on the fake clock. */
  private ReplicaTransportService serviceWithClock(Duration connectTimeout) {
    return new ReplicaTransportService(
        config.build(),
        new ClientParts(
            http,
            credentials,
            cache,
            random,
            TestPublicSuffixes.INSTANCE,
            now::get,
            connectTimeout,
            TransportEventListener.NONE));
  }

  /** A node that swallows the SYN: the attempt fails after the whole connect timeout. */
  private ScriptedHttpExchange.Reply connectTimesOut(Duration timeout) {
    return (request, cancellation, bodyRead) -> {
      now.addAndGet(timeout.toNanos());
      throw new ConnectException("Connect timed out");
    };
  }

  private static List<String> replicas(int count) {
    List<String> urls = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      urls.add("https://r" + i + ".eu.example.dev");
    }
    return urls;
  }

  @Test
  void hardening_replicaHeader_onlyTheFirst32InClusterReplicasAreUsed() throws IOException {
    List<String> advertised = new ArrayList<>(List.of("https://evil.example.com"));
    advertised.addAll(replicas(40));
    http.script(ENTRY, okWithReplicas("refs", String.join(",", advertised)));
    ReplicaTransportService service = service();

    assertEquals("refs", read(service.infoRefs(GitService.UPLOAD_PACK)));

    assertEquals(ReplicaSet.MAX_REPLICAS, service.currentNodes().size());
    assertEquals(nodes(replicas(32).toArray(String[]::new)), service.currentNodes());
    assertEquals(nodes(replicas(32).toArray(String[]::new)), cache.writes.get(0).nodes());
  }

  @Test
  void hardening_replicaHeader_deadReplicasCostAtMostThreeConnectTimeoutsPerDiscovery() {
    Duration connectTimeout = Duration.ofSeconds(2);
    config.entryUrl((String) null).clusterHost("eu.example.dev");
    List<String> dead = replicas(10);
    config.initialNodes(nodes(dead.toArray(String[]::new)));
    for (String node : dead) {
      http.script(node, connectTimesOut(connectTimeout));
    }
    ReplicaTransportService service = serviceWithClock(connectTimeout);

    AllNodesFailedException e =
        assertThrows(AllNodesFailedException.class, () -> service.infoRefs(GitService.UPLOAD_PACK));

    assertEquals(3, http.sent().size(), "three connect timeouts, then stop");
    assertEquals(Duration.ofSeconds(6).toNanos(), now.get());
    assertTrue(
        e.getMessage()
            .startsWith(
                "gave up after 3 of 10 nodes: failed connection attempts took over 6000 ms;"
                    + " last error: "),
        e.getMessage());
    assertEquals(7, service.currentNodes().size(), "untried nodes stay for the next call");
  }

  @Test
  void hardening_replicaHeader_theBudgetSpansWarmPathAndEntryRedirect() {
    Duration connectTimeout = Duration.ofSeconds(2);
    List<String> cached = replicas(2);
    List<String> advertised = List.of(A, B, C);
    for (String node : cached) {
      http.script(node, connectTimesOut(connectTimeout));
    }
    for (String node : advertised) {
      http.script(node, connectTimesOut(connectTimeout));
    }
    http.script(ENTRY, redirectWithReplicas(A + UPLOAD_REFS, String.join(",", advertised)));
    cache.put("eu.example.dev", REPO, nodes(cached.toArray(String[]::new)));
    ReplicaTransportService service = serviceWithClock(connectTimeout);

    TransportException e =
        assertThrows(TransportException.class, () -> service.infoRefs(GitService.UPLOAD_PACK));

    // Two cached replicas (4 s), the entry, then one advertised replica (6 s): budget spent.
    assertEquals(
        List.of(cached.get(0), cached.get(1), ENTRY, A).stream()
            .map(o -> io.entire.transport.domain.NodeUrl.of(o).toString())
            .toList(),
        http.origins());
    assertTrue(e.getMessage().contains("gave up after 1 of 3 nodes"), e.getMessage());
  }

  /**
   * Issue 9 item 6: the connect timeout is a client setting, so the budget comes from the client's
   * parts; a connect timeout left in the repository's configuration (deprecated) is not read.
   */
  @Test
  @SuppressWarnings("deprecation") // sets the configuration's connect timeout to show it is unused
  void hardening_replicaHeader_theBudgetIsThreeOfTheClientsConnectTimeouts_notTheConfigurations() {
    Duration clientConnectTimeout = Duration.ofSeconds(5);
    config
        .connectTimeout(Duration.ofSeconds(1))
        .entryUrl((String) null)
        .clusterHost("eu.example.dev");
    List<String> dead = replicas(10);
    config.initialNodes(nodes(dead.toArray(String[]::new)));
    for (String node : dead) {
      http.script(node, connectTimesOut(clientConnectTimeout));
    }
    ReplicaTransportService service = serviceWithClock(clientConnectTimeout);

    AllNodesFailedException e =
        assertThrows(AllNodesFailedException.class, () -> service.infoRefs(GitService.UPLOAD_PACK));

    assertEquals(3, http.sent().size(), "three of the client's connect timeouts, then stop");
    assertEquals(Duration.ofSeconds(15).toNanos(), now.get());
    assertTrue(
        e.getMessage()
            .startsWith(
                "gave up after 3 of 10 nodes: failed connection attempts took over 15000 ms;"),
        e.getMessage());
  }

  @Test
  void hardening_replicaHeader_aClientsConnectTimeoutMustBePositive() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> serviceWithClock(Duration.ZERO));

    assertEquals("connectTimeout must be positive: PT0S", e.getMessage());
  }

  @Test
  void hardening_replicaHeader_serviceRpcsAreNotBudgeted() throws IOException {
    Duration connectTimeout = Duration.ofSeconds(2);
    List<String> dead = replicas(5);
    for (String node : dead) {
      http.script(node, connectTimesOut(connectTimeout));
    }
    http.script(A, ok("pack"));
    List<String> all = new ArrayList<>(dead);
    all.add(A);
    cache.put("eu.example.dev", REPO, nodes(all.toArray(String[]::new)));
    ReplicaTransportService service = serviceWithClock(connectTimeout);

    assertEquals(
        "pack",
        read(
            service.serviceRpc(
                GitService.UPLOAD_PACK,
                io.entire.transport.application.port.in.RequestBody.ofBytes(new byte[] {'0'}))));
    assertEquals(6, http.sent().size());
  }
}
