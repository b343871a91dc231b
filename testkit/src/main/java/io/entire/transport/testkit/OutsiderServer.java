package io.entire.transport.testkit;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * A recording server outside every cluster's trust domain, bound by default to {@code 127.0.0.2}
 * (Linux routes all of {@code 127.0.0.0/8} to the loopback interface; on macOS add an alias first:
 * {@code sudo ifconfig lo0 alias 127.0.0.2}). Point a redirect or a poisoned replicas header at it,
 * then assert from its log that no credentials arrived ({@link
 * RecordedRequest#authorizationPresent()}).
 *
 * <p>By default it answers:
 *
 * <ul>
 *   <li>{@code GET .../info/refs?service=git-upload-pack} (or {@code git-receive-pack}): 200 with a
 *       well-formed v0 smart advertisement of an empty repository (only {@code capabilities^{}}),
 *       so a client that wrongly follows it parses a valid answer rather than failing early;
 *   <li>anything else: 200 {@code text/plain} {@code "entire-testkit outsider\n"}.
 * </ul>
 *
 * {@link #respondWith(int, String)} replaces that with a fixed answer. It never sends {@code
 * X-Entire-Replicas}. Faults work as on any {@link TestServer}.
 *
 * <p>Thread-safe. The creator owns it and must {@link #close()} it.
 *
 * @since 0.1
 */
public final class OutsiderServer extends TestServer implements AutoCloseable {

  /** The default bind address, outside {@code 127.0.0.1}. */
  public static final String DEFAULT_HOST = "127.0.0.2";

  private volatile FixedAnswer fixedAnswer;

  private record FixedAnswer(int status, String body) {}

  private OutsiderServer(String host, Holder holder) {
    super(
        new LoopbackHttpServer(
            "outsider",
            host,
            ex -> holder.server.answer(ex),
            null,
            null,
            null,
            new KnownSecrets()));
    holder.server = this;
  }

  /** Breaks the construction cycle between the server and its handler. */
  private static final class Holder {
    volatile OutsiderServer server;
  }

  /** Starts an outsider on {@value #DEFAULT_HOST} and an ephemeral port. */
  public static OutsiderServer start() {
    return start(DEFAULT_HOST);
  }

  /**
   * Starts an outsider on {@code host} and an ephemeral port.
   *
   * @throws UncheckedIOException when the address cannot be bound (e.g. no loopback alias)
   */
  public static OutsiderServer start(String host) {
    return start(Objects.requireNonNull(host, "host"), null, null);
  }

  /**
   * Starts an https outsider on {@value #DEFAULT_HOST} with a certificate from {@code tls}'s CA (so
   * a client trusting that cluster completes the handshake, and what it then sends shows in the
   * log). Its {@link #url()} names it {@value LoopbackNames#OUTSIDER} (see {@link LoopbackNames}),
   * {@link #addressUrl()} by address; the certificate covers both.
   *
   * @param tls the CA of a cluster, {@link TestCluster#tls()}
   * @throws UncheckedIOException when the address cannot be bound (e.g. no loopback alias)
   * @since 0.2
   */
  public static OutsiderServer startHttps(ClusterTls tls) {
    Objects.requireNonNull(tls, "tls");
    return start(DEFAULT_HOST, LoopbackNames.OUTSIDER, tls);
  }

  private static OutsiderServer start(String host, String name, ClusterTls tls) {
    OutsiderServer server = new OutsiderServer(host, new Holder());
    try {
      if (tls != null) {
        server.http.configure(name, tls.server(name, host, false));
      }
      server.http.start();
    } catch (IOException e) {
      server.http.close();
      throw new UncheckedIOException(
          "cannot start outsider server: "
              + e.getMessage()
              + " (is "
              + host
              + " routed to loopback? on macOS: sudo ifconfig lo0 alias "
              + host
              + ")",
          e);
    }
    return server;
  }

  /** Answers every request with {@code status} and {@code body} as UTF-8 text from now on. */
  public void respondWith(int status, String body) {
    if (status < 200 || status > 599) {
      throw new IllegalArgumentException("status must be between 200 and 599, got " + status);
    }
    fixedAnswer = new FixedAnswer(status, Objects.requireNonNull(body, "body"));
  }

  /** Goes back to the default answers described above. */
  public void respondWithDefault() {
    fixedAnswer = null;
  }

  /** Stops the server and ends all its connections. */
  @Override
  public void close() {
    http.close();
  }

  private void answer(Exchange ex) throws IOException {
    FixedAnswer fixed = fixedAnswer;
    if (fixed != null) {
      ex.respondText(fixed.status(), fixed.body());
      return;
    }
    RequestHead head = ex.head();
    String query = head.query();
    if (head.method().equals("GET") && head.path().endsWith("/info/refs")) {
      for (String service : new String[] {"git-upload-pack", "git-receive-pack"}) {
        if (query.equals("service=" + service)) {
          ex.respond(
              200,
              new HttpHeaders()
                  .add("Content-Type", "application/x-" + service + "-advertisement")
                  .add("Cache-Control", "no-cache"),
              emptyAdvertisement(service));
          return;
        }
      }
    }
    ex.respondText(200, "entire-testkit outsider\n");
  }

  static byte[] emptyAdvertisement(String service) {
    String capabilities =
        service.equals("git-upload-pack")
            ? "multi_ack_detailed side-band-64k thin-pack ofs-delta shallow no-progress"
                + " include-tag object-format=sha1 agent=entire-testkit-outsider"
            : "report-status delete-refs side-band-64k quiet ofs-delta object-format=sha1"
                + " agent=entire-testkit-outsider";
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    pktLine(out, "# service=" + service + "\n");
    out.writeBytes("0000".getBytes(StandardCharsets.US_ASCII));
    pktLine(out, "0".repeat(40) + " capabilities^{}\0" + capabilities + "\n");
    out.writeBytes("0000".getBytes(StandardCharsets.US_ASCII));
    return out.toByteArray();
  }

  private static void pktLine(ByteArrayOutputStream out, String payload) {
    byte[] bytes = payload.getBytes(StandardCharsets.UTF_8);
    out.writeBytes(String.format("%04x", bytes.length + 4).getBytes(StandardCharsets.US_ASCII));
    out.writeBytes(bytes);
  }
}
