package io.entire.transport.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class HeadersTest {

  @Test
  void withReplacesCaseInsensitivelyAndKeepsOrder() {
    Headers h =
        Headers.empty().with("Content-Type", "a").with("Accept", "b").with("content-type", "c");
    assertEquals(List.of("Accept", "content-type"), h.names());
    assertEquals("c", h.first("CONTENT-TYPE").orElseThrow());
  }

  @Test
  void plusKeepsEarlierValuesAndWithAllReplacesByName() {
    Headers h = Headers.empty().plus("X", "1").plus("x", "2").with("Y", "y");
    assertEquals(List.of("1", "2"), h.all("X"));
    Headers merged = h.withAll(Headers.empty().with("x", "3"));
    assertEquals(List.of("3"), merged.all("X"));
    assertTrue(merged.contains("y"));
  }

  @Test
  void withoutRemovesEveryFieldOfTheName() {
    Headers h = Headers.empty().plus("A", "1").plus("a", "2").plus("B", "3");
    assertFalse(h.without("A").contains("a"));
    assertEquals(h, h.without("missing"));
  }

  @Test
  void a5_toStringRedactsSecrets() {
    Headers h =
        Headers.empty()
            .with("Authorization", "Bearer s3cret")
            .with("Cookie", "c=s3cret")
            .with("Accept", "x");
    assertFalse(h.toString().contains("s3cret"), h.toString());
    assertTrue(h.toString().contains("Accept: x"));
  }

  @Test
  void headerInjectionIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> Headers.empty().with("X", "a\r\nEvil: 1"));
    assertThrows(IllegalArgumentException.class, () -> Headers.empty().with("X\n", "a"));
    assertThrows(IllegalArgumentException.class, () -> Headers.empty().with("", "a"));
    assertThrows(IllegalArgumentException.class, () -> Headers.empty().with("X", "a\0"));
  }
}
