package io.entire.transport.adapters.git;

import io.entire.transport.application.port.in.GitTransport;
import io.entire.transport.domain.GitService;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Corrects the report-status of a replayed push (G6, hardening_push_replay). A receive-pack POST
 * that failed on one replica may still have been applied there; its replay on another replica then
 * finds each ref already moved, and receive-pack's compare-and-swap refuses the update ({@code ng
 * <ref> failed to update ref} and its kin). Such a refusal is rewritten to {@code ok <ref>} when
 * the ref now holds exactly the object id that was pushed (for a deletion: when the ref is gone),
 * read from the receive-pack advertisement of the replica that answered. Any other refusal reason
 * (non-fast-forward, a hook's decline, …), a ref holding anything else, or a report whose unpack
 * failed is left as it is.
 *
 * <p>Stateless; thread-safe.
 */
final class ReplayedPushReport {
  private static final Logger LOG = LoggerFactory.getLogger(ReplayedPushReport.class);

  /**
   * The reasons git's receive-pack gives when a ref no longer holds the expected old value (or the
   * update could not be committed): {@code failed to update ref}/{@code failed to delete}/{@code
   * failed to lock} per ref, {@code atomic transaction failed} for an atomic push, and the reasons
   * of batched ref updates (git 2.51 and later).
   */
  static final Set<String> COMPARE_AND_SWAP_REFUSALS =
      Set.of(
          "failed to update ref",
          "failed to delete",
          "failed to lock",
          "atomic transaction failed",
          "reference already exists",
          "reference does not exist",
          "incorrect old value provided");

  /** Reads the refs (name → object id) of the replica that answered the push. */
  @FunctionalInterface
  interface CurrentRefs {
    /**
     * Returns the refs as advertised now.
     *
     * @throws IOException when they cannot be read; the report is then left as it is
     */
    Map<String, String> read() throws IOException;
  }

  private ReplayedPushReport() {}

  /**
   * The refs in the receive-pack advertisement of {@code transport}'s sticky node, which after a
   * POST is the replica that answered it (F7).
   */
  static CurrentRefs advertisedBy(GitTransport transport) {
    return () -> {
      Advertisement advertisement;
      // The same bound as every info/refs read (hardening_5); over it, the check is skipped.
      try (InputStream body = transport.infoRefs(GitService.RECEIVE_PACK)) {
        advertisement =
            Advertisement.read(
                body,
                GitService.RECEIVE_PACK,
                transport.errorBaseUrl(),
                Advertisement.DEFAULT_MAX_BYTES);
      }
      Map<String, String> refs = new HashMap<>();
      for (Advertisement.Ref ref : advertisement.refs()) {
        refs.put(ref.name(), ref.oid());
      }
      LOG.debug(
          "checked {} refs at {} after a refused push", refs.size(), transport.errorBaseUrl());
      return refs;
    };
  }

  /**
   * Rewrites the compare-and-swap refusals of refs that already hold what was pushed.
   *
   * @param report the report-status pkt-lines as receive-pack sent them (without side-band
   *     framing), up to and including their flush; anything after the flush is kept as it is
   * @param commands the commands of the push request
   * @param currentRefs read only when there is a refusal to check
   * @return the corrected report, or null when nothing was rewritten
   */
  static byte[] reconcile(byte[] report, PushCommands commands, CurrentRefs currentRefs) {
    List<PktLine> lines = new ArrayList<>();
    int end = readUpToFlush(report, lines);
    if (end < 0 || lines.isEmpty() || !lines.get(0).text().equals("unpack ok")) {
      return null;
    }
    List<Integer> candidates = new ArrayList<>();
    for (int i = 1; i < lines.size(); i++) {
      if (refusedByCompareAndSwap(lines.get(i), commands) != null) {
        candidates.add(i);
      }
    }
    if (candidates.isEmpty()) {
      return null;
    }
    Map<String, String> refs;
    try {
      refs = currentRefs.read();
    } catch (IOException | RuntimeException e) {
      LOG.debug("cannot check the refs a replayed push refused: {}", e.toString());
      return null;
    }
    boolean rewritten = false;
    for (int i : candidates) {
      PushCommands.Command command = refusedByCompareAndSwap(lines.get(i), commands);
      String current = refs.get(command.ref());
      boolean landed =
          command.isDeletion() ? current == null : command.newOid().equalsIgnoreCase(current);
      if (landed) {
        LOG.debug(
            "{} was refused ({}) but holds {} on the replica that answered: an earlier attempt of"
                + " this push landed; reported as pushed",
            command.ref(),
            reason(lines.get(i)),
            command.isDeletion() ? "nothing" : command.newOid());
        lines.set(i, PktLine.text("ok " + command.ref() + "\n"));
        rewritten = true;
      } else {
        LOG.debug(
            "{} was refused ({}) and does not hold what was pushed; left as refused",
            command.ref(),
            reason(lines.get(i)));
      }
    }
    if (!rewritten) {
      return null;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(report.length);
    try {
      for (PktLine line : lines) {
        line.writeTo(out);
      }
      PktLine.FLUSH.writeTo(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
    }
    out.write(report, end, report.length - end);
    return out.toByteArray();
  }

  /** The command of an {@code ng <ref> <reason>} line with a compare-and-swap reason, else null. */
  private static PushCommands.Command refusedByCompareAndSwap(PktLine line, PushCommands commands) {
    String text = line.text();
    if (!text.startsWith("ng ")) {
      return null;
    }
    int space = text.indexOf(' ', 3);
    if (space < 0 || !COMPARE_AND_SWAP_REFUSALS.contains(text.substring(space + 1))) {
      return null;
    }
    return commands.forRef(text.substring(3, space));
  }

  private static String reason(PktLine line) {
    String text = line.text();
    return text.substring(text.indexOf(' ', 3) + 1);
  }

  /**
   * Reads data pkt-lines into {@code lines} up to the first flush.
   *
   * @return the offset just after the flush, or -1 when the report is not data lines ending in one
   */
  private static int readUpToFlush(byte[] report, List<PktLine> lines) {
    ByteArrayInputStream in = new ByteArrayInputStream(report);
    PktLineReader reader = new PktLineReader(in, "report-status");
    try {
      while (true) {
        PktLine line = reader.read();
        if (line == null || !(line.isData() || line.isFlush())) {
          return -1;
        }
        if (line.isFlush()) {
          return report.length - in.available();
        }
        lines.add(line);
      }
    } catch (IOException e) {
      return -1;
    }
  }
}
