package io.entire.transport.adapters.cache;

import io.entire.transport.domain.NodeUrl;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The main class of the child processes of the K3 tests. Commands:
 *
 * <ul>
 *   <li>{@code write <file> <process> <count>}: prints {@code ready}, waits for a line on stdin
 *       (the start barrier), stores {@code count} entries of its own, prints {@code done}.
 *   <li>{@code hold-lock <file>}: takes the cache's write lock, prints {@code locked}, and holds it
 *       until stdin is closed or a line arrives.
 *   <li>{@code try-lock <file>}: tries the write lock once, prints {@code locked} or {@code busy}.
 * </ul>
 */
public final class CacheWriterProcess {
  private CacheWriterProcess() {}

  /** The entry process {@code process} writes as its {@code index}th; shared with the test. */
  static String cluster(int index) {
    return "c" + (index % 3) + ".example.dev";
  }

  static String repo(int process, int index) {
    return "/p" + process + "/r" + index + ".git";
  }

  static List<NodeUrl> nodes(int process, int index) {
    return List.of(
        NodeUrl.of("https://n" + process + "-" + index + ".example.dev"),
        NodeUrl.of("https://m" + process + "-" + index + ".example.dev:8443"));
  }

  public static void main(String[] args) throws Exception {
    BufferedReader stdin =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    Path file = Path.of(args[1]);
    switch (args[0]) {
      case "write" -> {
        int process = Integer.parseInt(args[2]);
        int count = Integer.parseInt(args[3]);
        FileReplicaCache cache = new FileReplicaCache(file, Clock.systemUTC());
        cache.load("warm-up", "/classes"); // load Jackson before the race starts
        System.out.println("ready");
        System.out.flush();
        if (stdin.readLine() == null) {
          System.exit(3); // the test went away
        }
        for (int i = 0; i < count; i++) {
          cache.store(cluster(i), repo(process, i), nodes(process, i));
        }
        System.out.println("done");
      }
      case "hold-lock" -> {
        CacheWriteLock lock =
            new CacheWriteLock(file.resolveSibling(file.getFileName() + ".lock"), Duration.ZERO);
        Optional<CacheWriteLock.Held> held = lock.acquire();
        if (held.isEmpty()) {
          System.exit(4);
        }
        System.out.println("locked");
        System.out.flush();
        stdin.readLine();
        held.get().close();
      }
      case "try-lock" -> {
        CacheWriteLock lock =
            new CacheWriteLock(file.resolveSibling(file.getFileName() + ".lock"), Duration.ZERO);
        Optional<CacheWriteLock.Held> held = lock.acquire();
        System.out.println(held.isPresent() ? "locked" : "busy");
        if (held.isPresent()) {
          held.get().close();
        }
      }
      default -> System.exit(2);
    }
  }
}
