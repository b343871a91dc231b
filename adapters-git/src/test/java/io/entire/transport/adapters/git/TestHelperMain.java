package io.entire.transport.adapters.git;

import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.nio.file.Path;
import java.util.Map;

/**
 * {@code git-remote-testentire <remote> <path>} for end-to-end tests: the real {@link RemoteHelper}
 * wired to a {@link LocalGitTransport} on the bare repository at {@code <path>}. Environment:
 * {@code TESTENTIRE_LOG} (append a line per transport call), {@code TESTENTIRE_V0_ONLY} (the
 * "server" does not speak v2), {@code TESTENTIRE_SPOOL} (spool dir).
 */
public final class TestHelperMain {
  private TestHelperMain() {}

  /** Runs the helper; exits with its status, or 128 after printing {@code fatal: <message>}. */
  public static void main(String[] args) {
    if (args.length != 2) {
      System.err.println("usage: git-remote-testentire <remote> <path>");
      System.exit(129);
    }
    LocalGitTransport transport =
        new LocalGitTransport(Path.of(args[1]), Map.of())
            .speaksV2(System.getenv("TESTENTIRE_V0_ONLY") == null);
    String log = System.getenv("TESTENTIRE_LOG");
    if (log != null) {
      transport.logTo(Path.of(log));
    }
    String spool = System.getenv("TESTENTIRE_SPOOL");
    RemoteHelper helper =
        new RemoteHelper(
            transport,
            new FileInputStream(FileDescriptor.in),
            new FileOutputStream(FileDescriptor.out),
            System.err,
            args[1],
            GitProcessLauncher.system(),
            spool == null ? null : Path.of(spool));
    int status;
    try {
      status = helper.run();
    } catch (RemoteHelperException e) {
      System.err.println("fatal: " + e.getMessage());
      status = 128;
    }
    System.exit(status);
  }
}
