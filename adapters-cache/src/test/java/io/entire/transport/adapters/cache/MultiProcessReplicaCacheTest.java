package io.entire.transport.adapters.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** K3 across real OS processes: file locks are per process, so threads could not prove this. */
class MultiProcessReplicaCacheTest {
  private static final int PROCESSES = 4;
  private static final int ENTRIES_PER_PROCESS = 40;

  @TempDir Path dir;

  @Test
  @Timeout(60)
  void k3_concurrentProcessesWritingDifferentEntries_loseNone() throws Exception {
    Path file = dir.resolve("cache").resolve("nodes.json");
    List<ChildJvm> children = new ArrayList<>();
    try {
      for (int p = 0; p < PROCESSES; p++) {
        children.add(
            ChildJvm.start(
                dir, "write", file.toString(), Integer.toString(p), "" + ENTRIES_PER_PROCESS));
      }
      // Start barrier: every child has started and loaded its classes before any writes.
      for (ChildJvm child : children) {
        assertEquals("ready", child.readLine(), child::stderr);
      }
      for (ChildJvm child : children) {
        child.send("go");
      }
      for (ChildJvm child : children) {
        assertEquals("done", child.readLine(), child::stderr);
        assertEquals(0, child.waitFor(30), child::stderr);
      }
    } finally {
      for (ChildJvm child : children) {
        child.close();
      }
    }

    FileReplicaCache cache = new FileReplicaCache(file, Clock.systemUTC());
    List<String> lost = new ArrayList<>();
    for (int p = 0; p < PROCESSES; p++) {
      for (int i = 0; i < ENTRIES_PER_PROCESS; i++) {
        String cluster = CacheWriterProcess.cluster(i);
        String repo = CacheWriterProcess.repo(p, i);
        if (!cache.load(cluster, repo).equals(CacheWriterProcess.nodes(p, i))) {
          lost.add(cluster + repo);
        }
      }
    }
    assertEquals(
        0,
        lost.size(),
        () ->
            lost.size()
                + " of "
                + PROCESSES * ENTRIES_PER_PROCESS
                + " entries lost by concurrent writers, e.g. "
                + lost.subList(0, Math.min(5, lost.size())));
    try (Stream<Path> files = Files.list(file.getParent())) {
      assertEquals(
          List.of("nodes.json", "nodes.json.lock"),
          files.map(f -> f.getFileName().toString()).sorted().toList(),
          "K3: no temp files left behind");
    }
  }

  @Test
  @Timeout(30)
  void k3k5_lockHeldByAnotherProcess_writeIsSkippedAfterTimeoutWithoutThrowing() throws Exception {
    Path file = dir.resolve("nodes.json");
    FileReplicaCache cache =
        new FileReplicaCache(
            file,
            new MutableClock(Instant.parse("2025-01-01T00:00:00Z")),
            Duration.ofHours(24),
            Duration.ofMillis(300));
    var nodes = CacheWriterProcess.nodes(0, 0);
    try (ChildJvm holder = ChildJvm.start(dir, "hold-lock", file.toString())) {
      assertEquals("locked", holder.readLine(), holder::stderr);

      long start = System.nanoTime();
      cache.store("c.example.dev", "/repo", nodes); // must not throw (K5)
      long waitedMillis = Duration.ofNanos(System.nanoTime() - start).toMillis();

      assertTrue(waitedMillis >= 290, "waited for the lock only " + waitedMillis + " ms");
      assertEquals(List.of(), cache.load("c.example.dev", "/repo"), "write was skipped");

      holder.send("release");
      assertEquals(0, holder.waitFor(20), holder::stderr);
    }
    cache.store("c.example.dev", "/repo", nodes);
    assertEquals(nodes, cache.load("c.example.dev", "/repo"), "lock is free again");
  }

  /**
   * On POSIX systems closing any channel of a file drops every lock this process holds on it, so a
   * second writer of this JVM that merely tries the lock must not open the lock file at all.
   */
  @Test
  @Timeout(30)
  void k3_waitingWriterInThisJvm_doesNotReleaseTheLockOfTheHolder() throws Exception {
    Path file = dir.resolve("nodes.json");
    Path lockFile = dir.resolve("nodes.json.lock");
    Optional<CacheWriteLock.Held> held = new CacheWriteLock(lockFile, Duration.ZERO).acquire();
    assertTrue(held.isPresent());
    try {
      // Same thread, and through a symbolic link: neither may get past the JVM-wide permit.
      Path link = Files.createSymbolicLink(dir.resolve("link"), dir);
      Optional<CacheWriteLock.Held> second =
          new CacheWriteLock(link.resolve("nodes.json.lock"), Duration.ofMillis(100)).acquire();
      assertTrue(second.isEmpty(), "second writer must time out");

      assertEquals("busy", tryLockInAnotherProcess(file), "the holder's lock survived");
    } finally {
      held.get().close();
    }
    assertEquals("locked", tryLockInAnotherProcess(file), "released after close");
  }

  private String tryLockInAnotherProcess(Path file) throws Exception {
    try (ChildJvm child = ChildJvm.start(dir, "try-lock", file.toString())) {
      String answer = child.readLine();
      assertEquals(0, child.waitFor(20), child::stderr);
      return answer;
    }
  }
}
