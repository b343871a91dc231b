package io.entire.transport.adapters.http;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.entire.transport.application.port.in.LowSpeedLimit;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.Test;

/**
 * git's {@code GIT_HTTP_LOW_SPEED_LIMIT}/{@code _TIME} (DESIGN §7) on a fake clock: the body fails
 * when its average rate stays below the limit for the time.
 */
class LowSpeedGuardTest {
  private static final LowSpeedLimit THOUSAND_PER_SECOND_FOR_2_S =
      new LowSpeedLimit(1000, Duration.ofSeconds(2));

  private final FakeClock clock = new FakeClock();

  @Test
  void aTrickleBelowTheLimitFailsOnceTheTimeHasPassedNotBefore() throws IOException {
    LowSpeedGuard guard = new LowSpeedGuard(THOUSAND_PER_SECOND_FOR_2_S, clock);
    for (int i = 0; i < 39; i++) {
      read(guard, 50, 1); // 1 byte per 50 ms: 20 bytes/s
    }
    IOException e = assertThrows(IOException.class, () -> read(guard, 50, 1)); // 2 s reached
    assertEquals(
        "transfer below the low speed limit of 1000 bytes/s for 2 s: 40 bytes in 2.0 s",
        e.getMessage());
  }

  @Test
  void aRateExactlyAtTheLimitPasses() {
    LowSpeedGuard guard = new LowSpeedGuard(THOUSAND_PER_SECOND_FOR_2_S, clock);
    assertDoesNotThrow(
        () -> {
          for (int i = 0; i < 100; i++) {
            read(guard, 100, 100); // 1000 bytes/s for 10 s
          }
        });
  }

  @Test
  void oneReadThatWaitsLongerThanTheTimeIsJudgedOnItsAverage() throws IOException {
    LowSpeedGuard guard = new LowSpeedGuard(THOUSAND_PER_SECOND_FOR_2_S, clock);
    read(guard, 5_000, 5_000); // 1000 bytes/s: fine
    assertThrows(IOException.class, () -> read(guard, 5_000, 4_999));
  }

  @Test
  void aSlowdownAfterAFastStartIsCaughtAboutTheTimeAfterItBegan() throws IOException {
    LowSpeedGuard guard = new LowSpeedGuard(THOUSAND_PER_SECOND_FOR_2_S, clock);
    read(guard, 100, 1 << 20); // a fast first megabyte fills the window at once
    for (int i = 0; i < 19; i++) {
      read(guard, 100, 10); // then 100 bytes/s
    }
    assertThrows(IOException.class, () -> read(guard, 100, 10)); // 2 s into the slowdown
  }

  @Test
  void bytesOfAnEarlierWindowDoNotCoverALaterSlowOne() throws IOException {
    LowSpeedGuard guard = new LowSpeedGuard(THOUSAND_PER_SECOND_FOR_2_S, clock);
    read(guard, 1_900, 1_990); // almost a window, almost enough
    read(guard, 100, 10); // the window ends with 2000 bytes in 2 s: at the limit, starts over
    read(guard, 1_900, 10);
    assertThrows(IOException.class, () -> read(guard, 100, 10));
  }

  @Test
  void timeTheCallerSpendsBetweenReadsDoesNotCount() {
    LowSpeedGuard guard = new LowSpeedGuard(THOUSAND_PER_SECOND_FOR_2_S, clock);
    assertDoesNotThrow(
        () -> {
          for (int i = 0; i < 100; i++) {
            read(guard, 8, 8_192); // the network keeps up easily
            clock.advanceMillis(10_000); // the caller is slow to come back for more
          }
        });
  }

  @Test
  void theEndOfTheBodyIsNeverAFailure() throws IOException {
    LowSpeedGuard guard = new LowSpeedGuard(THOUSAND_PER_SECOND_FOR_2_S, clock);
    read(guard, 1_000, 1);
    assertDoesNotThrow(() -> read(guard, 5_000, -1));
  }

  @Test
  void offNeverReadsTheClock() {
    LongSupplier noClock =
        () -> {
          throw new AssertionError("the clock was read with the rule off");
        };
    LowSpeedGuard guard = new LowSpeedGuard(LowSpeedLimit.OFF, noClock);
    assertDoesNotThrow(() -> guard.readFinished(guard.readStarting(), 1));
  }

  /** One read that waits {@code millis} on the network and returns {@code bytes}. */
  private void read(LowSpeedGuard guard, long millis, int bytes) throws IOException {
    long mark = guard.readStarting();
    clock.advanceMillis(millis);
    guard.readFinished(mark, bytes);
  }

  private static final class FakeClock implements LongSupplier {
    private long nanos = 123_456_789L; // nanoTime's origin is arbitrary

    void advanceMillis(long millis) {
      nanos += TimeUnit.MILLISECONDS.toNanos(millis);
    }

    @Override
    public long getAsLong() {
      return nanos;
    }
  }
}
