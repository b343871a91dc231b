package io.entire.transport.adapters.git;

import io.entire.transport.application.port.in.GitTransport;
import io.entire.transport.application.port.in.HeaderCustomizer;
import io.entire.transport.application.port.in.RequestBody;
import io.entire.transport.domain.GitService;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The request/response loop of a {@code stateless-connect git-upload-pack} session after the
 * capability advertisement was sent (G4): each request git writes on stdin (pkt-lines up to a
 * flush, delimiters allowed) becomes one POST with {@code Git-Protocol: version=2}; its response is
 * copied to stdout in bulk by a {@link PktLineRelay}, every packet header strictly validated, and
 * followed by {@code 0002}. A response that ends inside a packet, is empty, or carries {@code 0002}
 * itself is an error and is never followed by {@code 0002}, so git cannot mistake it for a complete
 * answer. The end of stdin ends the session.
 *
 * <p>Not thread-safe; streams belong to the caller.
 */
final class StatelessConnection {
  private static final Logger LOG = LoggerFactory.getLogger(StatelessConnection.class);
  private static final HeaderCustomizer PROTOCOL_V2 =
      HeaderCustomizer.set("Git-Protocol", "version=2");

  private final GitTransport transport;
  private final InputStream stdin;
  private final OutputStream stdout;
  private final PrintStream stderr;
  private final Path spoolDirectory;
  private final int verbosity;
  private final PktLineRelay relay = new PktLineRelay();

  StatelessConnection(
      GitTransport transport,
      InputStream stdin,
      OutputStream stdout,
      PrintStream stderr,
      Path spoolDirectory,
      int verbosity) {
    this.transport = transport;
    this.stdin = stdin;
    this.stdout = stdout;
    this.stderr = stderr;
    this.spoolDirectory = spoolDirectory;
    this.verbosity = verbosity;
  }

  /**
   * Relays requests until git closes stdin.
   *
   * @throws IOException a {@link io.entire.transport.domain.TransportException}, a {@link
   *     PktLineException}, or a broken stream
   */
  void relayUntilEof() throws IOException {
    PktLineReader requests = new PktLineReader(stdin, "request from git");
    int round = 0;
    while (true) {
      PktLine first = requests.read();
      if (first == null) {
        LOG.debug("stateless-connect: git closed stdin after {} requests", round);
        return;
      }
      round++;
      try (RequestBody body =
          SpooledRequestBody.spool(
              RequestStream.framed(requests, first),
              SpooledRequestBody.MEMORY_THRESHOLD,
              spoolDirectory)) {
        if (verbosity > 1) {
          stderr.println(
              "POST " + GitService.UPLOAD_PACK.serviceName() + " (" + body.length() + " bytes)");
          stderr.flush();
        }
        try (InputStream response =
            transport.serviceRpc(GitService.UPLOAD_PACK, body, PROTOCOL_V2)) {
          relayResponse(response);
        }
      }
      PktLine.RESPONSE_END.writeTo(stdout);
      stdout.flush();
    }
  }

  private void relayResponse(InputStream response) throws IOException {
    relay.relay(
        response,
        stdout,
        "response of "
            + GitService.UPLOAD_PACK.serviceName()
            + " from "
            + transport.errorBaseUrl());
  }
}
