package io.entire.transport.bootstrap.helper;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The end of a command on the run that makes a startup archive (DESIGN §7): the recording JVM
 * writes its archive as it exits, for most of a second, and git should not wait for that. {@code
 * bin/git-remote-entire} names a file in {@value #PROPERTY} and relays the helper's stdout; the
 * helper writes its exit status there and closes its stdout, and the launcher, seeing the relay
 * end, exits with that status while the JVM goes on writing. Without the property nothing happens.
 */
final class FirstRunHandOff {
  /** The system property naming the status file. */
  static final String PROPERTY = "entire.helper.statusFile";

  private FirstRunHandOff() {}

  /**
   * Reports the command's status to the launcher and closes stdout, when the launcher asked for it.
   * Call it after everything is written; a file that cannot be written leaves stdout open, and the
   * launcher then waits for the JVM as usual.
   */
  static void report(int status) {
    String file = System.getProperty(PROPERTY, "");
    if (file.isEmpty()) {
      return;
    }
    try {
      Files.writeString(Path.of(file), status + "\n", StandardCharsets.US_ASCII);
    } catch (IOException | RuntimeException e) {
      return;
    }
    // Closes descriptor 1: the launcher's relay ends; the JVM's own output is off on this run.
    System.out.close();
  }
}
