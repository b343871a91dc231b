package io.entire.transport.application.port.in;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Replayable request bodies of the port (F8). Spooling a stream (G12) is the git helper's: see
 * {@code SpooledRequestBodyTest} in adapters-git.
 */
class RequestBodyTest {
  @TempDir Path spoolDir;

  private static byte[] bytes(int n) {
    byte[] b = new byte[n];
    for (int i = 0; i < n; i++) {
      b[i] = (byte) (i * 7 + 3);
    }
    return b;
  }

  private static byte[] readAll(RequestBody body) throws IOException {
    try (InputStream in = body.open()) {
      return in.readAllBytes();
    }
  }

  @Test
  void f8_bytesAreReplayable() throws IOException {
    byte[] data = bytes(100);
    RequestBody body = RequestBody.ofBytes(data);

    assertEquals(100, body.length());
    assertArrayEquals(data, readAll(body));
    assertArrayEquals(data, readAll(body));
  }

  @Test
  void f8_filesAreReplayable() throws IOException {
    byte[] data = bytes(5000);
    Path file = Files.write(spoolDir.resolve("pack"), data);
    RequestBody body = RequestBody.ofFile(file);

    assertEquals(5000, body.length());
    assertArrayEquals(data, readAll(body));
    assertArrayEquals(data, readAll(body));
    body.close();
    assertTrue(Files.exists(file), "a caller's file is not deleted");
  }
}
