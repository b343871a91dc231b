package io.entire.transport.adapters.cache;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * Reads the {@code expiresAt} text of a cache entry: ISO-8601 with an offset, exactly as {@link
 * OffsetDateTime#parse(CharSequence)} reads it.
 *
 * <p>The form this cache writes itself, {@link Instant#toString()} ({@code 2025-01-02T03:04:05Z},
 * with up to nine fraction digits), is read by hand first: setting up java.time's formatter costs
 * the helper's start milliseconds, for a file read on every git command. Anything else, including
 * every malformed text, goes to {@link OffsetDateTime#parse(CharSequence)}.
 *
 * <p>Stateless and thread-safe.
 */
final class ExpiryText {
  private static final int[] POWERS_OF_TEN = {
    1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000
  };

  private ExpiryText() {}

  /**
   * Parses an expiry.
   *
   * @throws DateTimeException when the text is not ISO-8601 with an offset
   */
  static Instant parse(String text) {
    Instant utc = canonicalUtc(text);
    return utc != null ? utc : OffsetDateTime.parse(text).toInstant();
  }

  /**
   * {@code yyyy-MM-ddTHH:mm:ss[.f{1,9}]Z}, else null.
   *
   * @throws DateTimeException when the fields are out of range (month 13, February 30, hour 24),
   *     which the formatter rejects as well
   */
  private static Instant canonicalUtc(String t) {
    int n = t.length();
    if (n < 20
        || n == 21
        || n > 30
        || t.charAt(4) != '-'
        || t.charAt(7) != '-'
        || t.charAt(10) != 'T'
        || t.charAt(13) != ':'
        || t.charAt(16) != ':'
        || t.charAt(n - 1) != 'Z'
        || (n > 20 && t.charAt(19) != '.')) {
      return null;
    }
    int year = digits(t, 0, 4);
    int month = digits(t, 5, 7);
    int day = digits(t, 8, 10);
    int hour = digits(t, 11, 13);
    int minute = digits(t, 14, 16);
    int second = digits(t, 17, 19);
    int fraction = n > 20 ? digits(t, 20, n - 1) : 0;
    if (year < 0 || month < 0 || day < 0 || hour < 0 || minute < 0 || second < 0 || fraction < 0) {
      return null;
    }
    int nanos = n > 20 ? fraction * POWERS_OF_TEN[9 - (n - 21)] : 0;
    return LocalDateTime.of(year, month, day, hour, minute, second, nanos)
        .toInstant(ZoneOffset.UTC);
  }

  /** The decimal number in {@code t[from, to)}, or -1 when a character is not a digit. */
  private static int digits(String t, int from, int to) {
    int value = 0;
    for (int i = from; i < to; i++) {
      char c = t.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      value = value * 10 + (c - '0');
    }
    return value;
  }
}
