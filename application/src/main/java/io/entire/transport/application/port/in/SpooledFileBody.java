package io.entire.transport.application.port.in;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** A request body spooled to a temp file that this body owns and deletes on close. */
final class SpooledFileBody implements RequestBody {
  private final Path file;
  private final long length;

  SpooledFileBody(Path file) throws IOException {
    this.file = file;
    this.length = Files.size(file);
  }

  @Override
  public long length() {
    return length;
  }

  @Override
  public InputStream open() throws IOException {
    return Files.newInputStream(file);
  }

  @Override
  public void close() throws IOException {
    Files.deleteIfExists(file);
  }
}
