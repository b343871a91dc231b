package io.entire.transport.adapters.git;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * git's C-style quoting ({@code quote_c_style}/{@code unquote_c_style}): git quotes option values
 * that contain control characters, quotes, backslashes or non-ASCII bytes as {@code "…"} with
 * backslash escapes and three-digit octal bytes. Stateless.
 */
final class CQuotedString {
  private CQuotedString() {}

  /** Returns whether the value is C-quoted (starts with a double quote). */
  static boolean isQuoted(String value) {
    return value.startsWith("\"");
  }

  /**
   * Unquotes a C-quoted value; the closing quote must end the value.
   *
   * @param quoted the value, starting with {@code "}
   * @return the unquoted value (bytes decoded as UTF-8)
   * @throws IllegalArgumentException naming what is wrong with the quoting
   */
  static String unquote(String quoted) {
    if (!isQuoted(quoted)) {
      throw new IllegalArgumentException("value is not quoted");
    }
    byte[] in = quoted.getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream out = new ByteArrayOutputStream(in.length);
    int i = 1;
    while (true) {
      if (i >= in.length) {
        throw new IllegalArgumentException("missing closing quote");
      }
      byte b = in[i++];
      if (b == '"') {
        if (i != in.length) {
          throw new IllegalArgumentException("text after the closing quote");
        }
        break;
      }
      if (b != '\\') {
        out.write(b);
        continue;
      }
      if (i >= in.length) {
        throw new IllegalArgumentException("backslash at the end");
      }
      byte e = in[i++];
      switch (e) {
        case 'a' -> out.write(7);
        case 'b' -> out.write('\b');
        case 'f' -> out.write('\f');
        case 'n' -> out.write('\n');
        case 'r' -> out.write('\r');
        case 't' -> out.write('\t');
        case 'v' -> out.write(11);
        case '\\', '"' -> out.write(e);
        case '0', '1', '2', '3' -> {
          if (i + 1 >= in.length || !isOctal(in[i]) || !isOctal(in[i + 1])) {
            throw new IllegalArgumentException("bad octal escape");
          }
          out.write(((e - '0') << 6) | ((in[i] - '0') << 3) | (in[i + 1] - '0'));
          i += 2;
        }
        default -> throw new IllegalArgumentException("unknown escape '\\" + (char) e + "'");
      }
    }
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(out.toByteArray()))
          .toString();
    } catch (CharacterCodingException ex) {
      throw new IllegalArgumentException("quoted bytes are not UTF-8", ex);
    }
  }

  private static boolean isOctal(byte b) {
    return b >= '0' && b <= '7';
  }
}
