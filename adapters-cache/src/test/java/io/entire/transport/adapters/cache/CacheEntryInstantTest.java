package io.entire.transport.adapters.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * K4: the instants of the cache file ({@code expiresAt}, {@code ejectedUntil}) read as {@link
 * OffsetDateTime#parse} reads them, though the form {@link Instant#toString} writes is read without
 * java.time's formatters.
 */
class CacheEntryInstantTest {
  @ParameterizedTest
  @ValueSource(
      strings = {
        "2099-01-01T00:00:00Z",
        "2026-12-03T17:57:01.523899235Z",
        "2000-01-01T00:00:30.5Z",
        "2000-01-01T00:00:30.50Z",
        "0000-01-01T00:00:00Z",
        "9999-12-31T23:59:59.999999999Z",
        "2024-02-29T12:00:00Z",
        "2099-01-01T00:00:00+02:00",
        "2099-01-01T00:00:00.125-05:30",
        "+12345-01-01T00:00:00Z",
        "2023-02-29T12:00:00Z",
        "2026-13-01T00:00:00Z",
        "2026-12-32T00:00:00Z",
        "2026-12-03T24:00:00Z",
        "2026-12-03T23:60:00Z",
        "2026-12-03T23:59:60Z",
        "2026-12-03T23:59:59.Z",
        "2026-12-03T23:59:59.1234567890Z",
        "2026-12-03T23:59:59,5Z",
        "2026-12-03 23:59:59Z",
        "2026-12-03T23:59:59z",
        "2026-12-03T23:59:59",
        "2026-12-3T23:59:59Z",
        "2026-1a-03T23:59:59Z",
        "20261203T235959Z",
        "tomorrow",
        "",
      })
  void readsAsOffsetDateTimeDoes(String text) {
    assertEquals(reference(text), CacheEntry.instantOf(text), text);
  }

  @Test
  void everyInstantItWrites_readsBack() {
    Random random = new Random(20261203L);
    long max = Instant.parse("9999-12-31T23:59:59Z").getEpochSecond();
    long min = Instant.parse("0000-01-01T00:00:00Z").getEpochSecond();
    for (int i = 0; i < 10_000; i++) {
      long seconds = min + (long) (random.nextDouble() * (max - min));
      int nanos =
          switch (i % 4) {
            case 0 -> 0;
            case 1 -> random.nextInt(1000) * 1_000_000;
            case 2 -> random.nextInt(1_000_000) * 1000;
            default -> random.nextInt(1_000_000_000);
          };
      Instant instant = Instant.ofEpochSecond(seconds, nanos);
      assertEquals(
          Optional.of(instant), CacheEntry.instantOf(instant.toString()), instant::toString);
    }
  }

  private static Optional<Instant> reference(String text) {
    try {
      return Optional.of(OffsetDateTime.parse(text).toInstant());
    } catch (DateTimeException e) {
      return Optional.empty();
    }
  }
}
