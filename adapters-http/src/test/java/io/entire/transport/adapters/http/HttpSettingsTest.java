package io.entire.transport.adapters.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.entire.transport.application.port.in.LowSpeedLimit;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class HttpSettingsTest {
  private static final Duration SECOND = Duration.ofSeconds(1);

  @Test
  void withoutALowSpeedLimitTheRuleIsOff() {
    assertEquals(LowSpeedLimit.OFF, new HttpSettings(SECOND, SECOND, false, "ua").lowSpeedLimit());
    NullPointerException e =
        assertThrows(
            NullPointerException.class, () -> new HttpSettings(SECOND, SECOND, false, "ua", null));
    assertEquals("lowSpeedLimit", e.getMessage());
  }

  @Test
  void timeoutsMustBeBetweenOneMillisecondAndIntMaxMilliseconds() {
    assertRejected(
        "connectTimeout must be at least 1 ms",
        () -> new HttpSettings(Duration.ZERO, SECOND, false, "ua"));
    assertRejected(
        "readTimeout must be at least 1 ms",
        () -> new HttpSettings(SECOND, Duration.ofNanos(999_999), false, "ua"));
    assertRejected(
        "connectTimeout must be at least 1 ms",
        () -> new HttpSettings(Duration.ofSeconds(-1), SECOND, false, "ua"));
    assertRejected(
        "readTimeout must be at most 2147483647 ms",
        () -> new HttpSettings(SECOND, Duration.ofDays(30), false, "ua"));
    assertEquals(
        Duration.ofMillis(1),
        new HttpSettings(Duration.ofMillis(1), SECOND, false, "ua").connectTimeout());
  }

  @Test
  void userAgentMustBePrintableAndNotBlank() {
    assertRejected(
        "userAgent must be printable", () -> new HttpSettings(SECOND, SECOND, false, " "));
    assertRejected(
        "userAgent must be printable",
        () -> new HttpSettings(SECOND, SECOND, false, "a\r\nX-Evil: 1"));
  }

  @Test
  void nullsAreNamed() {
    NullPointerException e =
        assertThrows(NullPointerException.class, () -> new HttpSettings(SECOND, null, false, "ua"));
    assertEquals("readTimeout", e.getMessage());
    e =
        assertThrows(
            NullPointerException.class, () -> new HttpSettings(SECOND, SECOND, false, null));
    assertEquals("userAgent", e.getMessage());
  }

  private static void assertRejected(
      String expected, org.junit.jupiter.api.function.Executable make) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, make);
    assertTrue(e.getMessage().startsWith(expected), e.getMessage());
  }
}
