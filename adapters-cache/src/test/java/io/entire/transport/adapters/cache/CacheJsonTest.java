package io.entire.transport.adapters.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link CacheJson} against Jackson, which read and wrote the cache file before: the same documents
 * are accepted (K4: anything else reads as a corrupt file), with the same values, and the same
 * documents are written.
 */
class CacheJsonTest {
  /** How the cache used to read the file: a tree, with trailing content as corruption. */
  private static final ObjectMapper JACKSON =
      JsonMapper.builder().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();

  @ParameterizedTest(name = "[{index}] {0}")
  @ValueSource(
      strings = {
        "",
        " \t\r\n ",
        "{}",
        "{ }",
        "[]",
        "null",
        "true",
        "false",
        "0",
        "-0",
        "12",
        "-12",
        "012",
        "1.",
        ".5",
        "1.5",
        "-1.5e3",
        "1E+5",
        "1e-5",
        "1.0e+2",
        "-",
        "--1",
        "+1",
        "1e",
        "NaN",
        "Infinity",
        "9223372036854775807",
        "9223372036854775808",
        "-9223372036854775808",
        "-9223372036854775809",
        "99999999999999999999999",
        "\"a\"",
        "\"\\u00e9\\n\\t\\\"\\\\\\/\\b\\f\\r\"",
        "\"\\ud83d\\ude00 and a lone \\ud83d\"",
        "\"\\x\"",
        "\"\\u12\"",
        "\"\\u12G4\"",
        "\"a\u0001b\"",
        "\"tab\tinside\"",
        "\"é€😀\"",
        "\"unterminated",
        "\"ends in a backslash\\",
        "{\"a\":1,\"a\":2}",
        "{\"a\":1,}",
        "[1,]",
        "[,1]",
        "[1 2]",
        "{\"a\" 1}",
        "{\"a\":}",
        "{a:1}",
        "{'a':1}",
        "/* comment */ {}",
        "{} // comment",
        "{} x",
        "{}{}",
        "[1]]",
        "[",
        "{",
        "{\"a\"",
        "{\"a\":",
        "tru",
        "nul",
        "True",
        "\uFEFF{\"bom\": true}",
        "{\"git.example.dev\": {\"/r.git\": {\"nodes\": [\"https://a.example.dev\"],"
            + " \"expiresAt\": \"2099-01-01T00:00:00Z\", \"n\": [1, 2.5, null, true, {}]}}}",
        "[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]",
      })
  void k4_acceptsExactlyWhatJacksonAccepted_withTheSameValues(String document) throws IOException {
    byte[] content = document.getBytes(StandardCharsets.UTF_8);
    Optional<Object> expected;
    try {
      JsonNode tree = JACKSON.readTree(content);
      expected = tree == null || tree.isMissingNode() ? Optional.empty() : Optional.of(plain(tree));
    } catch (JsonProcessingException e) {
      assertThrows(IOException.class, () -> CacheJson.parse(content), "Jackson refused it");
      return;
    }
    assertEquals(expected, CacheJson.parse(content));
  }

  /** A Jackson tree as the plain values {@link CacheJson#parse} returns. */
  private static Object plain(JsonNode node) {
    if (node.isObject()) {
      Map<String, Object> map = new LinkedHashMap<>();
      node.properties().forEach(e -> map.put(e.getKey(), plain(e.getValue())));
      return map;
    }
    if (node.isArray()) {
      List<Object> list = new ArrayList<>();
      node.forEach(element -> list.add(plain(element)));
      return list;
    }
    if (node.isTextual()) {
      return node.textValue();
    }
    if (node.isIntegralNumber() && node.canConvertToLong()) {
      return node.longValue();
    }
    if (node.isNumber()) {
      return node.doubleValue();
    }
    if (node.isBoolean()) {
      return node.booleanValue();
    }
    return CacheJson.NULL;
  }

  @Test
  void k4_malformedUtf8IsRefused() {
    byte[] content = {'"', (byte) 0xc3, '(', '"'};
    assertThrows(JsonProcessingException.class, () -> JACKSON.readTree(content));
    IOException e = assertThrows(IOException.class, () -> CacheJson.parse(content));
    assertEquals("not valid JSON: not UTF-8", e.getMessage());
  }

  @Test
  void k4_nestingIsLimited_soACraftedFileCannotOverflowTheStack() throws IOException {
    String deepest = "[".repeat(CacheJson.MAX_DEPTH) + "]".repeat(CacheJson.MAX_DEPTH);
    assertTrue(CacheJson.parse(deepest.getBytes(StandardCharsets.UTF_8)).isPresent());

    String tooDeep = "[".repeat(CacheJson.MAX_DEPTH + 1) + "]".repeat(CacheJson.MAX_DEPTH + 1);
    IOException e =
        assertThrows(
            IOException.class, () -> CacheJson.parse(tooDeep.getBytes(StandardCharsets.UTF_8)));
    assertEquals(
        "not valid JSON: nested deeper than 1000 levels at line 1, column 1001", e.getMessage());

    byte[] hostile = "[".repeat(500_000).getBytes(StandardCharsets.UTF_8);
    assertThrows(IOException.class, () -> CacheJson.parse(hostile));
  }

  @Test
  void errorsNameTheLineAndColumn_butNeverQuoteTheContent() {
    byte[] content = "{\n  \"a\": 1,\n  \"s3cr3t-token\" 2\n}".getBytes(StandardCharsets.UTF_8);
    IOException e = assertThrows(IOException.class, () -> CacheJson.parse(content));
    assertEquals("not valid JSON: expected ':' at line 3, column 18", e.getMessage());
    assertFalse(e.getMessage().contains("s3cr3t"));
  }

  @Test
  void writesWhatJacksonsDefaultPrettyPrinterWrote() throws IOException {
    Map<String, Object> document = new LinkedHashMap<>();
    Map<String, Object> cluster = new LinkedHashMap<>();
    Map<String, Object> entry = new LinkedHashMap<>();
    entry.put("nodes", List.of("https://r1.example.dev", "https://r2.example.dev:8443"));
    entry.put("expiresAt", "2099-01-01T00:00:00Z");
    cluster.put("/team/service.git", entry);
    cluster.put("/quote\"back\\slash/ctl\u0001\u001f\b\f\n\r\t/é€😀\u007f", Map.of());
    cluster.put("/empty-list", List.of());
    document.put("git.example.dev", cluster);
    document.put("other.example.dev", Map.of());

    String expected = JACKSON.writerWithDefaultPrettyPrinter().writeValueAsString(document);

    assertEquals(expected, new String(CacheJson.write(document), StandardCharsets.UTF_8));
    assertEquals(Optional.of(document), CacheJson.parse(CacheJson.write(document)));
  }

  @Test
  void writingAnythingButObjectsArraysAndStringsIsRefused() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> CacheJson.write(Map.of("n", 1L)));
    assertEquals(
        "the cache writes objects, arrays and strings only, not java.lang.Long", e.getMessage());
  }
}
