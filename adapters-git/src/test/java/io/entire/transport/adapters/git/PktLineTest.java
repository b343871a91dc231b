package io.entire.transport.adapters.git;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The pkt-line codec: wire format and strict validation of every malformed case. */
class PktLineTest {

  private static PktLineReader reader(String wire) {
    return reader(wire.getBytes(StandardCharsets.ISO_8859_1));
  }

  private static PktLineReader reader(byte[] wire) {
    return new PktLineReader(new ByteArrayInputStream(wire), "test stream");
  }

  @Test
  void writesDataWithFourHexDigitsCountingTheHeader() throws IOException {
    assertEquals(
        "000ahello\n", new String(PktLine.text("hello\n").encode(), StandardCharsets.UTF_8));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PktLine.text("a").writeTo(out);
    PktLine.FLUSH.writeTo(out);
    PktLine.DELIM.writeTo(out);
    PktLine.RESPONSE_END.writeTo(out);
    assertEquals("0005a000000010002", out.toString(StandardCharsets.UTF_8));
  }

  @Test
  void writesEmptyDataPacketAs0004() {
    assertEquals("0004", new String(PktLine.data(new byte[0]).encode(), StandardCharsets.UTF_8));
  }

  @Test
  void readsSpecialPackets() throws IOException {
    PktLineReader r = reader("000000010002");
    assertSame(PktLine.FLUSH, r.read());
    assertSame(PktLine.DELIM, r.read());
    assertSame(PktLine.RESPONSE_END, r.read());
    assertNull(r.read(), "clean end of stream");
  }

  @Test
  void readsDataAndChompsOneNewlineInText() throws IOException {
    PktLineReader r = reader("000ahello\n0008done0004");
    PktLine hello = r.read();
    assertTrue(hello.isData());
    assertEquals("hello", hello.text());
    assertArrayEquals("hello\n".getBytes(StandardCharsets.UTF_8), hello.payload());
    assertEquals("done", r.read().text());
    PktLine empty = r.read();
    assertTrue(empty.isData());
    assertEquals(0, empty.payloadLength());
  }

  @Test
  void acceptsUpperCaseHexDigits() throws IOException {
    byte[] payload = new byte[0xAB - 4];
    byte[] wire = concat("00AB".getBytes(StandardCharsets.US_ASCII), payload);
    assertEquals(0xAB - 4, reader(wire).read().payloadLength());
  }

  @Test
  void roundTripsTheLargestPacket() throws IOException {
    byte[] payload = new byte[PktLine.MAX_PAYLOAD];
    Arrays.fill(payload, (byte) 'x');
    byte[] wire = PktLine.data(payload).encode();
    assertEquals("fff0", new String(wire, 0, 4, StandardCharsets.US_ASCII));
    assertArrayEquals(payload, reader(wire).read().payload());
  }

  @Test
  void refusesToBuildAnOversizedPacket() {
    assertThrows(
        IllegalArgumentException.class, () -> PktLine.data(new byte[PktLine.MAX_PAYLOAD + 1]));
  }

  @ParameterizedTest
  @ValueSource(strings = {"zz12", "00g0", "-001", " 00a", "0x10"})
  void badHexIsAProtocolErrorNamingTheHeader(String header) {
    PktLineException e =
        assertThrows(PktLineException.class, () -> reader(header + "abcdef").read());
    assertTrue(e.getMessage().contains("invalid pkt-line length header"), e.getMessage());
    assertTrue(e.getMessage().contains("test stream"), e.getMessage());
  }

  @Test
  void badHeaderWithControlBytesIsEscapedInTheMessage() {
    PktLineException e = assertThrows(PktLineException.class, () -> reader("00\n\0").read());
    assertTrue(e.getMessage().contains("00\\x0a\\x00"), e.getMessage());
  }

  @Test
  void length0003IsReserved() {
    PktLineException e = assertThrows(PktLineException.class, () -> reader("0003x").read());
    assertTrue(e.getMessage().contains("0003"), e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"fff1", "fffa", "ffff"})
  void lengthAboveTheMaximumIsRefused(String header) {
    PktLineException e = assertThrows(PktLineException.class, () -> reader(header).read());
    assertTrue(e.getMessage().contains("exceeds the maximum of 65520"), e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"0", "00", "000"})
  void endOfStreamInsideTheHeaderIsAnError(String partial) {
    PktLineException e = assertThrows(PktLineException.class, () -> reader(partial).read());
    assertTrue(e.getMessage().contains("inside a pkt-line header"), e.getMessage());
    assertTrue(e.getMessage().contains(partial.length() + " of 4 bytes"), e.getMessage());
  }

  @Test
  void endOfStreamInsideThePayloadIsAnErrorNotAShortPacket() {
    PktLineException e = assertThrows(PktLineException.class, () -> reader("000ahel").read());
    assertTrue(e.getMessage().contains("expected 6 payload bytes, got 3"), e.getMessage());
  }

  @Test
  void readRequiredTurnsEndOfStreamIntoAnErrorSayingWhatWasExpected() {
    PktLineException e =
        assertThrows(PktLineException.class, () -> reader("").readRequired("the flush packet"));
    assertEquals(
        "protocol error in test stream: stream ended before the flush packet", e.getMessage());
  }

  @Test
  void toStringNeverShowsThePayload() {
    assertEquals("PktLine[DATA, 6 bytes]", PktLine.text("secret").toString());
    assertEquals("PktLine[FLUSH]", PktLine.FLUSH.toString());
  }

  @Test
  void equalityIsByTypeAndPayload() {
    assertEquals(PktLine.text("a"), PktLine.data(new byte[] {'a'}));
    assertTrue(!PktLine.FLUSH.equals(PktLine.data(new byte[0])));
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
