package io.entire.transport.adapters.git;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The bulk relay of stateless v2 responses (G4): bytes pass unchanged whatever the read sizes, only
 * whole validated packets are written, and every broken response is an error.
 */
class PktLineRelayTest {
  private static final int SMALLEST_BUFFER = 2 * PktLine.MAX_PACKET_LENGTH;
  private static final String SOURCE = "response of git-upload-pack from https://h/r";

  /** A response like a fetch: sections, delimiters, empty and full-size sideband packets. */
  private static byte[] fetchResponse() {
    Wire wire = Wire.of("acknowledgments\n", "ready\n", "0001", "packfile\n");
    Random random = new Random(7);
    for (int size : new int[] {0, 1, PktLine.MAX_PAYLOAD, 17, PktLine.MAX_PAYLOAD, 4000, 65_000}) {
      byte[] payload = new byte[size];
      random.nextBytes(payload);
      wire.raw(PktLine.data(payload).encode());
    }
    return wire.lines("0000").bytes();
  }

  /** Serves {@code data} in reads of at most {@code chunk} bytes, as a socket does. */
  private static class ChunkedStream extends InputStream {
    private final byte[] data;
    private final int chunk;
    int position;
    int reads;

    ChunkedStream(byte[] data, int chunk) {
      this.data = data;
      this.chunk = chunk;
    }

    @Override
    public int read() {
      return position < data.length ? data[position++] & 0xff : -1;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      if (position >= data.length) {
        return -1;
      }
      int n = Math.min(Math.min(len, chunk), data.length - position);
      System.arraycopy(data, position, b, off, n);
      position += n;
      reads++;
      return n;
    }
  }

  /** Records writes and, at each flush, how many bytes had been written. */
  private static final class RecordingOutput extends ByteArrayOutputStream {
    final List<Integer> flushedAt = new ArrayList<>();

    @Override
    public void flush() {
      flushedAt.add(size());
    }
  }

  private static PktLineException relayFails(byte[] response, ByteArrayOutputStream out) {
    return assertThrows(
        PktLineException.class,
        () -> new PktLineRelay(SMALLEST_BUFFER).relay(new ChunkedStream(response, 5), out, SOURCE));
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 3, 4, 5, 4096, 32_768, 65_521, Integer.MAX_VALUE})
  void g4ResponseBytesPassUnchangedWhateverTheReadSizes(int chunk) throws IOException {
    byte[] response = fetchResponse();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    long packets =
        new PktLineRelay(SMALLEST_BUFFER).relay(new ChunkedStream(response, chunk), out, SOURCE);
    assertArrayEquals(response, out.toByteArray());
    assertEquals(12, packets);
  }

  @Test
  void g4OneRelayServesResponseAfterResponseWithItsOneBuffer() throws IOException {
    PktLineRelay relay = new PktLineRelay(SMALLEST_BUFFER);
    byte[] first = fetchResponse();
    byte[] second = Wire.of("shallow-info\n", "0000").bytes();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    relay.relay(new ChunkedStream(first, 40_000), out, SOURCE);
    relay.relay(new ChunkedStream(second, 40_000), out, SOURCE);
    byte[] both = Arrays.copyOf(first, first.length + second.length);
    System.arraycopy(second, 0, both, first.length, second.length);
    assertArrayEquals(both, out.toByteArray());
  }

  @Test
  void g4WholePacketsAreWrittenAndFlushedAsTheyArriveTheRestWaits() throws IOException {
    byte[] progress = Wire.of("\u0002Counting objects: 1\n").bytes();
    byte[] big = PktLine.data(new byte[1000]).encode();
    byte[] response = new Wire().raw(progress).raw(big).lines("0000").bytes();
    RecordingOutput out = new RecordingOutput();
    // First read: the progress packet and half of the big one; the rest comes later.
    int firstRead = progress.length + big.length / 2;
    InputStream in =
        new ChunkedStream(response, firstRead) {
          @Override
          public int read(byte[] b, int off, int len) {
            if (reads == 1) {
              assertArrayEquals(progress, out.toByteArray(), "progress passed on before the rest");
              assertEquals(List.of(progress.length), out.flushedAt, "and flushed");
            }
            return super.read(b, off, len);
          }
        };
    new PktLineRelay(SMALLEST_BUFFER).relay(in, out, SOURCE);
    assertArrayEquals(response, out.toByteArray());
    assertEquals(response.length, out.flushedAt.get(out.flushedAt.size() - 1));
  }

  @Test
  void g4ResponseEndingInsideAPacketIsAnErrorAndItsPartIsNeverWritten() {
    byte[] whole = Wire.of("packfile\n").bytes();
    byte[] cut = new Wire().raw(whole).raw("0010abc").bytes();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PktLineException e = relayFails(cut, out);
    assertEquals(
        "protocol error in "
            + SOURCE
            + ": stream ended inside a pkt-line (expected 12 payload bytes, got 3)",
        e.getMessage());
    assertArrayEquals(whole, out.toByteArray(), "only the whole packet before it");
  }

  @Test
  void g4ResponseEndingInsideALargePacketIsAnError() {
    byte[] big = PktLine.data(new byte[PktLine.MAX_PAYLOAD]).encode();
    byte[] cut = Arrays.copyOf(big, big.length - 1);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PktLineException e = relayFails(cut, out);
    assertTrue(e.getMessage().contains("expected 65516 payload bytes, got 65515"), e.getMessage());
    assertEquals(0, out.size());
  }

  @ParameterizedTest
  @ValueSource(strings = {"0", "00", "000"})
  void g4ResponseEndingInsideAHeaderIsAnError(String partial) {
    byte[] cut = Wire.of("packfile\n").raw(partial).bytes();
    PktLineException e = relayFails(cut, new ByteArrayOutputStream());
    assertTrue(e.getMessage().contains("(" + partial.length() + " of 4 bytes)"), e.getMessage());
  }

  @Test
  void g4ResponseEndPacketFromTheServerIsAnErrorAndNotPassedOn() {
    byte[] sneaky = Wire.of("x\n", "0002", "0000").bytes();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PktLineException e = relayFails(sneaky, out);
    assertTrue(e.getMessage().contains("(0002)"), e.getMessage());
    assertTrue(e.getMessage().contains(SOURCE), e.getMessage());
    assertTrue(!out.toString(StandardCharsets.ISO_8859_1).contains("0002"), out.toString());
  }

  @ParameterizedTest
  @ValueSource(strings = {"0003", "zz12", "00g0", "fff1", "ffff"})
  void g4MalformedLengthsAreErrorsNamingTheResponse(String header) {
    byte[] bad = Wire.of("x\n").raw(header + "abcdefgh").bytes();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PktLineException e = relayFails(bad, out);
    assertTrue(e.getMessage().startsWith("protocol error in " + SOURCE + ": "), e.getMessage());
    assertTrue(
        e.getMessage().contains("0003")
            || e.getMessage().contains("invalid pkt-line length header")
            || e.getMessage().contains("exceeds the maximum of 65520"),
        e.getMessage());
    assertTrue(!out.toString(StandardCharsets.ISO_8859_1).contains(header), "never passed on");
  }

  @Test
  void g4EmptyResponseIsAnError() {
    PktLineException e = relayFails(new byte[0], new ByteArrayOutputStream());
    assertEquals("protocol error in " + SOURCE + ": empty response", e.getMessage());
  }

  @Test
  void g4ReadFailureOfTheResponsePropagates() {
    IOException reset = new IOException("connection reset");
    InputStream breaking =
        new InputStream() {
          @Override
          public int read() throws IOException {
            throw reset;
          }
        };
    IOException e =
        assertThrows(
            IOException.class,
            () -> new PktLineRelay().relay(breaking, new ByteArrayOutputStream(), SOURCE));
    assertSame(reset, e);
  }

  @Test
  void refusesABufferTooSmallToCompleteAPacket() {
    assertThrows(IllegalArgumentException.class, () -> new PktLineRelay(SMALLEST_BUFFER - 1));
  }
}
