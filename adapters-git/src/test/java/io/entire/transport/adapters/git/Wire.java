package io.entire.transport.adapters.git;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Builds pkt-line byte sequences for tests: text lines become packets, "0000"/"0001"/"0002"
 * specials.
 */
final class Wire {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();

  static Wire of(String... lines) {
    return new Wire().lines(lines);
  }

  Wire lines(String... lines) {
    for (String line : lines) {
      try {
        switch (line) {
          case "0000" -> PktLine.FLUSH.writeTo(out);
          case "0001" -> PktLine.DELIM.writeTo(out);
          case "0002" -> PktLine.RESPONSE_END.writeTo(out);
          default -> PktLine.text(line).writeTo(out);
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return this;
  }

  Wire raw(String raw) {
    out.writeBytes(raw.getBytes(StandardCharsets.ISO_8859_1));
    return this;
  }

  Wire raw(byte[] raw) {
    out.writeBytes(raw);
    return this;
  }

  byte[] bytes() {
    return out.toByteArray();
  }

  String string() {
    return out.toString(StandardCharsets.ISO_8859_1);
  }
}
