package io.entire.transport.adapters.git;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The ref update commands ({@code <old> <new> <ref>}) and capabilities at the start of a {@code git
 * send-pack} request, up to its first flush (gitprotocol-pack, "update-requests"; inside a {@code
 * push-cert} block too). Only what the report-status check of a replayed push (G6) needs; the pack
 * after the flush is never read.
 *
 * <p>Immutable and thread-safe.
 */
final class PushCommands {

  /** One ref update: its expected old object id, the pushed new one and the ref name. */
  record Command(String oldOid, String newOid, String ref) {
    /** Whether the command deletes the ref (the new object id is all zeros). */
    boolean isDeletion() {
      return newOid.chars().allMatch(c -> c == '0');
    }
  }

  /** A request nothing could be read from: no commands, no capabilities. */
  static final PushCommands NONE = new PushCommands(List.of(), Set.of());

  // Commands before the flush are our own git's; a request with more than this is not plausible.
  private static final int MAX_LINES = 1_000_000;

  private final List<Command> commands;
  private final Set<String> capabilities;

  private PushCommands(List<Command> commands, Set<String> capabilities) {
    this.commands = List.copyOf(commands);
    this.capabilities = Set.copyOf(capabilities);
  }

  /**
   * Reads the commands of a receive-pack request.
   *
   * @param request the request body from its first byte; read up to the first flush, not closed
   * @return the commands, or {@link #NONE} when the start is not pkt-lines ending in a flush
   * @throws IOException when reading the body fails
   */
  static PushCommands read(InputStream request) throws IOException {
    PktLineReader reader = new PktLineReader(request, "receive-pack request");
    List<Command> commands = new ArrayList<>();
    Set<String> capabilities = new HashSet<>();
    try {
      for (int i = 0; i < MAX_LINES; i++) {
        PktLine line = reader.read();
        if (line == null || !(line.isFlush() || line.isData())) {
          return NONE;
        }
        if (line.isFlush()) {
          return new PushCommands(commands, capabilities);
        }
        String text = line.text();
        int nul = text.indexOf('\0');
        if (nul >= 0) {
          capabilities.addAll(Arrays.asList(text.substring(nul + 1).trim().split(" ")));
          text = text.substring(0, nul);
        }
        String[] parts = text.split(" ");
        if (parts.length == 3 && ObjectId.isHex(parts[0]) && ObjectId.isHex(parts[1])) {
          commands.add(new Command(parts[0], parts[1], parts[2]));
        }
      }
    } catch (PktLineException e) {
      return NONE;
    }
    return NONE;
  }

  /** A request of these commands and capabilities (for tests). */
  static PushCommands of(List<Command> commands, Set<String> capabilities) {
    return new PushCommands(commands, capabilities);
  }

  /** Returns the commands in request order. */
  List<Command> commands() {
    return commands;
  }

  /** Returns whether the server was asked for a report-status (v1 or v2). */
  boolean asksForReport() {
    return capabilities.contains("report-status") || capabilities.contains("report-status-v2");
  }

  /**
   * Returns the largest sideband data per packet when the response is multiplexed ({@code
   * side-band-64k} or {@code side-band}), else 0: git's limit is the packet size minus the header
   * and the channel byte.
   */
  int sideBandData() {
    if (capabilities.contains("side-band-64k")) {
      return PktLine.MAX_PACKET_LENGTH - 5;
    }
    if (capabilities.contains("side-band")) {
      return 1000 - 5;
    }
    return 0;
  }

  /** Returns the only command for {@code ref}, or null when there is none or more than one. */
  Command forRef(String ref) {
    Command found = null;
    for (Command command : commands) {
      if (command.ref().equals(ref)) {
        if (found != null) {
          return null;
        }
        found = command;
      }
    }
    return found;
  }
}
