package io.entire.transport.adapters.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.entire.transport.domain.NodeUrl;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The replica cache of one client (L3): read once, kept in memory, written back by merging. */
class ClientReplicaCacheTest {
  private static final NodeUrl A = NodeUrl.parse("https://a.example.dev").orElseThrow();
  private static final NodeUrl B = NodeUrl.parse("https://b.example.dev").orElseThrow();

  @TempDir Path dir;
  private final MutableClock clock = new MutableClock(Instant.parse("2026-12-03T10:00:00Z"));

  private FileReplicaCache file() {
    return new FileReplicaCache(dir.resolve("entire/nodes.json"), clock);
  }

  @Test
  void L3_readsTheFileOnceThenServesFromMemory() throws Exception {
    file().store("c", "/r1", List.of(A));
    ClientReplicaCache cache = new ClientReplicaCache(file(), clock);
    assertEquals(List.of(A), cache.load("c", "/r1"));
    // Another process changes the file: the client does not read it again.
    file().store("c", "/r2", List.of(B));
    Files.delete(dir.resolve("entire/nodes.json"));
    assertEquals(List.of(A), cache.load("c", "/r1"));
    assertEquals(List.of(), cache.load("c", "/r2"));
  }

  @Test
  void L3_writesBackMergingWhatOtherProcessesWroteMeanwhile() {
    ClientReplicaCache cache = new ClientReplicaCache(file(), clock);
    assertEquals(List.of(), cache.load("c", "/mine"));
    file().store("c", "/theirs", List.of(B)); // another process, after our read
    cache.store("c", "/mine", List.of(A));
    FileReplicaCache reader = file();
    assertEquals(List.of(A), reader.load("c", "/mine"));
    assertEquals(List.of(B), reader.load("c", "/theirs"), "never lose another writer's entry");
    assertEquals(List.of(A), cache.load("c", "/mine"));
  }

  @Test
  void L3_K2_storingWhatIsAlreadyKnownSkipsRewritingTheFileUntilHalfTheTtlIsGone()
      throws Exception {
    Path path = dir.resolve("entire/nodes.json");
    ClientReplicaCache cache = new ClientReplicaCache(file(), clock);
    cache.store("c", "/r", List.of(A, B));
    Files.delete(path);
    cache.store("c", "/r", List.of(A, B)); // the same nodes, fresh: no write
    assertFalse(Files.exists(path), "rewrote the file for nodes it already had");
    cache.store("c", "/r", List.of(B, A)); // another order is another list (F1 ring order)
    assertEquals(List.of(B, A), file().load("c", "/r"));
    Files.delete(path);
    clock.advance(FileReplicaCache.DEFAULT_TTL.dividedBy(2));
    cache.store("c", "/r", List.of(B, A)); // half the TTL gone: refreshed in the file (K2)
    assertEquals(List.of(B, A), file().load("c", "/r"));
  }

  @Test
  void L3_K2_K6_memoryExpiresAndInvalidatesLikeTheFile() {
    ClientReplicaCache cache = new ClientReplicaCache(file(), clock);
    cache.store("c", "/r", List.of(A, B));
    clock.advance(FileReplicaCache.DEFAULT_TTL.minus(Duration.ofSeconds(1)));
    assertEquals(List.of(A, B), cache.load("c", "/r"));
    clock.advance(Duration.ofSeconds(1));
    assertEquals(List.of(), cache.load("c", "/r"), "K2: expired in memory too");
    cache.store("c", "/r", List.of(A));
    cache.invalidate("c", "/r");
    assertEquals(List.of(), cache.load("c", "/r"));
    assertEquals(List.of(), file().load("c", "/r"), "K6: removed from the file too");
  }

  @Test
  void K5_badCallsNeitherThrowNorChangeAnything() {
    ClientReplicaCache cache = new ClientReplicaCache(file(), clock);
    cache.store(null, "/r", List.of(A));
    cache.store("c", "/r", java.util.Arrays.asList(A, null));
    cache.invalidate(null, null);
    assertEquals(List.of(), cache.load("c", "/r"));
    assertEquals(List.of(), cache.load(null, "/r"));
  }
}
