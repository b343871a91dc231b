package io.entire.transport.testkit;

import java.io.IOException;

/** A request the server cannot parse; answered with 400 and the connection closed. */
final class BadRequestException extends IOException {
  private static final long serialVersionUID = 1L;

  BadRequestException(String message) {
    super(message);
  }
}
