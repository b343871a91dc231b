package io.entire.transport.adapters.auth;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * Captures what is written to {@code System.err} (where slf4j-simple logs, looked up per message)
 * while it is open, so A5 tests can search the log output for secrets.
 */
final class LogCapture implements AutoCloseable {
  private final PrintStream original = System.err;
  private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();

  LogCapture() {
    System.setErr(new PrintStream(buffer, true, StandardCharsets.UTF_8));
  }

  String text() {
    System.err.flush();
    return buffer.toString(StandardCharsets.UTF_8);
  }

  @Override
  public void close() {
    System.setErr(original);
    original.print(text());
  }
}
