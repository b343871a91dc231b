package io.entire.transport.adapters.cache;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The JSON of the cache file, read and written without a JSON library.
 *
 * <p>Why not Jackson: git starts the helper for every command, and the helper reads this file on
 * its start path. Jackson's parser initialises {@code java.math.BigDecimal}, which alone costs some
 * 30 ms of CPU on JDK 25, more than everything else the cache does; the file's format needs a few
 * dozen lines of parser.
 *
 * <p><b>Reading</b> is strict RFC 8259, as Jackson's defaults are: UTF-8 (a leading byte order mark
 * is skipped), no comments, no trailing commas, no unescaped control characters in strings, no
 * leading zeros, one value with nothing but whitespace after it, at most {@value #MAX_DEPTH} levels
 * of nesting. Values become: object → {@code Map<String, Object>} (a repeated name keeps its last
 * value), array → {@code List<Object>}, string → {@code String}, number → {@code Long} when it is
 * an integer within {@code long}'s range, else {@code Double}, {@code true}/{@code false} → {@code
 * Boolean}, {@code null} → {@link #NULL}.
 *
 * <p><b>Writing</b> takes maps, lists and strings, indented like Jackson's default pretty printer,
 * so files written before and after the change look the same.
 *
 * <p>Stateless and thread-safe; each parse uses its own {@link Reader}.
 */
final class CacheJson {
  /** JSON {@code null}. */
  static final Object NULL =
      new Object() {
        @Override
        public String toString() {
          return "null";
        }
      };

  /**
   * Deeper nesting is not a cache file; the limit keeps a crafted file from overflowing the stack.
   */
  static final int MAX_DEPTH = 1000;

  private CacheJson() {}

  /**
   * Parses a whole document.
   *
   * @param content the file's bytes
   * @return the value, or empty when the content is empty or only whitespace
   * @throws IOException when the content is not one valid JSON value; the message names the line
   *     and column but never quotes the content
   */
  static Optional<Object> parse(byte[] content) throws IOException {
    String text;
    try {
      text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(content))
              .toString();
    } catch (CharacterCodingException e) {
      throw new IOException("not valid JSON: not UTF-8");
    }
    Reader reader = new Reader(text);
    if (text.startsWith("\uFEFF")) {
      reader.pos = 1;
    }
    reader.skipWhitespace();
    if (reader.atEnd()) {
      return Optional.empty();
    }
    Object value = reader.value();
    reader.skipWhitespace();
    if (!reader.atEnd()) {
      throw reader.error("content after the top-level value");
    }
    return Optional.of(value);
  }

  /** Names the JSON type of a parsed value, for messages. */
  static String describe(Object value) {
    if (value instanceof Map) {
      return "a JSON object";
    }
    if (value instanceof List) {
      return "a JSON array";
    }
    if (value instanceof String) {
      return "a JSON string";
    }
    if (value instanceof Number) {
      return "a JSON number";
    }
    if (value instanceof Boolean) {
      return "a JSON boolean";
    }
    return "JSON null";
  }

  /**
   * Writes maps with string keys, lists and strings as indented JSON in UTF-8.
   *
   * @throws IllegalArgumentException for any other kind of value
   */
  static byte[] write(Map<String, ?> document) {
    StringBuilder out = new StringBuilder(256);
    write(out, document, 0);
    return out.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static void write(StringBuilder out, Object value, int level) {
    if (value instanceof Map<?, ?> object) {
      if (object.isEmpty()) {
        out.append("{ }");
        return;
      }
      out.append('{');
      String separator = "\n";
      for (Map.Entry<?, ?> member : object.entrySet()) {
        out.append(separator);
        indent(out, level + 1);
        quote(out, (String) member.getKey());
        out.append(" : ");
        write(out, member.getValue(), level + 1);
        separator = ",\n";
      }
      out.append('\n');
      indent(out, level);
      out.append('}');
    } else if (value instanceof List<?> array) {
      if (array.isEmpty()) {
        out.append("[ ]");
        return;
      }
      out.append("[ ");
      for (int i = 0; i < array.size(); i++) {
        out.append(i == 0 ? "" : ", ");
        write(out, array.get(i), level + 1);
      }
      out.append(" ]");
    } else if (value instanceof String string) {
      quote(out, string);
    } else {
      throw new IllegalArgumentException(
          "the cache writes objects, arrays and strings only, not "
              + (value == null ? "null" : value.getClass().getName()));
    }
  }

  private static void indent(StringBuilder out, int level) {
    for (int i = 0; i < level; i++) {
      out.append("  ");
    }
  }

  private static void quote(StringBuilder out, String s) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20) {
            out.append("\\u00").append(hexDigit(c >> 4)).append(hexDigit(c & 0xf));
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }

  private static char hexDigit(int value) {
    return Character.toUpperCase(Character.forDigit(value, 16));
  }

  /** One pass over one document. Not thread-safe. */
  private static final class Reader {
    private final String text;
    private int pos;
    private int depth;

    Reader(String text) {
      this.text = text;
    }

    boolean atEnd() {
      return pos >= text.length();
    }

    void skipWhitespace() {
      while (pos < text.length()) {
        char c = text.charAt(pos);
        if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
          return;
        }
        pos++;
      }
    }

    /** The next character, without consuming it; fails at the end of the input. */
    char peek() throws IOException {
      if (atEnd()) {
        throw error("unexpected end of input");
      }
      return text.charAt(pos);
    }

    Object value() throws IOException {
      skipWhitespace();
      char c = peek();
      switch (c) {
        case '{':
          return object();
        case '[':
          return array();
        case '"':
          return string();
        case 't':
          literal("true");
          return Boolean.TRUE;
        case 'f':
          literal("false");
          return Boolean.FALSE;
        case 'n':
          literal("null");
          return NULL;
        default:
          if (c == '-' || (c >= '0' && c <= '9')) {
            return number();
          }
          throw error("unexpected character");
      }
    }

    private Map<String, Object> object() throws IOException {
      enter();
      pos++; // {
      Map<String, Object> members = new LinkedHashMap<>();
      skipWhitespace();
      if (peek() == '}') {
        pos++;
        depth--;
        return members;
      }
      while (true) {
        skipWhitespace();
        if (peek() != '"') {
          throw error("expected a name in double quotes");
        }
        String name = string();
        skipWhitespace();
        if (peek() != ':') {
          throw error("expected ':'");
        }
        pos++;
        Object value = value();
        members.put(name, value); // a repeated name keeps the last value
        skipWhitespace();
        char c = peek();
        pos++;
        if (c == '}') {
          depth--;
          return members;
        }
        if (c != ',') {
          pos--;
          throw error("expected ',' or '}'");
        }
      }
    }

    private List<Object> array() throws IOException {
      enter();
      pos++; // [
      List<Object> elements = new ArrayList<>();
      skipWhitespace();
      if (peek() == ']') {
        pos++;
        depth--;
        return elements;
      }
      while (true) {
        elements.add(value());
        skipWhitespace();
        char c = peek();
        pos++;
        if (c == ']') {
          depth--;
          return elements;
        }
        if (c != ',') {
          pos--;
          throw error("expected ',' or ']'");
        }
      }
    }

    private void enter() throws IOException {
      if (++depth > MAX_DEPTH) {
        throw error("nested deeper than " + MAX_DEPTH + " levels");
      }
    }

    private String string() throws IOException {
      pos++; // opening quote
      StringBuilder escaped = null;
      int start = pos;
      while (true) {
        char c = peek();
        if (c == '"') {
          String s =
              escaped == null
                  ? text.substring(start, pos)
                  : escaped.append(text, start, pos).toString();
          pos++;
          return s;
        }
        if (c < 0x20) {
          throw error("control character in a string");
        }
        if (c != '\\') {
          pos++;
          continue;
        }
        if (escaped == null) {
          escaped = new StringBuilder();
        }
        escaped.append(text, start, pos);
        pos++; // backslash
        char e = peek();
        pos++;
        switch (e) {
          case '"', '\\', '/' -> escaped.append(e);
          case 'b' -> escaped.append('\b');
          case 'f' -> escaped.append('\f');
          case 'n' -> escaped.append('\n');
          case 'r' -> escaped.append('\r');
          case 't' -> escaped.append('\t');
          case 'u' -> escaped.append(unicodeEscape());
          default -> {
            pos--;
            throw error("invalid escape in a string");
          }
        }
        start = pos;
      }
    }

    private char unicodeEscape() throws IOException {
      int value = 0;
      for (int i = 0; i < 4; i++) {
        int digit = Character.digit(peek(), 16);
        if (digit < 0) {
          throw error("invalid \\u escape in a string");
        }
        value = value * 16 + digit;
        pos++;
      }
      return (char) value;
    }

    /** RFC 8259: {@code -? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?}. */
    private Object number() throws IOException {
      int start = pos;
      if (text.charAt(pos) == '-') {
        pos++;
      }
      if (peek() == '0') {
        pos++;
      } else if (!digits()) {
        throw error("invalid number");
      }
      boolean integer = true;
      if (pos < text.length() && text.charAt(pos) == '.') {
        pos++;
        integer = false;
        if (atEnd() || !digits()) {
          throw error("invalid number");
        }
      }
      if (pos < text.length() && (text.charAt(pos) == 'e' || text.charAt(pos) == 'E')) {
        pos++;
        integer = false;
        if (pos < text.length() && (text.charAt(pos) == '+' || text.charAt(pos) == '-')) {
          pos++;
        }
        if (atEnd() || !digits()) {
          throw error("invalid number");
        }
      }
      String literal = text.substring(start, pos);
      if (integer) {
        try {
          return Long.parseLong(literal);
        } catch (NumberFormatException tooLarge) {
          // Valid JSON, just not a long; callers only need to know it is a number.
        }
      }
      return Double.valueOf(literal);
    }

    /** Consumes one or more decimal digits; returns whether there was one. */
    private boolean digits() {
      int start = pos;
      while (pos < text.length() && text.charAt(pos) >= '0' && text.charAt(pos) <= '9') {
        pos++;
      }
      return pos > start;
    }

    private void literal(String word) throws IOException {
      if (!text.startsWith(word, pos)) {
        throw error("unexpected character");
      }
      pos += word.length();
    }

    /** An error at the current position: line and column count from 1, as editors do. */
    IOException error(String what) {
      int line = 1;
      int lineStart = 0;
      for (int i = 0; i < pos && i < text.length(); i++) {
        if (text.charAt(i) == '\n') {
          line++;
          lineStart = i + 1;
        }
      }
      return new IOException(
          "not valid JSON: " + what + " at line " + line + ", column " + (pos - lineStart + 1));
    }
  }
}
