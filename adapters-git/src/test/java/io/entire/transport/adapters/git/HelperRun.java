package io.entire.transport.adapters.git;

import io.entire.transport.application.port.in.GitTransport;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** Runs a {@link RemoteHelper} in-process on scripted stdin and captures what it wrote. */
final class HelperRun {
  final int exitCode;
  final RemoteHelperException failure;
  final byte[] stdout;
  final String stderr;

  private HelperRun(int exitCode, RemoteHelperException failure, byte[] stdout, String stderr) {
    this.exitCode = exitCode;
    this.failure = failure;
    this.stdout = stdout;
    this.stderr = stderr;
  }

  static HelperRun run(GitTransport transport, byte[] stdin) {
    return run(transport, stdin, GitProcessLauncher.system(), null);
  }

  static HelperRun run(GitTransport transport, String stdin) {
    return run(transport, stdin.getBytes(StandardCharsets.UTF_8));
  }

  static HelperRun run(
      GitTransport transport, byte[] stdin, GitProcessLauncher launcher, Path spoolDirectory) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream errStream = new PrintStream(err, true, StandardCharsets.UTF_8);
    RemoteHelper helper =
        new RemoteHelper(
            transport,
            new ByteArrayInputStream(stdin),
            out,
            errStream,
            "entire://example.dev/et/org/repo",
            launcher,
            spoolDirectory);
    int exit = -1;
    RemoteHelperException failure = null;
    try {
      exit = helper.run();
    } catch (RemoteHelperException e) {
      failure = e;
    }
    errStream.flush();
    return new HelperRun(exit, failure, out.toByteArray(), err.toString(StandardCharsets.UTF_8));
  }

  String out() {
    return new String(stdout, StandardCharsets.ISO_8859_1);
  }
}
