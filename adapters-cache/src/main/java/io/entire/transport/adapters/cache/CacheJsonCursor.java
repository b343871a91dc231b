package io.entire.transport.adapters.cache;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.StandardCharsets;

/**
 * Where {@link CacheJsonReader} stands in the file's bytes, and the lexical part of its grammar:
 * whitespace, strings (escapes, UTF-8), numbers and literals, each read from the current position.
 * Errors say where (line and column, in bytes) and never quote the content.
 *
 * <p>Not thread-safe; one per reader.
 */
final class CacheJsonCursor {
  /** The longest number read; the same limit as Jackson's default. */
  static final int MAX_NUMBER_LENGTH = 1000;

  private final byte[] in;
  private final CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder();
  private int pos;
  private int line = 1;
  private int lineStart;
  private boolean fitsLong;
  private long longValue;

  /** A cursor at the start of {@code content}, past a UTF-8 byte order mark if there is one. */
  CacheJsonCursor(byte[] content) {
    in = content;
    if (in.length >= 3 && in[0] == (byte) 0xEF && in[1] == (byte) 0xBB && in[2] == (byte) 0xBF) {
      pos = 3;
      lineStart = 3;
    }
  }

  boolean atEnd() {
    return pos == in.length;
  }

  /** The byte at the cursor; only when not {@link #atEnd}. */
  byte peek() {
    return in[pos];
  }

  /** Steps over the byte at the cursor. */
  void advance() {
    pos++;
  }

  /** Whether the content ends here or a value may end here (a comma, a bracket, whitespace). */
  boolean atDelimiter() {
    if (atEnd()) {
      return true;
    }
    byte b = in[pos];
    return b == ',' || b == ']' || b == '}' || b == ' ' || b == '\t' || b == '\n' || b == '\r';
  }

  void skipWhitespace() {
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

  /** Steps over {@code c}, or fails saying what was expected. */
  void expect(char c, String what) throws IOException {
    if (pos == in.length || in[pos] != c) {
      throw error("expected " + what);
    }
    pos++;
  }

  /** Steps over {@code word} (a literal such as {@code true}), or fails. */
  void literal(String word) throws IOException {
    for (int i = 0; i < word.length(); i++) {
      if (pos + i == in.length || in[pos + i] != word.charAt(i)) {
        throw error("unexpected character where a value belongs");
      }
    }
    pos += word.length();
  }

  /**
   * Reads a number from the cursor (a minus sign or a digit).
   *
   * @return whether it is an integer (no fraction, no exponent); then see {@link #fitsLong} and
   *     {@link #longValue}
   */
  boolean number() throws IOException {
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
    fitsLong = false;
    if (integer) {
      try {
        longValue = Long.parseLong(new String(in, start, pos - start, StandardCharsets.US_ASCII));
        fitsLong = true;
      } catch (NumberFormatException e) {
        // beyond long: valid JSON, but no value this file uses
      }
    }
    return integer;
  }

  /** Whether the integer {@link #number} read last is within the range of {@code long}. */
  boolean fitsLong() {
    return fitsLong;
  }

  /** The integer {@link #number} read last, when it {@link #fitsLong}. */
  long longValue() {
    return longValue;
  }

  /** Reads a string from its opening quote at the cursor past its closing quote. */
  String string() throws IOException {
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

  /** Where the cursor stands, as {@code " at line L, column C"} (columns count bytes). */
  String where() {
    return " at line " + line + ", column " + (pos - lineStart + 1);
  }

  /** A parse error here: what is wrong, and where. */
  IOException error(String what) {
    return new IOException("not valid JSON: " + what + where());
  }

  private boolean digits() {
    int start = pos;
    while (pos < in.length && isDigit(in[pos])) {
      pos++;
    }
    return pos > start;
  }

  /** Reads the escape at the cursor (a backslash) and returns its character. */
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
      return utf8.decode(ByteBuffer.wrap(in, from, to - from)).toString();
    } catch (CharacterCodingException e) {
      throw error("a string that is not valid UTF-8");
    }
  }

  private static boolean isDigit(byte b) {
    return b >= '0' && b <= '9';
  }
}
