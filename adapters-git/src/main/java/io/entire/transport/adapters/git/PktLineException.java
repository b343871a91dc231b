package io.entire.transport.adapters.git;

import java.io.IOException;

/**
 * A pkt-line stream broke the framing rules: bad length digits, a reserved or oversized length, a
 * packet cut short, or a special packet where it is not allowed. The message names the stream and
 * what was wrong.
 */
public final class PktLineException extends IOException {
  private static final long serialVersionUID = 1L;

  /** Creates the exception with a message naming the stream and the violation. */
  public PktLineException(String message) {
    super(message);
  }
}
