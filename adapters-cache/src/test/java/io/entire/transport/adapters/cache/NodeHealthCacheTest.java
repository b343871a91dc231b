package io.entire.transport.adapters.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.entire.transport.domain.NodeHealth;
import io.entire.transport.domain.NodeUrl;
import io.entire.transport.domain.ReplicaHealth;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Health records in the replica cache file and the client's memory (D3, D4, K6, format v2). */
class NodeHealthCacheTest {
  private static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");
  private static final String CLUSTER = "git.example.dev";
  private static final String REPO = "/team/service.git";
  private static final NodeUrl R1 = NodeUrl.of("https://r1.eu.example.dev");
  private static final NodeUrl R2 = NodeUrl.of("https://r2.eu.example.dev:8443");
  private static final NodeUrl R3 = NodeUrl.of("https://r3.eu.example.dev");

  @TempDir Path dir;
  private Path file;
  private MutableClock clock;
  private FileReplicaCache cache;

  @BeforeEach
  void setUp() {
    file = dir.resolve("entire").resolve("nodes.json");
    clock = new MutableClock(T0);
    cache = new FileReplicaCache(file, clock);
  }

  private void writeFile(String content) throws IOException {
    Files.createDirectories(file.getParent());
    Files.writeString(file, content);
    // The file's time bounds what it may claim (K2, D3): make it "written now" on the test clock.
    Files.setLastModifiedTime(file, FileTime.from(T0));
  }

  private Optional<NodeHealth> record(ReplicaHealth health, NodeUrl node) {
    return Optional.ofNullable(health.records().get(node));
  }

  @Test
  void K6_D3_aFailureIsCountedInTheEntryWhichStaysWhole() {
    cache.store(CLUSTER, REPO, List.of(R1, R2));

    assertEquals(
        Optional.of(new NodeHealth(1, T0.plusSeconds(30))), cache.recordFailure(CLUSTER, REPO, R1));
    clock.advance(Duration.ofSeconds(40));
    assertEquals(
        Optional.of(new NodeHealth(2, T0.plusSeconds(100))),
        cache.recordFailure(CLUSTER, REPO, R1));

    assertEquals(List.of(R1, R2), cache.load(CLUSTER, REPO), "K6: the entry stays");
    ReplicaHealth health = new FileReplicaCache(file, clock).health(CLUSTER, REPO);
    assertEquals(Optional.of(new NodeHealth(2, T0.plusSeconds(100))), record(health, R1));
    assertTrue(health.isEjected(R1));
    assertFalse(health.isEjected(R2));
  }

  @Test
  void D3_noEntryOrAnUnlistedNodeRecordsNothing() {
    assertEquals(Optional.empty(), cache.recordFailure(CLUSTER, REPO, R1));
    assertFalse(Files.exists(file), "a failure never creates the file");
    cache.store(CLUSTER, REPO, List.of(R1));
    assertEquals(Optional.empty(), cache.recordFailure(CLUSTER, REPO, R3));
    assertEquals(Map.of(), cache.health(CLUSTER, REPO).records());
  }

  @Test
  void D3_aSuccessClearsTheRecordAndWritesNothingWithoutOne() throws IOException {
    cache.store(CLUSTER, REPO, List.of(R1, R2));
    cache.recordFailure(CLUSTER, REPO, R1);
    FileTime before = Files.getLastModifiedTime(file);
    String content = Files.readString(file);

    assertFalse(cache.recordSuccess(CLUSTER, REPO, R2), "R2 had no record");
    assertEquals(content, Files.readString(file));
    assertEquals(before, Files.getLastModifiedTime(file));

    assertTrue(cache.recordSuccess(CLUSTER, REPO, R1));
    assertEquals(Map.of(), new FileReplicaCache(file, clock).health(CLUSTER, REPO).records());
  }

  @Test
  void D3_failuresRecordedByTwoProcessesAddUp() {
    FileReplicaCache other = new FileReplicaCache(file, clock); // another process, same file
    cache.store(CLUSTER, REPO, List.of(R1, R2));
    cache.recordFailure(CLUSTER, REPO, R1);
    assertEquals(2, other.recordFailure(CLUSTER, REPO, R1).orElseThrow().consecutiveFailures());
    other.recordFailure(CLUSTER, REPO, R2);
    assertEquals(3, cache.recordFailure(CLUSTER, REPO, R1).orElseThrow().consecutiveFailures());
    assertEquals(
        1,
        record(cache.health(CLUSTER, REPO), R2).orElseThrow().consecutiveFailures(),
        "the other process's record of R2 is kept");
  }

  @Test
  void D4_aNewListKeepsTheRecordsOfTheNodesItStillNames() {
    cache.store(CLUSTER, REPO, List.of(R1, R2));
    cache.recordFailure(CLUSTER, REPO, R1);
    cache.recordFailure(CLUSTER, REPO, R2);

    cache.store(CLUSTER, REPO, List.of(R2, R3));

    ReplicaHealth health = cache.health(CLUSTER, REPO);
    assertEquals(List.of(R2, R3), cache.load(CLUSTER, REPO));
    assertEquals(Map.of(R2, new NodeHealth(1, T0.plusSeconds(30))), health.records());
  }

  @Test
  void D3_theFileDeclaresVersion2AndHoldsTheRecords() throws IOException {
    cache.store(CLUSTER, REPO, List.of(R1, R2));
    cache.recordFailure(CLUSTER, REPO, R2);
    assertEquals(
        "{\n"
            + "  \"$version\" : 2,\n"
            + "  \"git.example.dev\" : {\n"
            + "    \"/team/service.git\" : {\n"
            + "      \"nodes\" : [ \"https://r1.eu.example.dev\", \"https://r2.eu.example.dev:8443\" ],\n"
            + "      \"expiresAt\" : \"2025-03-02T10:00:00Z\",\n"
            + "      \"health\" : {\n"
            + "        \"https://r2.eu.example.dev:8443\" : {\n"
            + "          \"failures\" : 1,\n"
            + "          \"ejectedUntil\" : \"2025-03-01T10:00:30Z\"\n"
            + "        }\n"
            + "      }\n"
            + "    }\n"
            + "  }\n"
            + "}",
        Files.readString(file));
  }

  @Test
  void D3_aVersion1FileWithoutHealthStillReadsAndIsUpgradedOnTheNextWrite() throws IOException {
    writeFile(
        """
        {
          "git.example.dev": {
            "/team/service.git": {
              "nodes": ["https://r1.eu.example.dev", "https://r2.eu.example.dev:8443"],
              "expiresAt": "2025-03-01T20:00:00Z"
            }
          }
        }
        """);

    assertEquals(List.of(R1, R2), cache.load(CLUSTER, REPO));
    assertEquals(Map.of(), cache.health(CLUSTER, REPO).records());
    assertTrue(cache.recordFailure(CLUSTER, REPO, R1).isPresent());
    String upgraded = Files.readString(file);
    assertTrue(upgraded.contains("\"$version\" : 2"), upgraded);
    assertTrue(upgraded.contains("\"2025-03-01T20:00:00Z\""), "the expiry is kept: " + upgraded);
  }

  @Test
  void D3_aLaterVersionIsReadForWhatThisVersionKnows() throws IOException {
    writeFile(
        """
        {"$version": 7, "git.example.dev": {"/team/service.git": {
          "nodes": ["https://r1.eu.example.dev"], "expiresAt": "2025-03-01T20:00:00Z",
          "health": {"https://r1.eu.example.dev": {"failures": 2,
            "ejectedUntil": "2025-03-01T10:01:00Z", "probe": {"x": 1}}},
          "weights": [1, 2]}}}
        """);
    assertEquals(List.of(R1), cache.load(CLUSTER, REPO));
    assertEquals(
        Map.of(R1, new NodeHealth(2, Instant.parse("2025-03-01T10:01:00Z"))),
        cache.health(CLUSTER, REPO).records());
  }

  @Test
  void D3_hostileHealthValuesAreDroppedOrClampedAndTheEntryStillReads() throws IOException {
    writeFile(
        """
        {"$version": "two", "git.example.dev": {"/team/service.git": {
          "nodes": ["https://r1.eu.example.dev", "https://r2.eu.example.dev:8443",
                    "https://r3.eu.example.dev", "https://r4.eu.example.dev",
                    "https://r5.eu.example.dev", "https://r6.eu.example.dev"],
          "expiresAt": "2025-03-01T20:00:00Z",
          "health": {
            "https://r1.eu.example.dev": {"failures": -3, "ejectedUntil": "2025-03-01T10:01:00Z"},
            "https://r2.eu.example.dev:8443": {"failures": 99999999999999999999999,
                                               "ejectedUntil": "2025-03-01T10:01:00Z"},
            "https://r3.eu.example.dev": {"failures": 2000000000,
                                          "ejectedUntil": "+999999999-12-31T23:59:59Z"},
            "https://r4.eu.example.dev": {"failures": 1, "ejectedUntil": "tomorrow"},
            "https://r5.eu.example.dev": [1, 2],
            "https://r6.eu.example.dev": {"failures": "1", "ejectedUntil": 0},
            "https://unlisted.eu.example.dev": {"failures": 1, "ejectedUntil": "2025-03-01T10:01:00Z"},
            "not a url": {"failures": 1, "ejectedUntil": "2025-03-01T10:01:00Z"}
          }}}}
        """);

    assertEquals(6, cache.load(CLUSTER, REPO).size(), "the entry reads whole");
    ReplicaHealth health = cache.health(CLUSTER, REPO);
    assertEquals(
        Map.of(R3, new NodeHealth(NodeHealth.MAX_FAILURES, T0.plus(NodeHealth.MAX_EJECTION))),
        health.records(),
        "only r3's record survives: count clamped to the bound, ejection to 10 min after the write");

    cache.recordFailure(CLUSTER, REPO, R1); // a write replaces the damage
    String written = Files.readString(file);
    assertFalse(written.contains("unlisted"), written);
    assertFalse(written.contains("-3"), written);
    assertEquals(
        Optional.of(new NodeHealth(1, T0.plusSeconds(30))),
        record(cache.health(CLUSTER, REPO), R1));
  }

  @Test
  void D3_aHealthFieldOfTheWrongShapeIsIgnored() throws IOException {
    writeFile(
        """
        {"git.example.dev": {"/team/service.git": {
          "nodes": ["https://r1.eu.example.dev"], "expiresAt": "2025-03-01T20:00:00Z",
          "health": "all good"}}}
        """);
    assertEquals(List.of(R1), cache.load(CLUSTER, REPO));
    assertEquals(Map.of(), cache.health(CLUSTER, REPO).records());
  }

  @Test
  void D3_sessionsOfOneClientSeeARecordAtOnceAndOtherProcessesThroughTheFile() {
    ClientReplicaCache client = new ClientReplicaCache(cache, clock);
    client.store(CLUSTER, REPO, List.of(R1, R2));
    assertTrue(client.recordFailure(CLUSTER, REPO, R1).isPresent());

    assertTrue(client.health(CLUSTER, REPO).isEjected(R1), "the client's memory");
    assertTrue(new FileReplicaCache(file, clock).health(CLUSTER, REPO).isEjected(R1), "the file");
  }

  @Test
  void D3_aClientCountsOnFromFailuresAnotherProcessWrote() {
    cache.store(CLUSTER, REPO, List.of(R1, R2));
    ClientReplicaCache client = new ClientReplicaCache(cache, clock);
    assertEquals(List.of(R1, R2), client.load(CLUSTER, REPO)); // the client reads the file now
    FileReplicaCache otherProcess = new FileReplicaCache(file, clock);
    otherProcess.recordFailure(CLUSTER, REPO, R1);
    otherProcess.recordFailure(CLUSTER, REPO, R1);

    assertEquals(
        Optional.of(new NodeHealth(3, T0.plus(NodeHealth.ejectionAfter(3)))),
        client.recordFailure(CLUSTER, REPO, R1),
        "the file's count (2) plus this failure wins over the memory's (1)");
    assertEquals(3, record(client.health(CLUSTER, REPO), R1).orElseThrow().consecutiveFailures());
  }

  @Test
  void D3_D4_aClientClearsOnSuccessAndKeepsRecordsOfNodesStillListed() {
    ClientReplicaCache client = new ClientReplicaCache(cache, clock);
    client.store(CLUSTER, REPO, List.of(R1, R2));
    client.recordFailure(CLUSTER, REPO, R1);
    client.recordFailure(CLUSTER, REPO, R2);

    client.store(CLUSTER, REPO, List.of(R1, R3));
    assertEquals(
        Map.of(R1, new NodeHealth(1, T0.plusSeconds(30))), client.health(CLUSTER, REPO).records());
    assertFalse(client.recordSuccess(CLUSTER, REPO, R3));
    assertTrue(client.recordSuccess(CLUSTER, REPO, R1));
    assertEquals(Map.of(), client.health(CLUSTER, REPO).records());
    assertEquals(Map.of(), new FileReplicaCache(file, clock).health(CLUSTER, REPO).records());
  }

  @Test
  void D3_K3_failuresOfManyConcurrentWritersAllCountAndTheFileStaysValid() throws Exception {
    int writers = 16;
    cache.store(CLUSTER, REPO, List.of(R1, R2));
    ExecutorService pool = Executors.newFixedThreadPool(writers);
    CountDownLatch start = new CountDownLatch(1);
    try {
      List<Future<Optional<NodeHealth>>> results = new ArrayList<>();
      for (int i = 0; i < writers; i++) {
        NodeUrl node = i % 2 == 0 ? R1 : R2;
        results.add(
            pool.submit(
                () -> {
                  start.await();
                  // Each its own instance, as each process has its own (K3).
                  return new FileReplicaCache(file, clock).recordFailure(CLUSTER, REPO, node);
                }));
      }
      start.countDown();
      assertTimeoutPreemptively(
          Duration.ofSeconds(60),
          () -> {
            for (Future<Optional<NodeHealth>> result : results) {
              assertTrue(result.get().isPresent());
            }
          });
    } finally {
      pool.shutdownNow();
    }
    ReplicaHealth health = new FileReplicaCache(file, clock).health(CLUSTER, REPO);
    assertEquals(List.of(R1, R2), cache.load(CLUSTER, REPO), "K3: the entry is whole");
    assertEquals(writers / 2, health.records().get(R1).consecutiveFailures(), "no failure lost");
    assertEquals(writers / 2, health.records().get(R2).consecutiveFailures(), "no failure lost");
  }
}
