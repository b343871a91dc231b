package io.entire.transport.adapters.git;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** G7: git C-quotes option values; the helper unquotes them like unquote_c_style. */
class CQuotedStringTest {

  static Stream<Arguments> quotedValues() {
    return Stream.of(
        Arguments.of("\"plain\"", "plain"),
        Arguments.of("\"a b\"", "a b"),
        Arguments.of("\"tab\\there\"", "tab\there"),
        Arguments.of("\"nl\\nx\"", "nl\nx"),
        Arguments.of("\"q\\\"uote\"", "q\"uote"),
        Arguments.of("\"back\\\\slash\"", "back\\slash"),
        Arguments.of("\"\\303\\251t\\303\\251\"", "\u00e9t\u00e9"),
        Arguments.of("\"\\a\\b\\f\\r\\v\"", "\u0007\b\f\r\u000b"),
        Arguments.of("\"\"", ""));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("quotedValues")
  void unquotes(String quoted, String expected) {
    assertEquals(expected, CQuotedString.unquote(quoted));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "\"unterminated",
        "\"trailing\"x",
        "\"bad\\q\"",
        "\"octal\\4000\"",
        "\"short\\12\"",
        "\"end\\",
        "\"\\377\"",
        "notquoted"
      })
  void refusesBadQuoting(String quoted) {
    assertThrows(IllegalArgumentException.class, () -> CQuotedString.unquote(quoted));
  }
}
