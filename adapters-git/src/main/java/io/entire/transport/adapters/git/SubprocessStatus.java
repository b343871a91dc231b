package io.entire.transport.adapters.git;

import java.nio.charset.StandardCharsets;

/**
 * What {@code git fetch-pack} or {@code git send-pack} printed after its last request ({@code lock
 * …}, {@code connectivity-ok}, ref lines, send-pack's helper-status lines), checked before the
 * helper relays it to git in its line-based protocol (hardening_1).
 *
 * <p>Most of it is local, but some of it echoes the server: send-pack passes on the {@code option
 * refname} of a {@code report-status-v2} answer unquoted. A blank line inside would end the answer
 * early and make git read the rest as the answer to its next command; a NUL would cut a line short
 * in git. So: no blank line but the one the helper adds itself, no NUL or carriage return, and
 * every {@code option refname} a valid ref name. Stateless.
 */
final class SubprocessStatus {
  private static final String OPTION_REFNAME = "option refname ";

  private SubprocessStatus() {}

  /**
   * Checks the output.
   *
   * @param output what the subprocess printed after its last request
   * @param command the subprocess, for the message, e.g. {@code git send-pack}
   * @throws RemoteHelperException naming the first line that cannot be relayed, quoted
   */
  static void check(byte[] output, String command) throws RemoteHelperException {
    String text = new String(output, StandardCharsets.UTF_8);
    if (text.isEmpty()) {
      return;
    }
    String[] lines = text.split("\n", -1);
    // A final newline leaves one empty element after it; that is the end, not a blank line.
    int count = text.endsWith("\n") ? lines.length - 1 : lines.length;
    for (int i = 0; i < count; i++) {
      String line = lines[i];
      boolean bad =
          line.isEmpty()
              || line.indexOf('\0') >= 0
              || line.indexOf('\r') >= 0
              || (line.startsWith(OPTION_REFNAME)
                  && !RefName.isValid(line.substring(OPTION_REFNAME.length())));
      if (bad) {
        throw new RemoteHelperException(
            "unexpected line " + PeerText.quoted(line) + " in the status of " + command);
      }
    }
  }
}
