package io.entire.transport.bootstrap.integration;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Builds git pkt-line request bodies as git itself would send them, so the real {@code git
 * http-backend} behind the testkit accepts them. Stateless.
 */
final class PktLines {
  static final String FLUSH = "0000";
  static final String DELIM = "0001";

  /** The upload-pack advertisement of a v0 info/refs response starts with exactly this. */
  static final String UPLOAD_PACK_ADVERTISEMENT_START = "001e# service=git-upload-pack";

  private final StringBuilder text = new StringBuilder();

  /** Appends one data pkt-line (length prefix + payload). */
  PktLines line(String payload) {
    int length = payload.getBytes(StandardCharsets.UTF_8).length + 4;
    text.append(String.format(Locale.ROOT, "%04x", length)).append(payload);
    return this;
  }

  /** Appends a special packet such as {@link #FLUSH} or {@link #DELIM}. */
  PktLines special(String packet) {
    text.append(packet);
    return this;
  }

  byte[] bytes() {
    return text.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** A protocol v2 {@code ls-refs} command with {@code prefixes} as ref-prefix arguments. */
  static byte[] lsRefs(String... prefixes) {
    PktLines body = new PktLines().line("command=ls-refs\n");
    if (prefixes.length > 0) {
      body.special(DELIM);
      for (String prefix : prefixes) {
        body.line("ref-prefix " + prefix + "\n");
      }
    }
    return body.special(FLUSH).bytes();
  }
}
