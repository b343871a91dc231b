package io.entire.transport.adapters.cache;

import java.io.IOException;
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
 * <p>This class keeps the structure (nesting, commas, colons); {@link CacheJsonCursor} reads the
 * lexical parts. Not thread-safe; one reader per parse.
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
  static final int MAX_NUMBER_LENGTH = CacheJsonCursor.MAX_NUMBER_LENGTH;

  private final CacheJsonCursor at;

  /** For each open container, outermost first: whether it is an object. */
  private boolean[] objects = new boolean[16];

  private int depth;

  /** Whether the open container (or the top level) has just had a whole value. */
  private boolean afterValue;

  /** Whether a field name was just read, so its value comes next. */
  private boolean afterName;

  private Token token;
  private String text;

  CacheJsonReader(byte[] content) {
    at = new CacheJsonCursor(content);
  }

  /**
   * Reads the next token.
   *
   * @return the token, or {@code null} at the end of the content after the one top-level value (or
   *     of content with none: empty or whitespace)
   * @throws IOException when the content is not valid JSON there, saying where
   */
  Token next() throws IOException {
    at.skipWhitespace();
    if (depth == 0) {
      if (at.atEnd()) {
        return token = null;
      }
      if (afterValue) {
        throw at.error("content after the top-level value");
      }
      return value();
    }
    if (at.atEnd()) {
      throw at.error("the content ends inside " + (objects[depth - 1] ? "an object" : "an array"));
    }
    if (afterName) {
      at.expect(':', "a colon after a field name");
      afterName = false;
      at.skipWhitespace();
      return value();
    }
    boolean object = objects[depth - 1];
    if (at.peek() == (object ? '}' : ']')) {
      at.advance();
      depth--;
      afterValue = true;
      return token = object ? Token.END_OBJECT : Token.END_ARRAY;
    }
    if (afterValue) {
      at.expect(',', object ? "a comma or '}' after a field" : "a comma or ']' after an element");
      at.skipWhitespace();
    }
    if (!object) {
      return value();
    }
    if (at.atEnd() || at.peek() != '"') {
      throw at.error("expected a field name in double quotes");
    }
    text = at.string();
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
    return token == Token.INTEGER && at.fitsLong();
  }

  /** The value of the current {@link Token#INTEGER}; see {@link #isLong}. */
  long longValue() {
    if (!isLong()) {
      throw new IllegalStateException("no long at " + token);
    }
    return at.longValue();
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
    return at.where();
  }

  private Token value() throws IOException {
    if (at.atEnd()) {
      throw at.error("the content ends where a value belongs");
    }
    byte c = at.peek();
    switch (c) {
      case '{' -> {
        return open(true);
      }
      case '[' -> {
        return open(false);
      }
      case '"' -> {
        text = at.string();
        return scalar(Token.STRING);
      }
      case 't' -> {
        at.literal("true");
        return scalar(Token.TRUE);
      }
      case 'f' -> {
        at.literal("false");
        return scalar(Token.FALSE);
      }
      case 'n' -> {
        at.literal("null");
        return scalar(Token.NULL);
      }
      default -> {
        if (c == '-' || (c >= '0' && c <= '9')) {
          return scalar(at.number() ? Token.INTEGER : Token.FRACTION);
        }
        throw at.error("unexpected character where a value belongs");
      }
    }
  }

  private Token open(boolean object) throws IOException {
    if (depth == MAX_DEPTH) {
      throw at.error("nested deeper than " + MAX_DEPTH + " levels");
    }
    if (depth == objects.length) {
      objects = Arrays.copyOf(objects, depth * 2);
    }
    objects[depth++] = object;
    at.advance();
    afterValue = false;
    return token = object ? Token.START_OBJECT : Token.START_ARRAY;
  }

  private Token scalar(Token scalar) throws IOException {
    if (!at.atDelimiter()) {
      throw at.error("unexpected character after a value");
    }
    afterValue = true;
    return token = scalar;
  }
}
