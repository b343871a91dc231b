package io.entire.transport.adapters.git;

import static io.entire.transport.adapters.git.AdvertisementTest.A;
import static io.entire.transport.adapters.git.AdvertisementTest.B;
import static io.entire.transport.adapters.git.AdvertisementTest.C;
import static io.entire.transport.adapters.git.AdvertisementTest.ZERO;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The report-status of a replayed push (G6, hardening_push_replay): compare-and-swap refusals of
 * refs that already hold what was pushed become {@code ok}; everything else reaches send-pack as
 * the server sent it.
 */
class ReplayedPushReportTest {

  private static final String MAIN = "refs/heads/main";
  private static final String TOPIC = "refs/heads/topic";
  private static final String GONE = "refs/heads/gone";

  /** main: A → B, topic: created at B, gone: deleted (was C). */
  private static PushCommands push(String... capabilities) {
    return PushCommands.of(
        List.of(
            new PushCommands.Command(A, B, MAIN),
            new PushCommands.Command(ZERO, B, TOPIC),
            new PushCommands.Command(C, ZERO, GONE)),
        Set.of(capabilities));
  }

  /** Counts reads of the refs, which must happen only when a refusal needs checking. */
  private static final class Refs implements ReplayedPushReport.CurrentRefs {
    final AtomicInteger reads = new AtomicInteger();
    private final Map<String, String> refs;

    Refs(Map<String, String> refs) {
      this.refs = refs;
    }

    @Override
    public Map<String, String> read() {
      reads.incrementAndGet();
      return refs;
    }
  }

  /** The response as the subprocess receives it: what arrived during the relay, then the rest. */
  private record Relayed(byte[] duringRelay, byte[] rest) {
    byte[] all() {
      byte[] out = Arrays.copyOf(duringRelay, duringRelay.length + rest.length);
      System.arraycopy(rest, 0, out, duringRelay.length, rest.length);
      return out;
    }
  }

  private static Relayed relay(PushCommands commands, Refs refs, byte[] response)
      throws IOException {
    ReceivePackResponse relay = new ReceivePackResponse(commands, refs);
    ByteArrayOutputStream child = new ByteArrayOutputStream();
    assertTrue(
        relay.relay(
            new ByteArrayInputStream(response),
            (bytes, length) -> {
              child.write(bytes, 0, length);
              return true;
            }));
    assertEquals(response.length, relay.received());
    return new Relayed(child.toByteArray(), relay.rest());
  }

  /** Wraps the bytes in side-band channel-{@code channel} packets of at most {@code max} bytes. */
  private static byte[] sideBand(int channel, byte[] data, int max) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int offset = 0; offset < data.length; offset += max) {
      int length = Math.min(max, data.length - offset);
      byte[] packet = new byte[length + 1];
      packet[0] = (byte) channel;
      System.arraycopy(data, offset, packet, 1, length);
      out.writeBytes(PktLine.data(packet).encode());
    }
    return out.toByteArray();
  }

  /** Reads side-band channel 1 out of a multiplexed response, as send-pack's demultiplexer does. */
  private static byte[] channel(int channel, byte[] response) throws IOException {
    PktLineReader reader = new PktLineReader(new ByteArrayInputStream(response), "test");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PktLine line;
    while ((line = reader.read()) != null && !line.isFlush()) {
      byte[] payload = line.payload();
      if (payload[0] == channel) {
        out.write(payload, 1, payload.length - 1);
      }
    }
    return out.toByteArray();
  }

  @Test
  void hardening_push_replay_g6PlainReportCompareAndSwapRefusalsOfLandedRefsBecomeOk()
      throws IOException {
    byte[] response =
        Wire.of(
                "unpack ok\n",
                "ng " + MAIN + " failed to update ref\n",
                "ng " + TOPIC + " reference already exists\n",
                "ng " + GONE + " failed to update ref\n",
                "0000")
            .bytes();
    Refs refs = new Refs(Map.of(MAIN, B, TOPIC, B));

    Relayed relayed = relay(push("report-status"), refs, response);

    assertEquals(0, relayed.duringRelay().length, "the report is held until it is checked");
    assertArrayEquals(
        Wire.of("unpack ok\n", "ok " + MAIN + "\n", "ok " + TOPIC + "\n", "ok " + GONE + "\n")
            .lines("0000")
            .bytes(),
        relayed.rest());
    assertEquals(1, refs.reads.get());
  }

  @Test
  void hardening_push_replay_g6SideBandReportIsRewrittenInsideChannelOneAndProgressFlowsAtOnce()
      throws IOException {
    byte[] report =
        Wire.of(
                "unpack ok\n",
                "ng " + MAIN + " failed to update ref\n",
                "ng " + TOPIC + " non-fast-forward\n",
                "0000")
            .bytes();
    byte[] progress =
        sideBand(
            2, "error: cannot lock ref 'refs/heads/main'\n".getBytes(StandardCharsets.UTF_8), 99);
    // The report split across several channel-1 packets at arbitrary byte boundaries.
    byte[] response = new Wire().raw(progress).raw(sideBand(1, report, 7)).lines("0000").bytes();
    Refs refs = new Refs(Map.of(MAIN, B, TOPIC, B));

    Relayed relayed = relay(push("report-status-v2", "side-band-64k"), refs, response);

    assertArrayEquals(progress, relayed.duringRelay(), "progress is passed on as it arrives");
    assertArrayEquals(
        Wire.of("unpack ok\n", "ok " + MAIN + "\n", "ng " + TOPIC + " non-fast-forward\n", "0000")
            .bytes(),
        channel(1, relayed.rest()),
        "the rewritten report, inside channel 1");
    byte[] rest = relayed.rest();
    assertArrayEquals(
        "0000".getBytes(StandardCharsets.US_ASCII),
        Arrays.copyOfRange(rest, rest.length - 4, rest.length),
        "the outer flush ends it");
  }

  @Test
  void hardening_push_replay_g6OtherRefusalsAreLeftAloneWithoutReadingTheRefs() throws IOException {
    byte[] response =
        Wire.of(
                "unpack ok\n",
                "ng " + MAIN + " non-fast-forward\n",
                "ng " + TOPIC + " pre-receive hook declined\n",
                "ng " + GONE + " deletion prohibited\n",
                "0000")
            .bytes();
    Refs refs = new Refs(Map.of(MAIN, B, TOPIC, B));

    Relayed relayed = relay(push("report-status"), refs, response);

    assertArrayEquals(response, relayed.all());
    assertEquals(0, refs.reads.get(), "nothing to check, so no extra request");
  }

  @Test
  void hardening_push_replay_g6ARefHoldingAnotherObjectStaysRefused() throws IOException {
    byte[] report =
        Wire.of(
                "unpack ok\n",
                "ng " + MAIN + " failed to update ref\n",
                "ng " + TOPIC + " failed to update ref\n",
                "ng " + GONE + " failed to update ref\n",
                "0000")
            .bytes();
    byte[] response = new Wire().raw(sideBand(1, report, 65515)).lines("0000").bytes();
    // main moved on to C (someone else pushed), topic absent, gone still there
    Refs refs = new Refs(Map.of(MAIN, C, GONE, C));

    Relayed relayed = relay(push("report-status", "side-band-64k"), refs, response);

    assertArrayEquals(response, relayed.all(), "byte for byte as the server sent it");
    assertEquals(1, refs.reads.get());
  }

  @Test
  void hardening_push_replay_g6ReportStatusV2OptionLinesOfOkRefsAreKept() throws IOException {
    byte[] response =
        Wire.of(
                "unpack ok\n",
                "ok " + TOPIC + "\n",
                "option refname refs/heads/other\n",
                "option new-oid " + B + "\n",
                "ng " + MAIN + " atomic transaction failed\n",
                "0000")
            .bytes();

    Relayed relayed =
        relay(push("report-status-v2"), new Refs(Map.of(MAIN, B, TOPIC, B)), response);

    assertArrayEquals(
        Wire.of(
                "unpack ok\n",
                "ok " + TOPIC + "\n",
                "option refname refs/heads/other\n",
                "option new-oid " + B + "\n",
                "ok " + MAIN + "\n",
                "0000")
            .bytes(),
        relayed.all());
  }

  @Test
  void hardening_push_replay_g6AFailedUnpackOrAnUnreadableRefListLeavesTheReportAlone()
      throws IOException {
    byte[] unpackFailed =
        Wire.of("unpack index-pack abnormal exit\n", "ng " + MAIN + " failed to update ref\n")
            .lines("0000")
            .bytes();
    Refs refs = new Refs(Map.of(MAIN, B));
    assertArrayEquals(unpackFailed, relay(push("report-status"), refs, unpackFailed).all());
    assertEquals(0, refs.reads.get());

    byte[] refused =
        Wire.of("unpack ok\n", "ng " + MAIN + " failed to update ref\n", "0000").bytes();
    ReplayedPushReport.CurrentRefs failing =
        () -> {
          throw new IOException("all 3 nodes failed");
        };
    ReceivePackResponse relay = new ReceivePackResponse(push("report-status"), failing);
    relay.relay(new ByteArrayInputStream(refused), (b, n) -> true);
    assertArrayEquals(refused, relay.rest());
  }

  @Test
  void hardening_push_replay_g6ABrokenResponseIsPassedOnUnchanged() throws IOException {
    byte[] garbage =
        new Wire()
            .raw(sideBand(1, "000eunpack ok\n".getBytes(StandardCharsets.UTF_8), 99))
            .raw("zz<html>bad gateway</html>")
            .bytes();
    Refs refs = new Refs(Map.of(MAIN, B));

    Relayed relayed = relay(push("report-status", "side-band-64k"), refs, garbage);

    assertArrayEquals(garbage, relayed.duringRelay(), "passed on as soon as it stopped parsing");
    assertEquals(0, relayed.rest().length);
    byte[] cutShort = Arrays.copyOf(Wire.of("unpack ok\n").bytes(), 8);
    assertArrayEquals(cutShort, relay(push("report-status"), refs, cutShort).all());
  }

  @Test
  void hardening_push_replay_g6CommandsAndCapabilitiesAreReadFromTheRequest() throws IOException {
    byte[] request =
        new Wire()
            .lines(
                A + " " + B + " " + MAIN + "\0report-status-v2 side-band-64k quiet\n",
                ZERO + " " + B + " " + TOPIC + "\n",
                "0000")
            .raw("PACK....")
            .bytes();
    PushCommands commands = PushCommands.read(new ByteArrayInputStream(request));
    assertEquals(
        List.of(new PushCommands.Command(A, B, MAIN), new PushCommands.Command(ZERO, B, TOPIC)),
        commands.commands());
    assertTrue(commands.asksForReport());
    assertEquals(65515, commands.sideBandData());

    byte[] pushCert =
        Wire.of(
                "push-cert\0report-status side-band\n",
                "certificate version 0.1\n",
                "pusher someone\n",
                "\n",
                C + " " + ZERO + " " + GONE + "\n",
                "-----BEGIN PGP SIGNATURE-----\n",
                "push-cert-end\n",
                "0000")
            .bytes();
    PushCommands signed = PushCommands.read(new ByteArrayInputStream(pushCert));
    assertEquals(List.of(new PushCommands.Command(C, ZERO, GONE)), signed.commands());
    assertTrue(signed.commands().get(0).isDeletion());
    assertEquals(995, signed.sideBandData());

    InputStream notPktLines = new ByteArrayInputStream("PACK".getBytes(StandardCharsets.UTF_8));
    assertEquals(PushCommands.NONE, PushCommands.read(notPktLines));
  }
}
