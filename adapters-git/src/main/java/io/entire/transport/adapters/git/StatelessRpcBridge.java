package io.entire.transport.adapters.git;

import io.entire.transport.application.port.in.GitTransport;
import io.entire.transport.application.port.in.HeaderCustomizer;
import io.entire.transport.application.port.in.RequestBody;
import io.entire.transport.domain.GitService;
import io.entire.transport.domain.TransportException;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs {@code git fetch-pack} or {@code git send-pack} in {@code --stateless-rpc} mode and turns
 * each of its requests into one POST through the transport, as git's http helper does (G5, G6):
 *
 * <ol>
 *   <li>start the subprocess; write the preamble (wanted refs or refspecs as pkt-lines and a flush)
 *       and the ref advertisement to its stdin;
 *   <li>repeat: read one request from its stdout — outer pkt-lines up to a flush, whose payloads
 *       are the request — spool it, POST it, and copy the response to its stdin as it arrives; an
 *       empty request (a lone flush) means it has nothing more to ask;
 *   <li>close its stdin, collect what it prints afterwards ({@code lock …}, {@code
 *       connectivity-ok}, or send-pack's helper-status lines) and wait for it to exit.
 * </ol>
 *
 * <p>For send-pack, the report-status in the response is held back until the response has ended
 * ({@link ReceivePackResponse}), so the refusals of a replayed push that had already landed can be
 * reported as pushed (G6); progress still flows at once.
 *
 * <p>The subprocess's stderr is copied to the helper's stderr as it arrives. Not thread-safe; one
 * instance runs one subprocess.
 */
final class StatelessRpcBridge {
  private static final Logger LOG = LoggerFactory.getLogger(StatelessRpcBridge.class);
  private static final long STDERR_JOIN_MILLIS = 5_000;

  /** What the subprocess printed after its last request, and how it exited. */
  record Outcome(byte[] output, int exitCode) {}

  private final GitTransport transport;
  private final GitService service;
  private final GitProcessLauncher launcher;
  private final PrintStream stderr;
  private final Path spoolDirectory;
  private final int verbosity;
  private final boolean sendPushSize;
  private final List<HeaderCustomizer> headers;

  StatelessRpcBridge(
      GitTransport transport,
      GitService service,
      GitProcessLauncher launcher,
      PrintStream stderr,
      Path spoolDirectory,
      int verbosity,
      boolean sendPushSize,
      List<HeaderCustomizer> headers) {
    this.transport = transport;
    this.service = service;
    this.launcher = launcher;
    this.stderr = stderr;
    this.spoolDirectory = spoolDirectory;
    this.verbosity = verbosity;
    this.sendPushSize = sendPushSize;
    this.headers = List.copyOf(headers);
  }

  /**
   * Runs the subprocess to completion.
   *
   * @param arguments the git subcommand and its arguments
   * @param preamble written to its stdin first
   * @param advertisement written to its stdin after the preamble
   * @return what it printed after its last request and its exit code
   * @throws RemoteHelperException when it cannot be started, a POST fails, or its requests are
   *     malformed; the subprocess is stopped first
   */
  Outcome run(List<String> arguments, byte[] preamble, byte[] advertisement)
      throws RemoteHelperException {
    String command = "git " + arguments.get(0);
    Process process;
    try {
      process = launcher.start(arguments);
    } catch (IOException e) {
      throw new RemoteHelperException("cannot run " + command + ": " + e.getMessage(), e);
    }
    Thread stderrPump = startStderrPump(process, command);
    OutputStream toChild = new BufferedOutputStream(process.getOutputStream(), 64 * 1024);
    InputStream fromChild = new BufferedInputStream(process.getInputStream(), 64 * 1024);
    boolean finished = false;
    try {
      if (writeToChild(toChild, preamble, advertisement)) {
        exchangeRequests(fromChild, toChild, command);
      }
      closeQuietly(toChild);
      byte[] output = fromChild.readAllBytes();
      int exitCode = process.waitFor();
      finished = true;
      joinQuietly(stderrPump);
      LOG.debug("{} exited with {}", command, exitCode);
      return new Outcome(output, exitCode);
    } catch (TransportException e) {
      throw new RemoteHelperException(e.getMessage(), e);
    } catch (PktLineException e) {
      throw new RemoteHelperException(e.getMessage(), e);
    } catch (IOException e) {
      throw new RemoteHelperException("transfer failed (" + command + "): " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new RemoteHelperException("interrupted while waiting for " + command, e);
    } finally {
      if (!finished) {
        stop(process, stderrPump);
      }
    }
  }

  private void exchangeRequests(InputStream fromChild, OutputStream toChild, String command)
      throws IOException {
    PktLineReader requests = new PktLineReader(fromChild, "request from " + command);
    int round = 0;
    while (true) {
      PktLine first = requests.read();
      if (first == null || first.isFlush()) {
        // A lone flush is how --stateless-rpc says "no more requests"; EOF means it gave up.
        return;
      }
      round++;
      try (RequestBody body =
          SpooledRequestBody.spool(
              RequestStream.unwrapped(requests, first),
              SpooledRequestBody.MEMORY_THRESHOLD,
              spoolDirectory)) {
        if (verbosity > 1) {
          stderr.println("POST " + service.serviceName() + " (" + body.length() + " bytes)");
          stderr.flush();
        }
        LOG.debug("{} request {}: {} bytes", command, round, body.length());
        if (!post(body, toChild)) {
          return;
        }
      }
    }
  }

  /** POSTs one request and copies the response to the child; false when the child went away. */
  private boolean post(RequestBody body, OutputStream toChild) throws IOException {
    List<HeaderCustomizer> all = new ArrayList<>(headers);
    if (sendPushSize) {
      all.add(HeaderCustomizer.set("X-Entire-Push-Size", Long.toString(body.length())));
    }
    ReceivePackResponse report = receivePackResponse(body);
    try (InputStream response =
        transport.serviceRpc(service, body, all.toArray(HeaderCustomizer[]::new))) {
      long total;
      if (report == null) {
        total = copyToChild(response, toChild);
      } else {
        total =
            report.relay(response, (b, n) -> writeToChild(toChild, b, n) && flushToChild(toChild))
                ? report.received()
                : -1;
      }
      if (total < 0) {
        return false;
      }
      if (total == 0) {
        throw new TransportException(
            "empty response from " + service.serviceName() + " at " + transport.errorBaseUrl());
      }
    }
    if (report != null) {
      // after the response is closed: correcting the report may read the refs (G6)
      byte[] rest = report.rest();
      return rest.length == 0
          || (writeToChild(toChild, rest, rest.length) && flushToChild(toChild));
    }
    return true;
  }

  /** Copies the response to the child; its length, or -1 when the child went away. */
  private static long copyToChild(InputStream response, OutputStream toChild) throws IOException {
    byte[] buffer = new byte[64 * 1024];
    long total = 0;
    int n;
    while ((n = response.read(buffer)) >= 0) {
      total += n;
      // Pass on what arrived at once, as git's http helper does: the subprocess shows the
      // server's progress as it comes and unpacks while the rest is on its way.
      if (!writeToChild(toChild, buffer, n) || !flushToChild(toChild)) {
        return -1;
      }
    }
    return total;
  }

  /**
   * For a push that asked for a report-status: the relay that holds the report back so the refusals
   * of a replay that had already landed can be corrected (G6); else null.
   */
  private ReceivePackResponse receivePackResponse(RequestBody body) throws IOException {
    if (service != GitService.RECEIVE_PACK) {
      return null;
    }
    PushCommands commands;
    try (InputStream request = new BufferedInputStream(body.open())) {
      commands = PushCommands.read(request);
    }
    if (!commands.asksForReport() || commands.commands().isEmpty()) {
      return null;
    }
    return new ReceivePackResponse(commands, ReplayedPushReport.advertisedBy(transport));
  }

  private static boolean writeToChild(OutputStream toChild, byte[] first, byte[] second) {
    return writeToChild(toChild, first, first.length)
        && writeToChild(toChild, second, second.length)
        && flushToChild(toChild);
  }

  /** Writes to the child; false when it closed its stdin (it exited and will say why). */
  private static boolean writeToChild(OutputStream toChild, byte[] bytes, int length) {
    try {
      toChild.write(bytes, 0, length);
      return true;
    } catch (IOException e) {
      LOG.debug("git subprocess stopped reading: {}", e.toString());
      return false;
    }
  }

  private static boolean flushToChild(OutputStream toChild) {
    try {
      toChild.flush();
      return true;
    } catch (IOException e) {
      LOG.debug("git subprocess stopped reading: {}", e.toString());
      return false;
    }
  }

  private Thread startStderrPump(Process process, String command) {
    InputStream errors = process.getErrorStream();
    Thread pump =
        new Thread(
            () -> {
              byte[] buffer = new byte[8192];
              try {
                int n;
                while ((n = errors.read(buffer)) >= 0) {
                  stderr.write(buffer, 0, n);
                  stderr.flush();
                }
              } catch (IOException e) {
                LOG.debug("stderr of {} closed: {}", command, e.toString());
              }
            },
            "stderr of " + command);
    pump.setDaemon(true);
    pump.start();
    return pump;
  }

  private static void stop(Process process, Thread stderrPump) {
    process.destroy();
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    closeQuietly(process.getOutputStream());
    joinQuietly(stderrPump);
  }

  private static void joinQuietly(Thread thread) {
    try {
      thread.join(STDERR_JOIN_MILLIS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void closeQuietly(OutputStream out) {
    try {
      out.close();
    } catch (IOException e) {
      LOG.debug("closing the subprocess stdin failed: {}", e.toString());
    }
  }
}
