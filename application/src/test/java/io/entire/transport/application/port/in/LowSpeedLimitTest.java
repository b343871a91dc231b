package io.entire.transport.application.port.in;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class LowSpeedLimitTest {

  @Test
  void aPositiveRateSwitchesTheRuleOnAndZeroIsOff() {
    assertTrue(new LowSpeedLimit(1, Duration.ofSeconds(1)).isOn());
    assertFalse(new LowSpeedLimit(0, Duration.ofSeconds(30)).isOn());
    assertFalse(LowSpeedLimit.OFF.isOn());
  }

  @Test
  void isAValueEqualByRateAndTime() {
    LowSpeedLimit limit = new LowSpeedLimit(1000, Duration.ofSeconds(10));

    assertEquals(limit, new LowSpeedLimit(1000, Duration.ofMillis(10_000)));
    assertEquals(limit.hashCode(), new LowSpeedLimit(1000, Duration.ofMillis(10_000)).hashCode());
    assertNotEquals(limit, new LowSpeedLimit(999, Duration.ofSeconds(10)));
    assertNotEquals(limit, new LowSpeedLimit(1000, Duration.ofSeconds(11)));
    assertNotEquals(limit, null);
    assertNotEquals(limit, "1000 bytes/s for 10 s");
  }

  @Test
  void readsAsGitUsersSetIt() {
    assertEquals(
        "1000 bytes/s for 10 s", new LowSpeedLimit(1000, Duration.ofSeconds(10)).toString());
    assertEquals("5 bytes/s for 1500 ms", new LowSpeedLimit(5, Duration.ofMillis(1500)).toString());
    assertEquals("off", LowSpeedLimit.OFF.toString());
  }

  @Test
  void rejectsANegativeRateAndANonPositiveTime() {
    assertEquals(
        "bytesPerSecond must not be negative: -1",
        assertThrows(
                IllegalArgumentException.class, () -> new LowSpeedLimit(-1, Duration.ofSeconds(1)))
            .getMessage());
    assertEquals(
        "time must be positive: PT0S",
        assertThrows(IllegalArgumentException.class, () -> new LowSpeedLimit(1, Duration.ZERO))
            .getMessage());
    assertEquals(
        "time",
        assertThrows(NullPointerException.class, () -> new LowSpeedLimit(1, null)).getMessage());
  }
}
