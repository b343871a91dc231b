package io.entire.transport.adapters.http;

import static io.entire.transport.adapters.http.NetworkFixture.REPO;
import static io.entire.transport.adapters.http.NetworkFixture.infoRefs;
import static io.entire.transport.adapters.http.NetworkFixture.proxy;
import static io.entire.transport.adapters.http.NetworkFixture.settings;
import static io.entire.transport.adapters.http.NetworkFixture.status;
import static io.entire.transport.adapters.http.NetworkFixture.withToken;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.entire.transport.application.port.in.Cancellation;
import io.entire.transport.application.port.out.FirstConnection;
import io.entire.transport.application.port.out.HttpRequest;
import io.entire.transport.domain.ProxyAuthenticationException;
import io.entire.transport.testkit.Fault;
import io.entire.transport.testkit.RecordedRequest;
import io.entire.transport.testkit.TestCluster;
import io.entire.transport.testkit.TestProxy;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * D1 through a proxy (N1): the race is between {@code CONNECT} tunnels, and the tunnel that wins
 * carries the request, TLS and all, to an https cluster whose first replica drops every SYN.
 */
@Timeout(60)
class FastFallbackThroughProxyTest {
  private static final Duration STAGGER = Duration.ofMillis(250);

  private static TestCluster https;
  private TestProxy proxy;

  @BeforeAll
  static void startCluster() throws Exception {
    https = TestCluster.builder().https().replicas(2).repository(REPO).start();
  }

  @AfterAll
  static void stopCluster() {
    https.close();
  }

  @BeforeEach
  void start() {
    https.reset();
    https.replica(0).fault(Fault.blackhole());
    proxy = TestProxy.start();
  }

  @AfterEach
  void stopProxy() {
    proxy.close();
  }

  private ApacheHttpExchange through(String proxyUrl) throws Exception {
    return new ApacheHttpExchange(
        settings(
            proxy(proxyUrl, ""),
            TlsSettings.trusting(PemTrust.load(https.tls().caCertificateFile()))));
  }

  private List<String> connects() {
    return proxy.requests().stream()
        .filter(r -> r.method().equals("CONNECT"))
        .map(RecordedRequest::pathAndQuery)
        .toList();
  }

  @Test
  void D1_theRaceIsBetweenTunnelsAndTheWinningTunnelCarriesTheRequest() throws Exception {
    HttpRequest blackholed = withToken(infoRefs(https, 0));
    HttpRequest healthy = withToken(infoRefs(https, 1));
    try (ApacheHttpExchange client = through(proxy.url())) {
      long start = System.nanoTime();
      FirstConnection first =
          client.connectFirst(
              List.of(blackholed.inCluster(true), healthy.inCluster(true)),
              STAGGER,
              new Cancellation(),
              (target, cause) -> {});
      long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

      assertEquals(1, first.winner());
      assertTrue(millis < 600, "tunnel up after " + millis + " ms");
      assertEquals(200, status(client, healthy.inCluster(true)));
    }
    String healthyAuthority = "127.0.0.1:" + https.replica(1).port();
    assertEquals(
        1,
        connects().stream().filter(healthyAuthority::equals).count(),
        "one tunnel to the healthy replica, opened by the race and used by the request: "
            + connects());
    assertEquals(1, https.replica(1).requests().size());
  }

  @Test
  void D1_aTunnelTheProxyRefusesIsReportedByTheExchangeAsAlways() throws Exception {
    https.replica(0).fault(Fault.none());
    proxy.requireBasic("alice", "right");
    String wrong = "http://alice:wrong@127.0.0.1:" + proxy.port();
    try (ApacheHttpExchange client = through(wrong)) {
      HttpRequest first = withToken(infoRefs(https, 0)).inCluster(true);
      FirstConnection race =
          client.connectFirst(
              List.of(first, withToken(infoRefs(https, 1)).inCluster(true)),
              STAGGER,
              new Cancellation(),
              (target, cause) -> {});

      assertEquals(0, race.winner(), "the proxy answered: that node is up as far as a race goes");
      assertThrows(ProxyAuthenticationException.class, () -> status(client, first));
    }
  }
}
