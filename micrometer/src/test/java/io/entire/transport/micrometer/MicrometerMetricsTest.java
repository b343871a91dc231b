package io.entire.transport.micrometer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.entire.transport.adapters.auth.StaticTokenCredentials;
import io.entire.transport.adapters.cache.FileReplicaCache;
import io.entire.transport.adapters.http.ApacheHttpExchange;
import io.entire.transport.adapters.http.HttpClientPublicSuffixList;
import io.entire.transport.adapters.http.HttpSettings;
import io.entire.transport.application.port.in.HeaderCustomizer;
import io.entire.transport.application.port.in.RequestBody;
import io.entire.transport.application.port.in.TransportConfig;
import io.entire.transport.application.port.out.MonotonicClock;
import io.entire.transport.application.service.ClientParts;
import io.entire.transport.application.service.ReplicaTransportService;
import io.entire.transport.domain.GitService;
import io.entire.transport.domain.Headers;
import io.entire.transport.domain.NodeUrl;
import io.entire.transport.testkit.Fault;
import io.entire.transport.testkit.TestCluster;
import io.entire.transport.testkit.TestClusterExtension;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * O2: real transports (HTTP adapter, static token, file replica cache) against a real testkit
 * cluster with faults, their events bound to a {@link SimpleMeterRegistry}.
 */
class MicrometerMetricsTest {
  private static final String TOKEN = "metrics-token-5d21";
  private static final String REPO = "/et/org/repo";
  private static final String UPLOAD_PACK = GitService.UPLOAD_PACK.serviceName();

  @RegisterExtension
  static final TestClusterExtension CLUSTER =
      TestClusterExtension.with(
          TestCluster.builder().replicas(3).repository("et/org/repo").requireBearer(TOKEN));

  @TempDir Path dir;

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

  static Stream<Arguments> brokenReplicas() {
    return Stream.of(
        Arguments.of(Fault.down(), "connect"),
        Arguments.of(Fault.status(503), "status_5xx"),
        Arguments.of(Fault.reset(), "reset"),
        Arguments.of(Fault.hang(), "timeout"));
  }

  @ParameterizedTest(name = "O2 a replica failing with {0} is counted as {1}")
  @MethodSource("brokenReplicas")
  void O2_aFailingReplicaIsTimedAndCountedByItsCategory(Fault fault, String category)
      throws IOException {
    CLUSTER.replica(0).fault(fault);
    byte[] refs;
    try (Transport transport = warmTransport()) {
      refs = readAll(transport.service.infoRefs(GitService.UPLOAD_PACK));
    }

    String failed = tagOf(CLUSTER.replica(0).url());
    String answered = tagOf(CLUSTER.replica(1).url());
    assertEquals(
        1.0, counter(MicrometerEventListener.FAILOVER, "node", failed, "reason", category));
    // The failed attempt has the same category: a 503 response is status_5xx, the others got none.
    assertEquals(1, attempt(failed, category).count());
    assertEquals(1, attempt(answered, "status_2xx").count());
    assertTrue(attempt(answered, "status_2xx").totalTime(TimeUnit.NANOSECONDS) > 0);
    DistributionSummary received =
        registry.get(MicrometerEventListener.BYTES_RECEIVED).tag("service", UPLOAD_PACK).summary();
    assertTrue(received.totalAmount() >= refs.length, "the advertisement's bytes were counted");
    assertEquals(
        1,
        registry
            .get(MicrometerEventListener.CALL)
            .tags("service", UPLOAD_PACK, "kind", "discovery", "outcome", "success")
            .timer()
            .count());
    assertBoundedTags();
  }

  @Test
  void O2_theColdPathAndTheReplicaCacheAreCounted() throws IOException {
    try (Transport cold = transport(b -> {})) {
      readAll(cold.service.infoRefs(GitService.UPLOAD_PACK));
    }
    assertEquals(1.0, counter(MicrometerEventListener.CACHE, "result", "miss"));
    assertEquals(
        1.0, counter(MicrometerEventListener.COLD_PATH, "service", UPLOAD_PACK), "W3: cold");
    assertTrue(counter(MicrometerEventListener.CACHE, "result", "write") >= 1.0, "K2: stored");

    try (Transport warm = transport(b -> {})) {
      readAll(warm.service.infoRefs(GitService.UPLOAD_PACK));
    }
    assertEquals(1.0, counter(MicrometerEventListener.CACHE, "result", "hit"), "the cache served");
    assertEquals(1.0, counter(MicrometerEventListener.COLD_PATH, "service", UPLOAD_PACK));
    assertBoundedTags();
  }

  @Test
  void O2_aServiceRpcRecordsTheBytesItSentAndRead() throws IOException {
    byte[] lsRefs = "0014command=ls-refs\n0000".getBytes(StandardCharsets.US_ASCII);
    byte[] answer;
    try (Transport transport = warmTransport()) {
      answer =
          readAll(
              transport.service.serviceRpc(
                  GitService.UPLOAD_PACK,
                  RequestBody.ofBytes(lsRefs),
                  HeaderCustomizer.set("Git-Protocol", "version=2")));
    }
    assertTrue(new String(answer, StandardCharsets.UTF_8).contains("refs/heads/main"));
    DistributionSummary sent =
        registry.get(MicrometerEventListener.BYTES_SENT).tag("service", UPLOAD_PACK).summary();
    assertEquals(lsRefs.length, sent.totalAmount());
    DistributionSummary received =
        registry.get(MicrometerEventListener.BYTES_RECEIVED).tag("service", UPLOAD_PACK).summary();
    assertEquals(answer.length, received.totalAmount());
    assertEquals(
        1,
        registry
            .get(MicrometerEventListener.CALL)
            .tags("kind", "rpc", "outcome", "success")
            .timer()
            .count());
  }

  /** Every tag value is short and fixed-form: nodes are origins, nothing carries a secret. */
  private void assertBoundedTags() {
    List<Meter> meters = registry.getMeters();
    assertFalse(meters.isEmpty());
    for (Meter meter : meters) {
      for (Tag tag : meter.getId().getTags()) {
        String value = tag.getValue();
        assertFalse(value.contains(TOKEN), "a credential in " + meter.getId());
        assertFalse(value.contains(REPO), "a repository path in " + meter.getId());
        if (tag.getKey().equals("node")) {
          assertTrue(value.matches("https?://[^/?#]+:[0-9]+"), "node tag " + value);
        } else {
          assertTrue(value.matches("[a-z0-9_-]+"), tag + " of " + meter.getId());
        }
      }
    }
  }

  private Timer attempt(String node, String outcome) {
    Timer timer =
        registry
            .find(MicrometerEventListener.ATTEMPT)
            .tags("node", node, "service", UPLOAD_PACK, "outcome", outcome)
            .timer();
    assertNotNull(timer, "no attempt timer " + node + " " + outcome + " in " + meterIds());
    return timer;
  }

  private double counter(String name, String... tags) {
    Counter counter = registry.find(name).tags(tags).counter();
    assertNotNull(counter, "no counter " + name + " " + List.of(tags) + " in " + meterIds());
    return counter.count();
  }

  private List<String> meterIds() {
    return registry.getMeters().stream().map(m -> m.getId().toString()).toList();
  }

  private static String tagOf(String baseUrl) {
    return MicrometerEventListener.node(NodeUrl.of(baseUrl));
  }

  private static byte[] readAll(InputStream in) throws IOException {
    try (in) {
      return in.readAllBytes();
    }
  }

  /** A transport whose node list starts as the three replicas in index order (warm path, F1). */
  private Transport warmTransport() {
    List<NodeUrl> replicas = CLUSTER.replicaUrls().stream().map(NodeUrl::of).toList();
    return transport(b -> b.initialNodes(replicas));
  }

  @SuppressWarnings("deprecation") // the test's client settings ride on its configuration
  private Transport transport(Consumer<TransportConfig.Builder> tweak) {
    TransportConfig.Builder builder =
        TransportConfig.builder()
            .entryUrl(CLUSTER.entryUrl())
            .repoPath(REPO)
            .connectTimeout(Duration.ofSeconds(1))
            .readTimeout(Duration.ofSeconds(2));
    tweak.accept(builder);
    return new Transport(builder.build(), dir.resolve("nodes.json"), registry);
  }

  /** One transport over the real adapters; closing it closes its connection pool. */
  private static final class Transport implements AutoCloseable {
    final ReplicaTransportService service;
    private final ApacheHttpExchange http;

    @SuppressWarnings("deprecation") // the test's client settings ride on its configuration
    Transport(TransportConfig config, Path cacheFile, SimpleMeterRegistry registry) {
      this.http =
          new ApacheHttpExchange(
              new HttpSettings(
                  config.connectTimeout(),
                  config.readTimeout(),
                  config.skipTlsVerify(),
                  config.userAgent(),
                  config.lowSpeedLimit()));
      this.service =
          new ReplicaTransportService(
              config,
              new ClientParts(
                  http,
                  new StaticTokenCredentials(TOKEN),
                  new FileReplicaCache(cacheFile, Clock.systemUTC()),
                  bound -> 0, // replica 0 first
                  HttpClientPublicSuffixList.getDefault(),
                  MonotonicClock.SYSTEM,
                  config.connectTimeout(),
                  new MicrometerEventListener(registry),
                  Headers.empty(),
                  Duration.ZERO)); // no hedging (D2): a hanging replica fails over (F2)
    }

    @Override
    public void close() {
      http.close();
    }
  }
}
