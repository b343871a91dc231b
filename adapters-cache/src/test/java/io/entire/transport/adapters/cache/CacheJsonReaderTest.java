package io.entire.transport.adapters.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import io.entire.transport.adapters.cache.CacheJsonReader.Token;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** K4: the cache file's JSON reader, strict on damaged content; Jackson is its oracle here. */
class CacheJsonReaderTest {
  private static final JsonFactory JACKSON = new JsonFactory();

  @Test
  void readsEveryKindOfToken() throws IOException {
    String json =
        "\uFEFF{\"a\\u00e9\\n\": [1, -0, 12.5e-3, 99999999999999999999, true, false, null],\n"
            + " \"\u00fc\\ud83d\\ude00\": {\"s\": \"x\\\"y\\\\z\\/\\b\\f\\r\\t\"}, \"e\": {}, \"f\": []}";
    List<String> tokens = tokens(json.getBytes(StandardCharsets.UTF_8));
    assertEquals(
        List.of(
            "START_OBJECT",
            "FIELD_NAME aé\n",
            "START_ARRAY",
            "INTEGER 1",
            "INTEGER 0",
            "FRACTION",
            "INTEGER beyond long",
            "TRUE",
            "FALSE",
            "NULL",
            "END_ARRAY",
            "FIELD_NAME \u00fc\ud83d\ude00",
            "START_OBJECT",
            "FIELD_NAME s",
            "STRING x\"y\\z/\b\f\r\t",
            "END_OBJECT",
            "FIELD_NAME e",
            "START_OBJECT",
            "END_OBJECT",
            "FIELD_NAME f",
            "START_ARRAY",
            "END_ARRAY",
            "END_OBJECT"),
        tokens);
  }

  @Test
  void emptyOrWhitespaceContent_hasNoToken() throws IOException {
    assertNull(new CacheJsonReader(new byte[0]).next());
    assertNull(new CacheJsonReader(" \n\t\r ".getBytes(StandardCharsets.UTF_8)).next());
  }

  @Test
  void skipChildren_standsOnTheEndOfTheValue() throws IOException {
    CacheJsonReader json = reader("{\"a\": [1, {\"b\": [2, 3]}, [4]], \"c\": 5}");
    json.next();
    json.next();
    assertEquals(Token.START_ARRAY, json.next());
    json.skipChildren();
    assertEquals(Token.END_ARRAY, json.token());
    assertEquals(Token.FIELD_NAME, json.next());
    assertEquals("c", json.text());
    assertEquals(Token.INTEGER, json.next());
    json.skipChildren(); // a scalar: nothing to skip
    assertEquals(5, json.longValue());
    assertEquals(Token.END_OBJECT, json.next());
    assertNull(json.next());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"a\": 1,}",
        "[1,]",
        "[,1]",
        "{\"a\" 1}",
        "{\"a\": 01}",
        "{\"a\": -}",
        "{\"a\": 1.}",
        "{\"a\": .5}",
        "{\"a\": 1e}",
        "{\"a\": +1}",
        "{\"a\": 1x}",
        "{\"a\": tru}",
        "{\"a\": truex}",
        "{\"a\": NaN}",
        "{a: 1}",
        "{'a': 1}",
        "{\"a\": \"x\\q\"}",
        "{\"a\": \"\\u12g4\"}",
        "{\"a\": \"\\u12\"}",
        "{\"a\": \"unterminated}",
        "{\"a\": [1, 2}",
        "{\"a\": 1]",
        "{\"a\": 1",
        "{\"a\":",
        "{\"a\"",
        "{",
        "}",
        "{} {}",
        "{}x",
        "1 2",
        "{\"a\": 1} // comment",
        "{\"a\": \"tab\tinside\"}",
      })
  void malformedContent_isAnErrorThatSaysWhere(String content) {
    IOException e = assertThrows(IOException.class, () -> tokens(bytes(content)));
    assertTrue(e.getMessage().startsWith("not valid JSON: "), e.getMessage());
    assertTrue(e.getMessage().contains(" at line 1, column "), e.getMessage());
    assertJacksonRejects(bytes(content));
  }

  @Test
  void errors_nameTheLineAndColumn_andNeverQuoteTheContent() {
    byte[] content = bytes("{\n  \"secret-token-123\": [1,\n  2 3]}");
    IOException e = assertThrows(IOException.class, () -> tokens(content));
    assertEquals(
        "not valid JSON: expected a comma or ']' after an element at line 3, column 5",
        e.getMessage());
    assertFalse(e.getMessage().contains("secret"));
  }

  @Test
  void invalidUtf8InAString_isAnError() {
    byte[] content = {'[', '"', 'a', (byte) 0xC3, '"', ']'};
    IOException e = assertThrows(IOException.class, () -> tokens(content));
    assertTrue(e.getMessage().contains("not valid UTF-8"), e.getMessage());
    byte[] overlong = {'[', '"', (byte) 0xC0, (byte) 0xAF, '"', ']'};
    assertThrows(IOException.class, () -> tokens(overlong));
    byte[] garbage = {(byte) 0xff, 0, (byte) 0xfe, '{', 0x01};
    assertThrows(IOException.class, () -> tokens(garbage));
  }

  @Test
  void nestingUpToTheLimit_isRead_deeperIsAnError_notAStackOverflow() throws IOException {
    int limit = CacheJsonReader.MAX_DEPTH;
    assertEquals(2 * limit, tokens(bytes("[".repeat(limit) + "]".repeat(limit))).size());
    IOException e =
        assertThrows(
            IOException.class, () -> tokens(bytes("[".repeat(limit + 1) + "]".repeat(limit + 1))));
    assertTrue(e.getMessage().contains("nested deeper than 1000 levels"), e.getMessage());
    // Deep but unbalanced content of the whole file's size is refused just as quickly.
    assertThrows(IOException.class, () -> tokens(bytes("[".repeat(1_000_000))));
  }

  @Test
  void overlongNumbers_areAnError() throws IOException {
    assertEquals(1, tokens(bytes("1".repeat(CacheJsonReader.MAX_NUMBER_LENGTH))).size());
    IOException e =
        assertThrows(
            IOException.class,
            () -> tokens(bytes("1".repeat(CacheJsonReader.MAX_NUMBER_LENGTH + 1))));
    assertTrue(e.getMessage().contains("a number longer than 1000"), e.getMessage());
  }

  @Test
  void longRange_isKnownExactly() throws IOException {
    CacheJsonReader json =
        reader("[9223372036854775807, -9223372036854775808, 9223372036854775808]");
    json.next();
    json.next();
    assertEquals(Long.MAX_VALUE, json.longValue());
    json.next();
    assertEquals(Long.MIN_VALUE, json.longValue());
    json.next();
    assertFalse(json.isLong());
    assertThrows(IllegalStateException.class, json::longValue);
  }

  /**
   * K4: thousands of damaged variants of a cache file (characters inserted, deleted or replaced,
   * seeded so a failure repeats) are accepted or refused exactly as Jackson's parser, which wrote
   * and read the file before, decides, and read into the same tokens.
   */
  @Test
  void damagedCacheFiles_areReadAsJacksonReadsThem() throws IOException {
    String valid =
        "{\"$version\": 2, \"git.example.dev\": {\"/team/a.git\": {\"nodes\": [\"https://a.example"
            + ".dev\", \"https://b.example.dev:8443\"], \"expiresAt\": \"2099-01-01T00:00:00Z\","
            + " \"health\": {\"https://a.example.dev\": {\"failures\": 3, \"ejectedUntil\":"
            + " 4102444800000}}}, \"/b.git\": {\"nodes\": [], \"expiresAt\": -1.5e3, \"x\":"
            + " [true, false, null, {}]}}}";
    String alphabet = "{}[]\":,0123456789-+.eE \n\\tuabfnrx/";
    Random random = new Random(20261203L);
    int accepted = 0;
    int refused = 0;
    for (int i = 0; i < 20_000; i++) {
      StringBuilder mutant = new StringBuilder(valid);
      int edits = 1 + random.nextInt(3);
      for (int e = 0; e < edits; e++) {
        int at = random.nextInt(mutant.length());
        char c = alphabet.charAt(random.nextInt(alphabet.length()));
        switch (random.nextInt(3)) {
          case 0 -> mutant.insert(at, c);
          case 1 -> mutant.deleteCharAt(at);
          default -> mutant.setCharAt(at, c);
        }
      }
      byte[] content = bytes(mutant.toString());
      Optional<List<String>> expected = jacksonTokens(content);
      Optional<List<String>> actual;
      try {
        actual = Optional.of(tokens(content));
      } catch (IOException e) {
        actual = Optional.empty();
      }
      assertEquals(expected, actual, mutant::toString);
      if (actual.isPresent()) {
        accepted++;
      } else {
        refused++;
      }
    }
    // Both outcomes are exercised, not just one.
    assertTrue(accepted > 1000 && refused > 1000, accepted + " accepted, " + refused + " refused");
  }

  private static CacheJsonReader reader(String content) {
    return new CacheJsonReader(bytes(content));
  }

  private static byte[] bytes(String content) {
    return content.getBytes(StandardCharsets.UTF_8);
  }

  private static List<String> tokens(byte[] content) throws IOException {
    CacheJsonReader json = new CacheJsonReader(content);
    List<String> tokens = new ArrayList<>();
    for (Token token = json.next(); token != null; token = json.next()) {
      tokens.add(
          switch (token) {
            case FIELD_NAME, STRING -> token + " " + json.text();
            case INTEGER -> token + " " + (json.isLong() ? json.longValue() : "beyond long");
            default -> token.name();
          });
    }
    return tokens;
  }

  /** Jackson's tokens in the same words; empty when it refuses, or reads two top-level values. */
  private static Optional<List<String>> jacksonTokens(byte[] content) throws IOException {
    List<String> tokens = new ArrayList<>();
    int depth = 0;
    int roots = 0;
    try (JsonParser json = JACKSON.createParser(content)) {
      for (JsonToken token = json.nextToken(); token != null; token = json.nextToken()) {
        if (depth == 0 && !token.isStructEnd()) {
          roots++;
        }
        depth += token.isStructStart() ? 1 : token.isStructEnd() ? -1 : 0;
        tokens.add(
            switch (token) {
              case START_OBJECT, END_OBJECT, START_ARRAY, END_ARRAY -> token.name();
              case FIELD_NAME -> "FIELD_NAME " + json.currentName();
              case VALUE_STRING -> "STRING " + json.getText();
              case VALUE_NUMBER_INT ->
                  "INTEGER "
                      + (json.getNumberType() == JsonParser.NumberType.BIG_INTEGER
                          ? "beyond long"
                          : json.getLongValue());
              case VALUE_NUMBER_FLOAT -> "FRACTION";
              case VALUE_TRUE -> "TRUE";
              case VALUE_FALSE -> "FALSE";
              case VALUE_NULL -> "NULL";
              default -> throw new AssertionError(token);
            });
      }
    } catch (JsonProcessingException e) {
      return Optional.empty();
    }
    return roots <= 1 ? Optional.of(tokens) : Optional.empty();
  }

  private static void assertJacksonRejects(byte[] content) {
    try {
      assertEquals(Optional.empty(), jacksonTokens(content), "Jackson accepts it");
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }
}
