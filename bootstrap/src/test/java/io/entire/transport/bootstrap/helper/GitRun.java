package io.entire.transport.bootstrap.helper;

/**
 * The outcome of one git command.
 *
 * @param exitCode the process status
 * @param stdout what it printed on stdout
 * @param stderr what it printed on stderr
 */
record GitRun(int exitCode, String stdout, String stderr) {
  /** Fails the test with the command's output unless it exited 0. */
  static GitRun mustSucceed(GitRun run) {
    org.junit.jupiter.api.Assertions.assertTrue(run.ok(), run::describe);
    return run;
  }

  boolean ok() {
    return exitCode == 0;
  }

  /**
   * Lines of stderr that are not the helper's debug log ({@code ENTIRE_DEBUG=1}) but complain: what
   * a user would notice.
   */
  java.util.List<String> userVisibleProblems() {
    return stderr
        .lines()
        .filter(line -> !line.contains("[DEBUG]"))
        .filter(
            line -> {
              String lower = line.toLowerCase(java.util.Locale.ROOT);
              return lower.contains("fatal")
                  || lower.contains("error")
                  || lower.contains("warn")
                  || lower.contains("fail");
            })
        .toList();
  }

  String describe() {
    return "exit " + exitCode + "\n--- stdout\n" + stdout + "\n--- stderr\n" + stderr;
  }
}
