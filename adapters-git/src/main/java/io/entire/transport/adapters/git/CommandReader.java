package io.entire.transport.adapters.git;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Reads git's LF-terminated commands from the helper's stdin without reading ahead, so the same
 * stream can carry pkt-lines afterwards ({@code stateless-connect}). Not thread-safe.
 */
final class CommandReader {
  /** Longer command lines are refused rather than buffered without bound. */
  static final int MAX_LINE = 64 * 1024;

  private final InputStream in;

  /** Creates a reader over a (preferably buffered) stream that it never closes. */
  CommandReader(InputStream in) {
    this.in = in;
  }

  /**
   * Reads one line without its LF.
   *
   * @return the line (a last line without LF counts), or null at the end of the stream
   * @throws RemoteHelperException when the line is longer than {@link #MAX_LINE}
   * @throws IOException when reading fails
   */
  String readLine() throws IOException, RemoteHelperException {
    ByteArrayOutputStream line = new ByteArrayOutputStream(64);
    int b;
    while ((b = in.read()) >= 0) {
      if (b == '\n') {
        return line.toString(StandardCharsets.UTF_8);
      }
      if (line.size() >= MAX_LINE) {
        throw new RemoteHelperException("command from git is longer than " + MAX_LINE + " bytes");
      }
      line.write(b);
    }
    return line.size() == 0 ? null : line.toString(StandardCharsets.UTF_8);
  }
}
