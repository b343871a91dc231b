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
import io.entire.transport.application.port.out.HttpRequest;
import io.entire.transport.application.port.out.HttpResponse;
import io.entire.transport.domain.Headers;
import io.entire.transport.testkit.RecordedRequest;
import io.entire.transport.testkit.TestCluster;
import io.entire.transport.testkit.TestProxy;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * N3: against a real cluster that requires a client certificate, the certificate goes only with
 * requests marked in-cluster, also on one pool, also through a proxy tunnel.
 */
class ClientCertificateExchangeTest {
  private static TestCluster cluster;
  private static TlsSettings tls;

  @BeforeAll
  static void startCluster() throws Exception {
    cluster = TestCluster.builder().requireClientCertificate().replicas(1).repository(REPO).start();
    io.entire.transport.testkit.ClientCertificate issued = cluster.tls().clientCertificate();
    tls =
        TlsSettings.trusting(PemTrust.load(cluster.tls().caCertificateFile()))
            .withClientCertificate(
                ClientCertificate.load(issued.certificateFile(), issued.keyFile()));
  }

  @AfterAll
  static void stopCluster() {
    cluster.close();
  }

  @BeforeEach
  void forget() {
    cluster.clearRequests();
  }

  @Test
  void N3_anInClusterRequestPresentsTheClientCertificate() throws Exception {
    try (ApacheHttpExchange http = new ApacheHttpExchange(settings(ProxySettings.DIRECT, tls))) {
      assertEquals(200, status(http, withToken(infoRefs(cluster, 0)).inCluster(true)));
    }
    RecordedRequest seen = cluster.replica(0).requests().get(0);
    assertEquals(cluster.tls().clientCertificate().subject(), seen.clientCertificate());
  }

  @Test
  void N3_aRequestNotMarkedInClusterNeverPresentsItNorReusesAConnectionThatDid() throws Exception {
    HttpRequest inCluster = withToken(infoRefs(cluster, 0)).inCluster(true);
    HttpRequest outside = HttpRequest.get(infoRefs(cluster, 0), inCluster.headers());
    try (ApacheHttpExchange http = new ApacheHttpExchange(settings(ProxySettings.DIRECT, tls))) {
      assertEquals(200, status(http, inCluster)); // leaves a connection with the certificate
      // The server asks for a certificate and requires one: without it the handshake fails.
      IOException refused = assertThrows(IOException.class, () -> status(http, outside));
      assertTrue(
          refused instanceof javax.net.ssl.SSLException
              || refused instanceof java.net.SocketException,
          refused.toString());
      assertEquals(200, status(http, inCluster), "the pooled connection still serves in-cluster");
    }
    List<RecordedRequest> seen = cluster.replica(0).requests();
    assertEquals(2, seen.size(), seen.toString());
    assertTrue(seen.stream().allMatch(r -> r.clientCertificate() != null), seen.toString());
  }

  @Test
  void N3_theCertificateGoesThroughAProxyTunnelToInClusterHosts() throws Exception {
    try (TestProxy proxy = TestProxy.start();
        ApacheHttpExchange http = new ApacheHttpExchange(settings(proxy(proxy.url(), ""), tls))) {
      assertEquals(200, status(http, withToken(infoRefs(cluster, 0)).inCluster(true)));
      assertEquals("CONNECT", proxy.requests().get(0).method());
    }
    assertEquals(
        cluster.tls().clientCertificate().subject(),
        cluster.replica(0).requests().get(0).clientCertificate());
  }

  @Test
  void N3_aServerThatOnlyAsksGetsTheCertificateWithInClusterRequestsAndNeverWithOthers()
      throws Exception {
    try (RawHttpServer asking =
            RawHttpServer.startTlsAskingForCertificates(
                TestTls.serverContext(cluster.tls().trustStore()),
                c -> {
                  while (c.readRequest() != null) {
                    c.respond(200, c.clientCertificate());
                  }
                });
        ApacheHttpExchange http =
            new ApacheHttpExchange(
                new HttpSettings(
                        Duration.ofSeconds(5),
                        Duration.ofSeconds(10),
                        true, // the test server's certificate names another host
                        "entire-test")
                    .withTls(tls))) {
      HttpRequest outside = HttpRequest.get(asking.uri("/r/info/refs"), Headers.empty());
      String subject = cluster.tls().clientCertificate().subject();
      assertEquals("none", presented(http, outside));
      assertEquals(subject, presented(http, outside.inCluster(true)), "not the pooled one");
      assertEquals("none", presented(http, outside));
      assertEquals(subject, presented(http, outside.inCluster(true)));
      assertEquals(2, asking.connectionCount(), "one pooled connection of each kind");
    }
  }

  private static String presented(ApacheHttpExchange http, HttpRequest request) throws IOException {
    try (HttpResponse response = http.exchange(request, new Cancellation())) {
      return new String(response.body().readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
