package io.entire.transport.adapters.git;

import io.entire.transport.application.port.in.GitTransport;
import io.entire.transport.application.port.in.HeaderCustomizer;
import io.entire.transport.domain.GitService;
import io.entire.transport.domain.TransportException;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * git's remote-helper protocol on stdin/stdout, driving a {@link GitTransport} (DESIGN §7, rules
 * G2–G8, G12). git runs the helper and writes commands; the helper answers on stdout, which carries
 * protocol only — diagnostics go to stderr.
 *
 * <ul>
 *   <li>{@code capabilities}: {@code stateless-connect}, {@code fetch}, {@code push}, {@code
 *       option}, {@code check-connectivity}, {@code object-format} — never {@code connect}.
 *   <li>{@code option <name> <value>}: {@code ok}, {@code unsupported} or {@code error invalid
 *       <name>}.
 *   <li>{@code list} / {@code list for-push}: the refs of the v0 {@code info/refs} advertisement.
 *   <li>{@code stateless-connect git-upload-pack}: protocol v2 over one POST per request, or {@code
 *       fallback} when the server does not speak v2.
 *   <li>{@code fetch} batches: bridged through {@code git fetch-pack --stateless-rpc}.
 *   <li>{@code push} batches: bridged through {@code git send-pack --stateless-rpc}; the request is
 *       spooled to disk beyond 1 MiB and carries {@code X-Entire-Push-Size}.
 * </ul>
 *
 * <p>Not thread-safe: {@link #run()} is called once, on one thread. The helper does not close the
 * streams it is given; the caller owns them.
 */
public final class RemoteHelper {
  /** {@link #run()} result: git's commands were served. */
  public static final int EXIT_OK = 0;

  /**
   * {@link #run()} result: a {@code git fetch-pack}/{@code git send-pack} subprocess failed and
   * already told the user why on stderr (for a push, after the per-ref status was relayed to git);
   * exit with this code without printing anything more, as git's own http helper does.
   */
  public static final int EXIT_ALREADY_REPORTED = 128;

  private static final Logger LOG = LoggerFactory.getLogger(RemoteHelper.class);
  private static final List<String> CAPABILITIES =
      List.of(
          "stateless-connect", "fetch", "push", "option", "check-connectivity", "object-format");

  private final GitTransport transport;
  private final InputStream input;
  private final CommandReader commands;
  private final OutputStream out;
  private final PrintStream stderr;
  private final String remoteUrl;
  private final GitProcessLauncher launcher;
  private final Path spoolDirectory;
  private final int maxAdvertisementBytes;
  private final HelperOptions options = new HelperOptions();
  private final Map<GitService, Advertisement> discovered = new EnumMap<>(GitService.class);

  /**
   * Creates a helper.
   *
   * @param transport the data plane
   * @param stdin git's commands (and, in a stateless-connect session, its requests); not closed
   * @param stdout where answers go; protocol only; flushed after each answer, not closed
   * @param stderr where diagnostics and subprocess messages go; not closed
   * @param remoteUrl the URL git gave the helper, passed on to fetch-pack/send-pack for messages
   * @param launcher starts {@code git fetch-pack}/{@code git send-pack}, e.g. {@link
   *     GitProcessLauncher#system()}
   * @param spoolDirectory where request bodies over 1 MiB are spooled, or null for the system temp
   *     directory
   */
  public RemoteHelper(
      GitTransport transport,
      InputStream stdin,
      OutputStream stdout,
      PrintStream stderr,
      String remoteUrl,
      GitProcessLauncher launcher,
      Path spoolDirectory) {
    this(
        transport,
        stdin,
        stdout,
        stderr,
        remoteUrl,
        launcher,
        spoolDirectory,
        Advertisement.DEFAULT_MAX_BYTES);
  }

  /** As the public constructor, with the most of an info/refs body held (tests use a small one). */
  RemoteHelper(
      GitTransport transport,
      InputStream stdin,
      OutputStream stdout,
      PrintStream stderr,
      String remoteUrl,
      GitProcessLauncher launcher,
      Path spoolDirectory,
      int maxAdvertisementBytes) {
    this.transport = Objects.requireNonNull(transport, "transport");
    this.input = new BufferedInputStream(Objects.requireNonNull(stdin, "stdin"), 64 * 1024);
    this.commands = new CommandReader(input);
    this.out = new BufferedOutputStream(Objects.requireNonNull(stdout, "stdout"), 64 * 1024);
    this.stderr = Objects.requireNonNull(stderr, "stderr");
    this.remoteUrl = Objects.requireNonNull(remoteUrl, "remoteUrl");
    this.launcher = Objects.requireNonNull(launcher, "launcher");
    this.spoolDirectory = spoolDirectory;
    this.maxAdvertisementBytes = maxAdvertisementBytes;
  }

  /**
   * Serves git's commands until git ends the conversation (a blank line or the end of stdin) or a
   * stateless-connect session ends.
   *
   * @return {@link #EXIT_OK}, or {@link #EXIT_ALREADY_REPORTED} when a subprocess failed and
   *     reported it
   * @throws RemoteHelperException a fatal error with a user-facing message (for transport errors,
   *     the {@link TransportException}'s message verbatim); print it as {@code fatal: <message>}
   *     and exit 128
   */
  public int run() throws RemoteHelperException {
    try {
      return loop();
    } catch (TransportException e) {
      throw new RemoteHelperException(e.getMessage(), e);
    } catch (PktLineException e) {
      throw new RemoteHelperException(e.getMessage(), e);
    } catch (IOException e) {
      throw new RemoteHelperException("transfer failed: " + e.getMessage(), e);
    }
  }

  private int loop() throws IOException, RemoteHelperException {
    while (true) {
      String line = commands.readLine();
      if (line == null || line.isEmpty()) {
        return EXIT_OK;
      }
      LOG.debug("command: {}", describe(line));
      if (line.equals("capabilities")) {
        capabilities();
      } else if (line.startsWith("option ")) {
        option(line.substring("option ".length()));
      } else if (line.equals("list") || line.startsWith("list ")) {
        list(line.substring(4).contains("for-push"));
      } else if (line.startsWith("stateless-connect ")) {
        if (statelessConnect(line.substring("stateless-connect ".length()))) {
          return EXIT_OK;
        }
      } else if (line.startsWith("fetch ")) {
        List<String> batch = readBatch(line, "fetch ");
        if (batch == null) {
          return EXIT_OK;
        }
        int status = fetch(batch);
        if (status != EXIT_OK) {
          return status;
        }
      } else if (line.startsWith("push ")) {
        List<String> batch = readBatch(line, "push ");
        if (batch == null) {
          return EXIT_OK;
        }
        int status = push(batch);
        if (status != EXIT_OK) {
          return status;
        }
      } else {
        throw new RemoteHelperException(
            "unknown command '" + PeerText.printable(line) + "' from git");
      }
    }
  }

  private void capabilities() throws IOException {
    StringBuilder sb = new StringBuilder();
    for (String capability : CAPABILITIES) {
      sb.append(capability).append('\n');
    }
    answer(sb.append('\n').toString());
  }

  private void option(String rest) throws IOException {
    int space = rest.indexOf(' ');
    String name = space < 0 ? rest : rest.substring(0, space);
    String value = space < 0 ? "true" : rest.substring(space + 1);
    answer(options.apply(name, value) + "\n");
  }

  private void list(boolean forPush) throws IOException {
    Advertisement advertisement =
        discover(forPush ? GitService.RECEIVE_PACK : GitService.UPLOAD_PACK);
    answer(advertisement.listing(forPush, options.objectFormat()));
  }

  /** Returns true when the session ran (the helper is done), false after {@code fallback}. */
  private boolean statelessConnect(String service) throws IOException {
    if (!service.equals(GitService.UPLOAD_PACK.serviceName())) {
      // Only upload-pack speaks v2 over HTTP; git then uses fetch/push.
      answer("fallback\n");
      return false;
    }
    Advertisement advertisement;
    try (InputStream body = transport.infoRefsV2()) {
      advertisement =
          Advertisement.read(body, GitService.UPLOAD_PACK, origin(), maxAdvertisementBytes);
    }
    if (advertisement.version() != Advertisement.Version.V2) {
      // Keep the v0 answer: git's next command is `list`, which can use it as is.
      discovered.put(GitService.UPLOAD_PACK, advertisement);
      answer("fallback\n");
      return false;
    }
    out.write('\n');
    out.write(advertisement.body());
    out.flush();
    new StatelessConnection(transport, input, out, stderr, spoolDirectory, options.verbosity())
        .relayUntilEof();
    return true;
  }

  private int fetch(List<String> batch) throws IOException, RemoteHelperException {
    ByteArrayOutputStream preamble = new ByteArrayOutputStream();
    for (String line : batch) {
      String[] parts = line.substring("fetch ".length()).split(" ", 2);
      if (!ObjectId.isHex(parts[0])) {
        throw new RemoteHelperException(
            "protocol error: expected 'fetch <oid> <ref>', got '" + PeerText.printable(line) + "'");
      }
      if (parts.length < 2 || parts[1].isEmpty()) {
        throw new RemoteHelperException("cannot fetch by object id without a ref name");
      }
      PktLine.text(parts[0] + " " + parts[1] + "\n").writeTo(preamble);
    }
    PktLine.FLUSH.writeTo(preamble);
    Advertisement advertisement = discover(GitService.UPLOAD_PACK);
    StatelessRpcBridge.Outcome outcome =
        bridge(GitService.UPLOAD_PACK, advertisement, false)
            .run(
                options.fetchPackArguments(remoteUrl),
                preamble.toByteArray(),
                advertisement.body());
    SubprocessStatus.check(outcome.output(), "git fetch-pack");
    out.write(outcome.output());
    if (outcome.exitCode() != 0) {
      // fetch-pack said why on stderr; like git's http helper, end without the blank line.
      out.flush();
      return EXIT_ALREADY_REPORTED;
    }
    answer("\n");
    return EXIT_OK;
  }

  private int push(List<String> batch) throws IOException, RemoteHelperException {
    ByteArrayOutputStream preamble = new ByteArrayOutputStream();
    for (String line : batch) {
      String spec = line.substring("push ".length());
      if (spec.isEmpty()) {
        throw new RemoteHelperException("protocol error: empty push refspec from git");
      }
      PktLine.text(spec + "\n").writeTo(preamble);
    }
    PktLine.FLUSH.writeTo(preamble);
    Advertisement advertisement = discover(GitService.RECEIVE_PACK);
    // The advertisement describes the refs before this push; never reuse it afterwards.
    discovered.remove(GitService.RECEIVE_PACK);
    StatelessRpcBridge.Outcome outcome =
        bridge(GitService.RECEIVE_PACK, advertisement, true)
            .run(
                options.sendPackArguments(remoteUrl), preamble.toByteArray(), advertisement.body());
    // Relay the per-ref status even when send-pack failed: that is how git shows rejections.
    SubprocessStatus.check(outcome.output(), "git send-pack");
    out.write(outcome.output());
    if (outcome.exitCode() != 0 && outcome.output().length == 0) {
      // send-pack died before any per-ref status and said why on stderr. A blank line now would
      // read as "nothing to push" ("Everything up-to-date"); ending without it makes git report
      // the push as failed, as when git's http helper loses send-pack.
      out.flush();
      return EXIT_ALREADY_REPORTED;
    }
    answer("\n");
    return outcome.exitCode() == 0 ? EXIT_OK : EXIT_ALREADY_REPORTED;
  }

  private StatelessRpcBridge bridge(
      GitService service, Advertisement advertisement, boolean sendPushSize) {
    List<HeaderCustomizer> headers = new ArrayList<>();
    if (advertisement.version() == Advertisement.Version.V1) {
      headers.add(HeaderCustomizer.set("Git-Protocol", "version=1"));
    }
    return new StatelessRpcBridge(
        transport,
        service,
        launcher,
        stderr,
        spoolDirectory,
        options.verbosity(),
        sendPushSize,
        headers);
  }

  private Advertisement discover(GitService service) throws IOException {
    Advertisement cached = discovered.get(service);
    if (cached != null) {
      return cached;
    }
    Advertisement advertisement;
    try (InputStream body = transport.infoRefs(service)) {
      advertisement = Advertisement.read(body, service, origin(), maxAdvertisementBytes);
    }
    if (advertisement.version() == Advertisement.Version.V2) {
      throw new PktLineException(
          "protocol error: "
              + origin()
              + " answered a protocol v0 request for "
              + service.serviceName()
              + " with protocol v2");
    }
    discovered.put(service, advertisement);
    return advertisement;
  }

  /**
   * Reads the rest of a batch (lines with the same prefix up to a blank line).
   *
   * @return the batch, or null when git closed stdin in the middle of it
   */
  private List<String> readBatch(String firstLine, String prefix)
      throws IOException, RemoteHelperException {
    List<String> batch = new ArrayList<>();
    String line = firstLine;
    while (true) {
      if (!line.startsWith(prefix)) {
        throw new RemoteHelperException(
            "protocol error: expected '"
                + prefix.trim()
                + "' in a "
                + prefix.trim()
                + " batch, got '"
                + PeerText.printable(line)
                + "'");
      }
      batch.add(line);
      line = commands.readLine();
      if (line == null) {
        return null;
      }
      if (line.isEmpty()) {
        return batch;
      }
    }
  }

  private void answer(String text) throws IOException {
    out.write(text.getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  private String origin() {
    return transport.errorBaseUrl();
  }

  /**
   * A command for debug logs: option values may be secrets (push options), so they are left out.
   */
  private static String describe(String line) {
    if (line.startsWith("option ")) {
      int space = line.indexOf(' ', "option ".length());
      return space < 0 ? line : line.substring(0, space) + " …";
    }
    return PeerText.printable(line);
  }
}
