package io.entire.transport.adapters.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link ExpiryText} reads expiries exactly as {@link OffsetDateTime#parse} does (K2, K4). */
class ExpiryTextTest {

  @ParameterizedTest(name = "[{index}] {0}")
  @ValueSource(
      strings = {
        "2099-01-01T00:00:00Z",
        "2025-03-02T10:00:00.5Z",
        "2025-03-02T10:00:00.000Z",
        "2025-03-02T10:00:00.1230Z",
        "2025-03-02T10:00:00.123456789Z",
        "2025-03-02T10:00:00.1234567891Z",
        "2025-03-02T10:00:00.Z",
        "2024-02-29T23:59:59Z",
        "2023-02-29T00:00:00Z",
        "2025-13-01T00:00:00Z",
        "2025-00-01T00:00:00Z",
        "2025-01-32T00:00:00Z",
        "2025-04-31T00:00:00Z",
        "2025-01-01T24:00:00Z",
        "2025-01-01T23:60:00Z",
        "2025-01-01T23:59:60Z",
        "2025-01-01T00:00:00+02:00",
        "2025-01-01T00:00:00-00:30",
        "2025-01-01T00:00Z",
        "2025-01-01t00:00:00Z",
        "2025-01-01T00:00:00z",
        "+12025-01-01T00:00:00Z",
        "0000-01-01T00:00:00Z",
        "9999-12-31T23:59:59.999999999Z",
        "2025-1-01T00:00:00Z",
        "2025-01-01T0a:00:00Z",
        " 2025-01-01T00:00:00Z",
        "2025-01-01T00:00:00",
        "2025-01-01 00:00:00Z",
        "",
        "tomorrow",
      })
  void readsLikeOffsetDateTimeParse(String text) {
    Instant expected;
    try {
      expected = OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeException e) {
      assertThrows(DateTimeException.class, () -> ExpiryText.parse(text));
      return;
    }
    assertEquals(expected, ExpiryText.parse(text));
  }

  @Test
  void readsEveryInstantTheCacheWrites() {
    Random random = new Random(42);
    for (int i = 0; i < 10_000; i++) {
      long seconds = random.nextLong(-62_167_219_200L, 253_402_300_800L); // years 0000 to 9999
      int nanos =
          switch (i % 4) {
            case 0 -> 0;
            case 1 -> random.nextInt(1000) * 1_000_000;
            case 2 -> random.nextInt(1_000_000) * 1000;
            default -> random.nextInt(1_000_000_000);
          };
      Instant instant = Instant.ofEpochSecond(seconds, nanos);
      assertEquals(instant, ExpiryText.parse(instant.toString()), instant.toString());
    }
  }
}
