package io.entire.transport.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class RequestLogTest {

  private static RecordedRequest request(String path) {
    return new RecordedRequest("replica-0", "GET", path, "h", false, Map.of(), 200);
  }

  @Test
  void awaitReturnsOnceAnotherThreadAppends() throws Exception {
    RequestLog log = new RequestLog();
    CountDownLatch waiting = new CountDownLatch(1);
    Thread writer =
        new Thread(
            () -> {
              try {
                waiting.await();
              } catch (InterruptedException e) {
                return;
              }
              log.add(request("/a"));
              log.add(request("/b?x=1"));
            });
    writer.start();
    waiting.countDown();

    List<RecordedRequest> requests = log.awaitCount(2, Duration.ofSeconds(5));
    RecordedRequest b = log.awaitMatching(r -> r.path().equals("/b"), Duration.ofSeconds(5));

    assertEquals(2, requests.size());
    assertEquals("x=1", b.query());
    writer.join();
  }

  @Test
  void awaitTimesOutWithWhatWasRecorded() {
    RequestLog log = new RequestLog();
    log.add(request("/only"));

    AssertionError e =
        assertThrows(AssertionError.class, () -> log.awaitCount(2, Duration.ofMillis(50)));

    assertTrue(e.getMessage().contains("at least 2"), e.getMessage());
    assertTrue(e.getMessage().contains("/only"), e.getMessage());
  }

  @Test
  void clearForgetsAndSelectedHeadersAreCaseInsensitive() {
    RequestLog log = new RequestLog();
    log.add(
        new RecordedRequest(
            "entry", "POST", "/p", null, true, Map.of("Git-Protocol", "version=2"), 0));

    assertEquals("version=2", log.requests().get(0).header("git-protocol"));
    log.clear();
    assertEquals(0, log.size());
  }
}
