package io.entire.transport.adapters.cache;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads the cache file's JSON (RFC 8259, UTF-8) token by token, in the shape of the Jackson
 * streaming parser it replaced; the file is still written with Jackson's generator.
 *
 * <p>Why not Jackson's parser: every Jackson parser extends a base class whose static initialiser
 * creates {@code BigDecimal} constants, and on JDK 25 {@code BigDecimal}'s own initialiser computes
 * 5^65536 — about 17 ms of interpreted arithmetic on this machine, on the start path of every git
 * command the helper serves (DESIGN §7). The file's grammar is small, so the reader is too.
 *
 * <p>Strict, since the file is shared and may be damaged or edited: one top-level value and nothing
 * after it, no trailing commas, no leading zeros, no unescaped control characters, valid UTF-8
 * only, nesting at most {@value #MAX_DEPTH} deep (a deeper file is an error, never a stack
 * overflow), numbers at most {@value #MAX_NUMBER_LENGTH} characters. A UTF-8 byte order mark at the
 * start is skipped, as an editor may add one. Errors say where (line and column) and never quote
 * the content, which may hold anything a user pasted.
 *
 * <p>Not thread-safe; one reader per parse.
 */
final class CacheJsonReader {
  /** The JSON tokens; {@link #next} returns {@code null} at the end of the content. */
  enum Token {
    START_OBJECT,
    END_OBJECT,
    START_ARRAY,
    END_ARRAY,
    FIELD_NAME,
    STRING,
    /** A number without fraction or exponent. */
    INTEGER,
    /** A number with a fraction or an exponent. */
    FRACTION,
    TRUE,
    FALSE,
    NULL
  }

  /** The deepest nesting read; the same limit as Jackson's default. */
  static final int MAX_DEPTH = 1000;

  /** The longest number read; the same limit as Jackson's default. */
  static final int MAX_NUMBER_LENGTH = 1000;

  private final byte[] in;
  private final CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder();
  private int pos;
  private int line = 1;
  private int lineStart;

  /** For each open container, outermost first: whether it is an object. */
  private boolean[] objects = new boolean[16];

  private int depth;

  /** Whether the open container (or the top level) has just had a whole value. */
  private boolean afterValue;

  /** Whether a field name was just read, so its value comes next. */
  private boolean afterName;

  private Token token;
  private String text;
  private boolean fitsLong;
  private long longValue;

  CacheJsonReader(byte[] content) {
    in = content;
    if (in.length >= 3 && in[0] == (byte) 0xEF && in[1] == (byte) 0xBB && in[2] == (byte) 0xBF) {
      pos = 3;
      lineStart = 3;
    }
  }

  /**
   * Reads the next token.
   *
   * @return the token, or {@code null} at the end of the content after the one top-level value (or
   *     of content with none: empty or whitespace)
   * @throws IOException when the content is not valid JSON there, saying where
   */
  Token next() throws IOException {
    skipWhitespace();
    if (depth == 0) {
      if (pos == in.length) {
        return token = null;
      }
      if (afterValue) {
        throw error("content after the top-level value");
      }
      return value();
    }
    if (pos == in.length) {
      throw error("the content ends inside " + (objects[depth - 1] ? "an object" : "an array"));
    }
    if (afterName) {
      expect(':', "a colon after a field name");
      afterName = false;
      skipWhitespace();
      return value();
    }
    boolean object = objects[depth - 1];
    if (in[pos] == (object ? '}' : ']')) {
      pos++;
      depth--;
      afterValue = true;
      return token = object ? Token.END_OBJECT : Token.END_ARRAY;
    }
    if (afterValue) {
      expect(',', object ? "a comma or '}' after a field" : "a comma or ']' after an element");
      skipWhitespace();
    }
    if (!object) {
      return value();
    }
    if (pos == in.length || in[pos] != '"') {
      throw error("expected a field name in double quotes");
    }
    text = string();
    afterName = true;
    return token = Token.FIELD_NAME;
  }

  /** The token {@link #next} returned last; {@code null} before the first and at the end. */
  Token token() {
    return token;
  }

  /** The text of the current {@link Token#FIELD_NAME} or {@link Token#STRING}. */
  String text() {
    if (token != Token.FIELD_NAME && token != Token.STRING) {
      throw new IllegalStateException("no text at " + token);
    }
    return text;
  }

  /** Whether the current token is an {@link Token#INTEGER} within the range of {@code long}. */
  boolean isLong() {
    return token == Token.INTEGER && fitsLong;
  }

  /** The value of the current {@link Token#INTEGER}; see {@link #isLong}. */
  long longValue() {
    if (!isLong()) {
      throw new IllegalStateException("no long at " + token);
    }
    return longValue;
  }

  /**
   * When the current token opens an object or array, reads up to and including its end, so the
   * reader stands on that end; else does nothing.
   */
  void skipChildren() throws IOException {
    if (token != Token.START_OBJECT && token != Token.START_ARRAY) {
      return;
    }
    int outside = depth - 1;
    while (depth > outside) {
      next();
    }
  }

  /** Where the reader stands, as {@code " at line L, column C"} (columns count bytes). */
  String where() {
    return " at line " + line + ", column " + (pos - lineStart + 1);
  }

  private Token value() throws IOException {
    if (pos == in.length) {
      throw error("the content ends where a value belongs");
    }
    byte c = in[pos];
    switch (c) {
      case '{' -> {
        return open(true);
      }
      case '[' -> {
        return open(false);
      }
      case '"' -> {
        text = string();
        return scalar(Token.STRING);
      }
      case 't' -> {
        return literal("true", Token.TRUE);
      }
      case 'f' -> {
        return literal("false", Token.FALSE);
      }
      case 'n' -> {
        return literal("null", Token.NULL);
      }
      default -> {
        if (c == '-' || (c >= '0' && c <= '9')) {
          return scalar(number());
        }
        throw error("unexpected character where a value belongs");
      }
    }
  }

  private Token open(boolean object) throws IOException {
    if (depth == MAX_DEPTH) {
      throw error("nested deeper than " + MAX_DEPTH + " levels");
    }
    if (depth == objects.length) {
      objects = Arrays.copyOf(objects, depth * 2);
    }
    objects[depth++] = object;
    pos++;
    afterValue = false;
    return token = object ? Token.START_OBJECT : Token.START_ARRAY;
  }

  private Token scalar(Token scalar) throws IOException {
    if (pos < in.length && !isDelimiter(in[pos])) {
      throw error("unexpected character after a value");
    }
    afterValue = true;
    return token = scalar;
  }

  private Token literal(String word, Token literal) throws IOException {
    int end = pos + word.length();
    for (int i = 0; i < word.length(); i++) {
      if (pos + i == in.length || in[pos + i] != word.charAt(i)) {
        throw error("unexpected character where a value belongs");
      }
    }
    pos = end;
    return scalar(literal);
  }

  /** Reads a number from {@code pos}; returns whether it is an integer or a fraction. */
  private Token number() throws IOException {
    int start = pos;
    if (in[pos] == '-') {
      pos++;
    }
    if (pos < in.length && in[pos] == '0') {
      pos++;
      if (pos < in.length && isDigit(in[pos])) {
        throw error("a number with a leading zero");
      }
    } else if (!digits()) {
      throw error("a minus sign without digits");
    }
    boolean integer = true;
    if (pos < in.length && in[pos] == '.') {
      pos++;
      integer = false;
      if (!digits()) {
        throw error("a decimal point without digits after it");
      }
    }
    if (pos < in.length && (in[pos] == 'e' || in[pos] == 'E')) {
      pos++;
      integer = false;
      if (pos < in.length && (in[pos] == '+' || in[pos] == '-')) {
        pos++;
      }
      if (!digits()) {
        throw error("an exponent without digits");
      }
    }
    if (pos - start > MAX_NUMBER_LENGTH) {
      throw error("a number longer than " + MAX_NUMBER_LENGTH + " characters");
    }
    if (integer) {
      try {
        longValue = Long.parseLong(new String(in, start, pos - start, StandardCharsets.US_ASCII));
        fitsLong = true;
      } catch (NumberFormatException e) {
        fitsLong = false; // beyond long: valid JSON, but no value this file uses
      }
    }
    return integer ? Token.INTEGER : Token.FRACTION;
  }

  /** Reads digits from {@code pos}; returns whether there was at least one. */
  private boolean digits() {
    int start = pos;
    while (pos < in.length && isDigit(in[pos])) {
      pos++;
    }
    return pos > start;
  }

  /** Reads a string from its opening quote at {@code pos} past its closing quote. */
  private String string() throws IOException {
    pos++;
    StringBuilder out = null;
    int run = pos;
    while (true) {
      if (pos == in.length) {
        throw error("a string without its closing quote");
      }
      byte b = in[pos];
      if (b == '"') {
        String last = decode(run, pos);
        pos++;
        return out == null ? last : out.append(last).toString();
      }
      if (b == '\\') {
        if (out == null) {
          out = new StringBuilder();
        }
        out.append(decode(run, pos));
        out.append(escape());
        run = pos;
      } else if ((b & 0xff) < 0x20) {
        throw error("a control character in a string");
      } else {
        pos++;
      }
    }
  }

  /** Reads the escape at {@code pos} (a backslash) and returns its character. */
  private char escape() throws IOException {
    pos++;
    if (pos == in.length) {
      throw error("a string without its closing quote");
    }
    byte b = in[pos++];
    return switch (b) {
      case '"' -> '"';
      case '\\' -> '\\';
      case '/' -> '/';
      case 'b' -> '\b';
      case 'f' -> '\f';
      case 'n' -> '\n';
      case 'r' -> '\r';
      case 't' -> '\t';
      case 'u' -> unicodeEscape();
      default -> {
        pos--;
        throw error("an invalid escape in a string");
      }
    };
  }

  private char unicodeEscape() throws IOException {
    if (pos + 4 > in.length) {
      throw error("a \\u escape without four hex digits");
    }
    int value = 0;
    for (int i = 0; i < 4; i++) {
      int digit = Character.digit(in[pos] & 0xff, 16);
      if (digit < 0 || in[pos] >= 0x80) {
        throw error("a \\u escape without four hex digits");
      }
      value = value * 16 + digit;
      pos++;
    }
    return (char) value;
  }

  private String decode(int from, int to) throws IOException {
    if (from == to) {
      return "";
    }
    try {
      CharBuffer chars = utf8.decode(ByteBuffer.wrap(in, from, to - from));
      return chars.toString();
    } catch (CharacterCodingException e) {
      throw error("a string that is not valid UTF-8");
    }
  }

  private void skipWhitespace() {
    while (pos < in.length) {
      byte b = in[pos];
      if (b == '\n') {
        line++;
        lineStart = pos + 1;
      } else if (b != ' ' && b != '\t' && b != '\r') {
        return;
      }
      pos++;
    }
  }

  private void expect(char c, String what) throws IOException {
    if (pos == in.length || in[pos] != c) {
      throw error("expected " + what);
    }
    pos++;
  }

  private static boolean isDigit(byte b) {
    return b >= '0' && b <= '9';
  }

  private static boolean isDelimiter(byte b) {
    return b == ',' || b == ']' || b == '}' || b == ' ' || b == '\t' || b == '\n' || b == '\r';
  }

  private IOException error(String what) {
    return new IOException("not valid JSON: " + what + where());
  }
}
