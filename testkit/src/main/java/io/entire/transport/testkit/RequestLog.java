package io.entire.transport.testkit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Predicate;

/**
 * An append-only log of {@link RecordedRequest}s with bounded waits, so tests synchronise on what a
 * server received instead of sleeping.
 *
 * <p>Each {@link TestServer} has its own log, and a {@link TestCluster} has one more that collects
 * the requests of all its servers. Thread-safe: servers append from their connection threads while
 * tests read and wait.
 *
 * @since 0.1
 */
public final class RequestLog {

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition appended = lock.newCondition();
  private final List<RecordedRequest> requests = new ArrayList<>();

  /** Creates an empty log. */
  public RequestLog() {}

  void add(RecordedRequest request) {
    lock.lock();
    try {
      requests.add(request);
      appended.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** A snapshot of the requests recorded so far, oldest first. */
  public List<RecordedRequest> requests() {
    lock.lock();
    try {
      return List.copyOf(requests);
    } finally {
      lock.unlock();
    }
  }

  /** How many requests are recorded. */
  public int size() {
    lock.lock();
    try {
      return requests.size();
    } finally {
      lock.unlock();
    }
  }

  /** Forgets every recorded request. */
  public void clear() {
    lock.lock();
    try {
      requests.clear();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Waits until at least {@code count} requests are recorded.
   *
   * @param count how many requests to wait for
   * @param timeout the longest time to wait
   * @return a snapshot of all recorded requests (at least {@code count})
   * @throws AssertionError when the timeout passes first; the message lists what was recorded
   */
  public List<RecordedRequest> awaitCount(int count, Duration timeout) {
    return awaitUntil(list -> list.size() >= count, timeout, "at least " + count + " request(s)");
  }

  /**
   * Waits until a recorded request matches {@code condition}.
   *
   * @param condition what the request must satisfy
   * @param timeout the longest time to wait
   * @return the first matching request
   * @throws AssertionError when the timeout passes first; the message lists what was recorded
   */
  public RecordedRequest awaitMatching(Predicate<RecordedRequest> condition, Duration timeout) {
    Objects.requireNonNull(condition, "condition");
    List<RecordedRequest> found =
        awaitUntil(list -> list.stream().anyMatch(condition), timeout, "a matching request");
    return found.stream().filter(condition).findFirst().orElseThrow();
  }

  private List<RecordedRequest> awaitUntil(
      Predicate<List<RecordedRequest>> done, Duration timeout, String what) {
    long remaining = timeout.toNanos();
    lock.lock();
    try {
      while (!done.test(requests)) {
        if (remaining <= 0) {
          throw new AssertionError(
              "timed out after "
                  + timeout.toMillis()
                  + " ms waiting for "
                  + what
                  + "; recorded: "
                  + describe(requests));
        }
        try {
          remaining = appended.awaitNanos(remaining);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new AssertionError("interrupted while waiting for " + what, e);
        }
      }
      return List.copyOf(requests);
    } finally {
      lock.unlock();
    }
  }

  private static String describe(List<RecordedRequest> requests) {
    if (requests.isEmpty()) {
      return "nothing";
    }
    StringBuilder text = new StringBuilder();
    for (RecordedRequest r : requests) {
      text.append("\n  ")
          .append(r.server())
          .append(' ')
          .append(r.method())
          .append(' ')
          .append(r.pathAndQuery())
          .append(" -> ")
          .append(r.status());
    }
    return text.toString();
  }
}
