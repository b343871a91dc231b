package io.entire.transport.adapters.git;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Relays the response of a receive-pack POST to {@code git send-pack}, holding back its
 * report-status until the response has ended so that {@link ReplayedPushReport} can correct the
 * refusals of a replayed push (G6, hardening_push_replay) before send-pack reads them.
 *
 * <p>With {@code side-band-64k} (or {@code side-band}) the report travels as channel-1 data inside
 * outer pkt-lines ending with an outer flush: progress and errors (channels 2 and 3) are passed on
 * as each packet arrives, channel-1 packets are held. Without side-band the response is the report
 * itself, held whole. Anything that is not well-formed pkt-lines, or a report over {@value
 * #MAX_HELD} bytes, ends the holding: what was held and everything after it is passed on unchanged,
 * as if this class were not there.
 *
 * <p>Use: {@link #relay} while the response is open, then {@link #rest} after it is closed (the
 * check may ask the transport for the refs). Not thread-safe; one instance per response.
 */
final class ReceivePackResponse {

  /** Where response bytes go; false when the subprocess stopped reading. */
  @FunctionalInterface
  interface Sink {
    boolean write(byte[] bytes, int length);
  }

  static final int MAX_HELD = 16 << 20;

  private final PushCommands commands;
  private final ReplayedPushReport.CurrentRefs currentRefs;
  private final int sideBandData;
  // The held packets as received: channel-1 packets with side-band, else the report's packets.
  private final ByteArrayOutputStream held = new ByteArrayOutputStream();
  // The report-status pkt-lines: the channel-1 data with side-band, else the same as held.
  private final ByteArrayOutputStream report = new ByteArrayOutputStream();
  // What came with and after the packet that ended the report (outer or report flush).
  private final ByteArrayOutputStream tail = new ByteArrayOutputStream();
  private boolean ended;
  private boolean passThrough;
  private long received;

  /**
   * @param commands the push request's commands and capabilities; side-band framing is assumed
   *     exactly when they asked for it
   * @param currentRefs reads the refs after the push, only when a refusal needs checking
   */
  ReceivePackResponse(PushCommands commands, ReplayedPushReport.CurrentRefs currentRefs) {
    this.commands = commands;
    this.currentRefs = currentRefs;
    this.sideBandData = commands.sideBandData();
  }

  /** Returns how many bytes of the response were read. */
  long received() {
    return received;
  }

  /**
   * Reads the response to its end, passing on at once what is not held.
   *
   * @return false when the subprocess stopped reading
   * @throws IOException when reading the response fails
   */
  boolean relay(InputStream response, Sink child) throws IOException {
    byte[] header = new byte[4];
    while (!passThrough) {
      int got = response.readNBytes(header, 0, 4);
      received += got;
      if (got == 0) {
        return true;
      }
      int length = got == 4 ? length(header) : -1;
      if (length < 4 && length != 0) {
        // Not a pkt-line header (or a v2 special packet receive-pack never sends): stop holding.
        if (!giveUp(child, header, got)) {
          return false;
        }
        break;
      }
      byte[] packet = new byte[Math.max(4, length)];
      System.arraycopy(header, 0, packet, 0, 4);
      int payload = response.readNBytes(packet, 4, packet.length - 4);
      received += payload;
      if (payload < packet.length - 4) {
        return giveUp(child, packet, 4 + payload);
      }
      if (!accept(packet, length == 0, child)) {
        return false;
      }
    }
    byte[] buffer = new byte[64 * 1024];
    int n;
    while ((n = response.read(buffer)) >= 0) {
      received += n;
      if (!child.write(buffer, n)) {
        return false;
      }
    }
    return true;
  }

  /**
   * What to write to the subprocess after the response: the report (corrected when a replayed push
   * had already landed) and whatever followed it; empty when it was passed on already.
   */
  byte[] rest() {
    if (passThrough) {
      return new byte[0];
    }
    byte[] corrected =
        ended ? ReplayedPushReport.reconcile(report.toByteArray(), commands, currentRefs) : null;
    ByteArrayOutputStream out = new ByteArrayOutputStream(held.size() + tail.size());
    if (corrected == null) {
      out.writeBytes(held.toByteArray());
    } else if (sideBandData == 0) {
      out.writeBytes(corrected);
    } else {
      for (int offset = 0; offset < corrected.length; offset += sideBandData) {
        int length = Math.min(sideBandData, corrected.length - offset);
        byte[] data = new byte[length + 1];
        data[0] = 1;
        System.arraycopy(corrected, offset, data, 1, length);
        out.writeBytes(PktLine.data(data).encode());
      }
    }
    out.writeBytes(tail.toByteArray());
    return out.toByteArray();
  }

  private boolean accept(byte[] packet, boolean flush, Sink child) {
    if (ended) {
      tail.writeBytes(packet);
      return true;
    }
    if (sideBandData == 0) {
      held.writeBytes(packet);
      report.writeBytes(packet);
      ended = flush;
    } else if (flush) {
      tail.writeBytes(packet);
      ended = true;
    } else if (packet.length > 4 && packet[4] == 1) {
      held.writeBytes(packet);
      report.write(packet, 5, packet.length - 5);
    } else {
      // progress (2), a fatal error (3), anything else: send-pack sees them as they come
      return child.write(packet, packet.length);
    }
    if (held.size() + tail.size() > MAX_HELD) {
      return giveUp(child, new byte[0], 0);
    }
    return true;
  }

  /** Stops holding: passes on what was held, then {@code extra}; the rest is streamed through. */
  private boolean giveUp(Sink child, byte[] extra, int length) {
    passThrough = true;
    byte[] heldBytes = held.toByteArray();
    byte[] tailBytes = tail.toByteArray();
    return (heldBytes.length == 0 || child.write(heldBytes, heldBytes.length))
        && (tailBytes.length == 0 || child.write(tailBytes, tailBytes.length))
        && (length == 0 || child.write(extra, length));
  }

  /** The pkt-line length of a header, or -1 when it is not four hex digits. */
  private static int length(byte[] header) {
    try {
      return PktLineReader.checkedLength(header, 0, "response of git-receive-pack");
    } catch (PktLineException e) {
      return -1;
    }
  }
}
