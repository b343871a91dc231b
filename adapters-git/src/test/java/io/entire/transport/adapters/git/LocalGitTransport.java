package io.entire.transport.adapters.git;

import io.entire.transport.application.port.in.GitTransport;
import io.entire.transport.application.port.in.HeaderCustomizer;
import io.entire.transport.application.port.in.RequestBody;
import io.entire.transport.domain.GitService;
import io.entire.transport.domain.Headers;
import io.entire.transport.domain.TransportException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * A {@link GitTransport} without HTTP: each call runs git's own stateless server side on a local
 * bare repository, exactly what {@code git http-backend} runs — {@code git upload-pack|receive-pack
 * --stateless-rpc [--advertise-refs]}, with {@code GIT_PROTOCOL} from the {@code Git-Protocol}
 * header. Records every call (and optionally appends it to a log file, for tests that run the
 * helper in another JVM).
 */
final class LocalGitTransport implements GitTransport {

  /** One call to the transport. */
  record Call(String method, GitService service, Headers headers, long bodyLength, byte[] body) {
    String header(String name) {
      return headers.first(name).orElse(null);
    }
  }

  private final Path repository;
  private final Map<String, String> environment;
  private final List<Call> calls = new ArrayList<>();
  private boolean speaksV2 = true;
  private boolean serviceSectionOnV2;
  private boolean version1;
  private Path log;
  private long keepBodiesUpTo = 1 << 20;
  private Consumer<RequestBody> bodyInspector = body -> {};
  private IOException failPosts;

  LocalGitTransport(Path repository, Map<String, String> environment) {
    this.repository = repository;
    this.environment = Map.copyOf(environment);
  }

  /** Makes the server answer v2 discovery with a v0 advertisement (an old server). */
  LocalGitTransport speaksV2(boolean speaksV2) {
    this.speaksV2 = speaksV2;
    return this;
  }

  /** Answers v0 discovery with a protocol v1 advertisement ({@code version 1} first). */
  LocalGitTransport version1(boolean on) {
    this.version1 = on;
    return this;
  }

  /** Prefixes v2 advertisements with a {@code # service=} section too (some servers do). */
  LocalGitTransport serviceSectionOnV2(boolean on) {
    this.serviceSectionOnV2 = on;
    return this;
  }

  /** Appends one line per call to {@code file}. */
  LocalGitTransport logTo(Path file) {
    this.log = file;
    return this;
  }

  /** Runs {@code inspector} on every POST body while the POST is in flight. */
  LocalGitTransport inspectBodies(Consumer<RequestBody> inspector) {
    this.bodyInspector = inspector;
    return this;
  }

  /** Makes every POST fail with {@code failure}. */
  LocalGitTransport failPosts(IOException failure) {
    this.failPosts = failure;
    return this;
  }

  List<Call> calls() {
    return List.copyOf(calls);
  }

  List<Call> posts(GitService service) {
    return calls.stream().filter(c -> c.method().equals("POST") && c.service() == service).toList();
  }

  @Override
  public InputStream infoRefs(GitService service) throws IOException {
    record(new Call("GET", service, Headers.empty(), 0, new byte[0]));
    return new ByteArrayInputStream(
        withServiceSection(service, advertise(service, version1 ? "version=1" : null)));
  }

  @Override
  public InputStream infoRefsV2() throws IOException {
    Headers headers = Headers.empty().with("Git-Protocol", "version=2");
    record(new Call("GET-v2", GitService.UPLOAD_PACK, headers, 0, new byte[0]));
    if (!speaksV2) {
      return new ByteArrayInputStream(
          withServiceSection(GitService.UPLOAD_PACK, advertise(GitService.UPLOAD_PACK, null)));
    }
    byte[] body = advertise(GitService.UPLOAD_PACK, "version=2");
    return new ByteArrayInputStream(
        serviceSectionOnV2 ? withServiceSection(GitService.UPLOAD_PACK, body) : body);
  }

  @Override
  public InputStream serviceRpc(
      GitService service, RequestBody body, HeaderCustomizer... customizers) throws IOException {
    Headers headers = Headers.empty();
    for (HeaderCustomizer customizer : customizers) {
      headers = customizer.customize(headers);
    }
    byte[] kept;
    if (body.length() <= keepBodiesUpTo) {
      try (InputStream in = body.open()) {
        kept = in.readAllBytes();
      }
    } else {
      kept = new byte[0];
    }
    record(new Call("POST", service, headers, body.length(), kept));
    bodyInspector.accept(body);
    if (failPosts != null) {
      throw failPosts;
    }
    String protocol = headers.first("Git-Protocol").orElse(null);
    List<String> command = new ArrayList<>(List.of("git", subcommand(service), "--stateless-rpc"));
    command.add(repository.toString());
    Process process = start(command, protocol);
    CompletableFuture<byte[]> out = GitCli.readAsync(process.getInputStream());
    CompletableFuture<byte[]> err = GitCli.readAsync(process.getErrorStream());
    try (OutputStream stdin = process.getOutputStream();
        InputStream in = body.open()) {
      in.transferTo(stdin);
    } catch (IOException e) {
      // The server side may stop reading early; its answer says why.
    }
    int exit = waitFor(process);
    if (exit != 0) {
      throw new TransportException(
          "local "
              + service.serviceName()
              + " failed: "
              + new String(err.join(), StandardCharsets.UTF_8));
    }
    return new ByteArrayInputStream(out.join());
  }

  @Override
  public String errorBaseUrl() {
    return "local:" + repository;
  }

  private byte[] advertise(GitService service, String protocol) throws IOException {
    Process process =
        start(
            List.of(
                "git",
                subcommand(service),
                "--stateless-rpc",
                "--advertise-refs",
                repository.toString()),
            protocol);
    process.getOutputStream().close();
    CompletableFuture<byte[]> out = GitCli.readAsync(process.getInputStream());
    CompletableFuture<byte[]> err = GitCli.readAsync(process.getErrorStream());
    if (waitFor(process) != 0) {
      throw new TransportException(
          "local advertisement failed: " + new String(err.join(), StandardCharsets.UTF_8));
    }
    return out.join();
  }

  private static byte[] withServiceSection(GitService service, byte[] body) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      PktLine.text("# service=" + service.serviceName() + "\n").writeTo(out);
      PktLine.FLUSH.writeTo(out);
      out.write(body);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private Process start(List<String> command, String protocol) throws IOException {
    ProcessBuilder builder = new ProcessBuilder(command);
    Map<String, String> env = new HashMap<>(environment);
    if (protocol != null) {
      env.put("GIT_PROTOCOL", protocol);
    }
    builder.environment().remove("GIT_DIR");
    builder.environment().putAll(env);
    return builder.start();
  }

  private static int waitFor(Process process) throws IOException {
    try {
      return process.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }

  private static String subcommand(GitService service) {
    return service == GitService.UPLOAD_PACK ? "upload-pack" : "receive-pack";
  }

  private void record(Call call) {
    calls.add(call);
    if (log != null) {
      String line =
          call.method()
              + " "
              + call.service().serviceName()
              + " protocol="
              + call.header("Git-Protocol")
              + " push-size="
              + call.header("X-Entire-Push-Size")
              + " length="
              + call.bodyLength()
              + "\n";
      try {
        Files.writeString(log, line, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }
}
