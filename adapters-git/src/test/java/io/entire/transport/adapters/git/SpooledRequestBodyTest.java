package io.entire.transport.adapters.git;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.entire.transport.application.port.in.RequestBody;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Spooling the requests git writes on a pipe (G12) into replayable bodies (F8); moved here with the
 * code from the inbound port, assertions unchanged.
 */
class SpooledRequestBodyTest {
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

  private List<Path> spoolFiles() throws IOException {
    try (Stream<Path> files = Files.list(spoolDir)) {
      return files.toList();
    }
  }

  /** Hands out at most {@code chunk} bytes per read, so spooling crosses the threshold mid-read. */
  private static InputStream trickle(byte[] data, int chunk) {
    return new FilterInputStream(new ByteArrayInputStream(data)) {
      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        return super.read(b, off, Math.min(len, chunk));
      }
    };
  }

  @Test
  void spoolKeepsSmallBodiesInMemory() throws IOException {
    byte[] data = bytes(1000);

    try (RequestBody body =
        SpooledRequestBody.spool(new ByteArrayInputStream(data), 1000, spoolDir)) {
      assertEquals(List.of(), spoolFiles(), "up to the threshold nothing touches the disk");
      assertEquals(1000, body.length());
      assertArrayEquals(data, readAll(body));
      assertArrayEquals(data, readAll(body));
    }
  }

  @Test
  void g12_spoolWritesLargerBodiesToATempFileGoneAfterClose() throws IOException {
    byte[] data = bytes(250_000);
    RequestBody body = SpooledRequestBody.spool(trickle(data, 7_000), 100_000, spoolDir);

    assertInstanceOf(SpooledFileBody.class, body);
    assertEquals(250_000, body.length());
    assertArrayEquals(data, readAll(body));
    assertArrayEquals(data, readAll(body), "replayable from the start (F8)");

    body.close();
    assertEquals(List.of(), spoolFiles());
    body.close(); // idempotent
  }

  @Test
  void spoolCrossingTheThresholdByOneByteGoesToDisk() throws IOException {
    byte[] data = bytes(1001);

    try (RequestBody body = SpooledRequestBody.spool(trickle(data, 1), 1000, spoolDir)) {
      assertInstanceOf(SpooledFileBody.class, body);
      assertArrayEquals(data, readAll(body));
    }
  }

  @Test
  void hardening_7_G12_spoolFileIsUnlinkedWhileTheBodyIsOpen_yetStaysReplayable_F8()
      throws Exception {
    assumeTrue(
        spoolDir.getFileSystem().supportedFileAttributeViews().contains("posix"),
        "POSIX file systems can delete an open file");
    byte[] data = bytes(250_000);

    try (RequestBody body = SpooledRequestBody.spool(trickle(data, 7_000), 100_000, spoolDir)) {
      assertInstanceOf(SpooledFileBody.class, body, "over the threshold: spooled to disk");
      assertEquals(
          List.of(), spoolFiles(), "hardening_7: no entire-body-* file a SIGKILL could leave");
      assertEquals(250_000, body.length());
      assertArrayEquals(data, readAll(body));
      assertArrayEquals(data, readAll(body), "F8: each open starts at the first byte");
    }
  }

  @Test
  void hardening_7_F8_streamsOpenAtTheSameTimeReadIndependently() throws Exception {
    byte[] data = bytes(250_000);

    try (RequestBody body =
        SpooledRequestBody.spool(new ByteArrayInputStream(data), 1000, spoolDir)) {
      ByteArrayOutputStream first = new ByteArrayOutputStream();
      ByteArrayOutputStream second = new ByteArrayOutputStream();
      try (InputStream a = body.open();
          InputStream b = body.open()) {
        // Interleaved: a has read ahead of b when b starts, and each continues where it was.
        first.write(a.readNBytes(100_000));
        second.write(b.readNBytes(3));
        assertEquals(data[100_000], (byte) a.read());
        first.write(data[100_000]);
        assertEquals(1000, b.skip(1000));
        second.write(data, 3, 1000);
        first.write(a.readAllBytes());
        second.write(b.readAllBytes());
        assertEquals(-1, a.read());
      }
      assertArrayEquals(data, first.toByteArray());
      assertArrayEquals(data, second.toByteArray());

      // And from several threads at once.
      ExecutorService pool = Executors.newFixedThreadPool(4);
      try {
        List<Future<byte[]>> reads = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
          reads.add(pool.submit(() -> readAll(body)));
        }
        for (Future<byte[]> read : reads) {
          assertArrayEquals(data, read.get(30, TimeUnit.SECONDS));
        }
      } finally {
        pool.shutdownNow();
      }
    }
  }

  @Test
  void hardening_7_closedSpooledBody_cannotBeOpenedAgain() throws IOException {
    RequestBody body =
        SpooledRequestBody.spool(new ByteArrayInputStream(bytes(5000)), 10, spoolDir);
    body.close();

    assertThrows(IOException.class, () -> readAll(body));
    body.close(); // idempotent
  }

  @Test
  void hardening_7_whereAnOpenFileCannotBeDeleted_theSpoolFileIsDeletedOnClose()
      throws IOException {
    byte[] data = bytes(5000);
    Path file = Files.write(spoolDir.resolve("entire-body-1.spool"), data);
    RequestBody body =
        new SpooledFileBody(
            FileChannel.open(file, StandardOpenOption.READ), data.length, Optional.of(file));

    assertArrayEquals(data, readAll(body));
    body.close();

    assertEquals(List.of(), spoolFiles());
  }

  @Test
  void spoolIntoTheDefaultTempDirectory() throws IOException {
    byte[] data = bytes(3000);

    try (RequestBody body = SpooledRequestBody.spool(new ByteArrayInputStream(data), 10, null)) {
      assertArrayEquals(data, readAll(body));
    }
  }

  @Test
  void spoolDoesNotCloseTheSourceStream() throws IOException {
    boolean[] closed = {false};
    InputStream source =
        new FilterInputStream(new ByteArrayInputStream(bytes(50))) {
          @Override
          public void close() {
            closed[0] = true;
          }
        };

    SpooledRequestBody.spool(source, 10, spoolDir).close();

    assertFalse(closed[0]);
  }

  @Test
  void aFailingSourceLeavesNoSpoolFileBehind() throws IOException {
    InputStream failing =
        new InputStream() {
          private int served;

          @Override
          public int read() throws IOException {
            if (served++ < 5000) {
              return 'x';
            }
            throw new IOException("stdin closed");
          }
        };

    IOException e =
        assertThrows(IOException.class, () -> SpooledRequestBody.spool(failing, 100, spoolDir));

    assertEquals("stdin closed", e.getMessage());
    assertEquals(List.of(), spoolFiles());
  }

  @Test
  void negativeThresholdIsRefused() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> SpooledRequestBody.spool(new ByteArrayInputStream(new byte[0]), -1, spoolDir));

    assertEquals("memoryThreshold must not be negative: -1", e.getMessage());
  }
}
