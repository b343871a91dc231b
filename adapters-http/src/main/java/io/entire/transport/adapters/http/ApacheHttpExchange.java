package io.entire.transport.adapters.http;

import io.entire.transport.application.port.in.Cancellation;
import io.entire.transport.application.port.out.FirstConnection;
import io.entire.transport.application.port.out.HttpExchangePort;
import io.entire.transport.application.port.out.HttpRequest;
import io.entire.transport.application.port.out.HttpResponse;
import io.entire.transport.domain.ConnectionPoolExhaustedException;
import io.entire.transport.domain.Headers;
import io.entire.transport.domain.HttpUrl;
import io.entire.transport.domain.TransportCancelledException;
import java.io.Closeable;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CancellationException;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.io.DefaultHttpClientConnectionOperator;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ConnectionRequestTimeoutException;
import org.apache.hc.core5.http.message.BasicHeader;
import org.apache.hc.core5.util.Deadline;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link HttpExchangePort} on Apache HttpClient 5 (classic, blocking API): sends exactly one
 * HTTP/1.1 request per call and streams the response.
 *
 * <ul>
 *   <li>Connections are pooled and reused across calls (and across threads) until {@link #close()}.
 *   <li>Redirects, automatic retries, authentication schemes and cookies are switched off: failover
 *       and redirects are the application's policy (F2, X1–X5).
 *   <li>The one resend (F9): a server may close an idle keep-alive connection at any time, also
 *       right after a complete response without {@code Connection: close} (RFC 9112 §9.5). When a
 *       request fails on a connection taken from the pool (one that had carried a request before)
 *       before a single byte of a response arrived, in a way that shows the server never had it
 *       (the stream ended before a status line, or a reset or broken pipe while the request was
 *       still being written), it is sent once more, body and all from the start (F8), on a new
 *       connection to the same URI, as part of the same call. A timeout, a cancellation, a reset
 *       after the whole request was written, a failure of the resend, and any failure on a new
 *       connection are thrown as they are (F2). So a node is never counted as failed for a
 *       connection it was entitled to close, and a request the server may have acted on is never
 *       repeated. See {@link StaleConnectionDetector}.
 *   <li>Response status and header lines may be up to 64 KiB long (a long {@code X-Entire-Replicas}
 *       list), with at most 100 header fields; a longer line or more fields fail the call with an
 *       {@link IOException} (see {@link UnloggedConnectionFactory}).
 *   <li>Failures to get a response (refused, reset, TLS handshake, connect or read timeout) are
 *       thrown as the plain {@link IOException}s HttpClient and the JDK report, so the service
 *       fails over (F2). A stall of {@link HttpSettings#readTimeout()} without a byte, before or
 *       during the body, throws {@link java.net.SocketTimeoutException}.
 *   <li>A response body that arrives slower than {@link HttpSettings#lowSpeedLimit()} (git's {@code
 *       GIT_HTTP_LOW_SPEED_LIMIT}/{@code _TIME}) fails its read with an {@link IOException} naming
 *       the low speed limit, like a body cut short (S3).
 *   <li>Cancelling the {@link Cancellation} aborts the in-flight request at once, also while the
 *       caller reads the body, and the call or read throws {@link TransportCancelledException}. A
 *       request that an interrupt of the calling thread ended throws it too, never HttpClient's
 *       unchecked {@link CancellationException}.
 *   <li>Request bodies stream from {@link
 *       io.entire.transport.application.port.in.RequestBody#open() a fresh stream} each call: with
 *       {@code Content-Length}, or gzip-compressed on the fly and chunked when {@link
 *       HttpRequest#gzipBody()} asks for it (S4).
 *   <li>Responses are passed through as the server sent them. No {@code Accept-Encoding} is sent
 *       (git's http-backend never compresses), but a {@code gzip}/{@code x-gzip} Content-Encoding
 *       is decoded anyway, as git would: HTTP allows it when the request names no encoding. Other
 *       codings reach the caller untouched, with their {@code Content-Encoding}.
 *   <li>TLS 1.2 or 1.3 only; certificates and host names are verified against {@link
 *       HttpSettings#tls()} (N2) unless {@link HttpSettings#skipTlsVerify()}. The client
 *       certificate goes only to requests marked {@link HttpRequest#inCluster()} (N3); see {@link
 *       TlsSettings}.
 *   <li>Proxies (N1) as {@link HttpSettings#proxy()} chooses, once per request; see {@link
 *       ProxyRouting} for {@code CONNECT}, absolute form, Basic proxy credentials and the errors.
 *   <li>The User-Agent of the settings goes on every request unless the request names its own.
 * </ul>
 *
 * <p>Debug logging (SLF4J) shows method, URI, status and headers, never the values of {@code
 * Authorization}, {@code Proxy-Authorization}, {@code Cookie} or {@code Set-Cookie}.
 *
 * <p>Thread-safe. The caller closes every {@link HttpResponse}; closing it before its body was read
 * to the end aborts that connection rather than draining it. Closing it from another thread while a
 * thread is blocked reading its body aborts the connection, and the blocked read throws an {@link
 * IOException} at once (the way to bound how long a body is read). {@link #close()} shuts the pools
 * down and aborts what is still in flight.
 */
public final class ApacheHttpExchange implements HttpExchangePort, Closeable {
  private static final Logger log = LoggerFactory.getLogger(ApacheHttpExchange.class);

  /**
   * Framing and connection headers belong to HttpClient (the entity decides the framing); a
   * caller's copy would contradict them.
   */
  private static final Set<String> FRAMING_HEADERS =
      Set.of("content-length", "transfer-encoding", "host", "connection");

  private final HttpSettings settings;
  private final ProxyRouting proxies;

  /** The HttpClient instances: the pooled one, and the one for resends (F9). */
  private final ConnectionPools pools;

  /** Fast fallback (D1) over the pooled client's connections. */
  private final ConnectRace race;

  /**
   * Initialises the classes the first connection of a process needs, on the calling thread:
   * HttpClient's connection operator, whose initialisation reaches the JDK's socket option, address
   * and security classes, and its pool's {@code Deadline}, which builds a java.time formatter
   * (milliseconds each in a fresh JVM). For a short-lived process that calls it on a thread of its
   * own while it does other startup work, such as the git helper.
   */
  public static void initialiseConnectionClasses() {
    for (Class<?> type : List.of(DefaultHttpClientConnectionOperator.class, Deadline.class)) {
      try {
        Class.forName(type.getName(), true, ApacheHttpExchange.class.getClassLoader());
      } catch (ClassNotFoundException e) {
        throw new IllegalStateException("HttpClient is not on the class path", e);
      }
    }
  }

  /**
   * Creates the exchange and its connection pools.
   *
   * @param settings timeouts, TLS, User-Agent, pool size, proxy
   */
  public ApacheHttpExchange(HttpSettings settings) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.proxies = new ProxyRouting(settings.proxy(), settings.allowHttp());
    this.pools = new ConnectionPools(settings);
    this.race = new ConnectRace(pools.pooledConnections(), settings);
  }

  @Override
  public HttpResponse exchange(HttpRequest request, Cancellation cancellation) throws IOException {
    Objects.requireNonNull(request, "request");
    Objects.requireNonNull(cancellation, "cancellation");
    requireHttpScheme(request);
    if (cancellation.isCancelled()) {
      throw new TransportCancelledException();
    }
    ProxyRouting.Choice route = proxies.choose(request); // N1: once per request, also for F9
    HttpClientContext context = newContext(request, route);
    Sent sent;
    try {
      sent = send(pools.pooled(), request, route, cancellation, context);
    } catch (IOException e) {
      if (e instanceof TransportCancelledException
          || cancellation.isCancelled()
          || !StaleConnectionDetector.failedOnStaleConnection(context)) {
        throw e;
      }
      // F9: the server had closed this pooled connection; that says nothing about the node.
      // Resent once, on a new connection; a failure there is the node's (F2).
      log.debug(
          "< {} {} failed on a reused connection before any response ({}); resending on a new"
              + " connection",
          request.method(),
          request.uri(),
          e.toString());
      sent = send(pools.fresh(), request, route, cancellation, newContext(request, route));
    }
    ApacheHttpResponse answer =
        new ApacheHttpResponse(
            sent.outbound(),
            sent.response(),
            sent.registration(),
            cancellation,
            new LowSpeedGuard(settings.lowSpeedLimit(), System::nanoTime));
    if (cancellation.isCancelled()) {
      answer.close();
      throw new TransportCancelledException();
    }
    if (log.isDebugEnabled()) {
      log.debug(
          "< {} {} {} {}",
          request.method(),
          request.uri(),
          sent.response().getCode(),
          WireHeaders.forLog(WireHeaders.of(sent.response()), request.headers()));
    }
    return answer;
  }

  /**
   * D1: races connections to the targets' nodes (see {@link ConnectRace}); through a proxy, the
   * race is between {@code CONNECT} tunnels ({@link ProxyTunnel}). Plain-http requests through a
   * proxy are not raced: they all ride connections to the proxy, in absolute form, so there is
   * nothing node-specific to connect ahead; the first target then simply goes first.
   */
  @Override
  public FirstConnection connectFirst(
      List<HttpRequest> targets,
      Duration stagger,
      Cancellation cancellation,
      FirstConnection.LateFailure lateFailure)
      throws IOException {
    Objects.requireNonNull(stagger, "stagger");
    Objects.requireNonNull(cancellation, "cancellation");
    Objects.requireNonNull(lateFailure, "lateFailure");
    if (targets.size() < 2) {
      return FirstConnection.UNRACED;
    }
    if (cancellation.isCancelled()) {
      throw new TransportCancelledException();
    }
    List<ConnectRace.Dial> dials = new ArrayList<>(targets.size());
    for (HttpRequest target : targets) {
      requireHttpScheme(target);
      ProxyRouting.Choice route = proxies.choose(target);
      if (route.proxy() != null && "http".equalsIgnoreCase(target.uri().getScheme())) {
        return FirstConnection.UNRACED; // absolute form: every node's request rides one connection
      }
      dials.add(new ConnectRace.Dial(target.uri(), newContext(target, route), route));
      if (dials.size() == 1 && race.hasIdleConnection(dials.get(0))) {
        // A session's calls to its sticky node: it wins at once, before the other nodes' routes
        // are even worked out, with no thread and no lease ahead of the exchange's own.
        return FirstConnection.UNRACED;
      }
    }
    return race.run(dials, stagger, cancellation, lateFailure);
  }

  /** A request's context: its proxy (N1), and whether it presents the client certificate (N3). */
  private HttpClientContext newContext(HttpRequest request, ProxyRouting.Choice route) {
    HttpClientContext context = HttpClientContext.create();
    proxies.prepare(route, context);
    TlsSocketStrategies.mark(context, settings.tls(), request.inCluster());
    return context;
  }

  /** One request on the wire and its response head; the registration lives with the response. */
  private record Sent(
      HttpUriRequestBase outbound,
      ClassicHttpResponse response,
      Cancellation.Registration registration) {}

  /**
   * Sends the request through {@code client} and waits for the response head. The body, if any, is
   * opened afresh (F8), so a resend sends it again from its first byte.
   */
  private Sent send(
      CloseableHttpClient client,
      HttpRequest request,
      ProxyRouting.Choice route,
      Cancellation cancellation,
      HttpClientContext context)
      throws IOException {
    HttpUriRequestBase outbound = toOutbound(request);
    if (log.isDebugEnabled()) {
      log.debug(
          "> {} {} {}",
          request.method(),
          request.uri(),
          WireHeaders.forRequestLog(WireHeaders.of(outbound)));
    }
    // Runs at once if cancelled meanwhile; HttpClient then refuses to start the request.
    Cancellation.Registration registration = cancellation.onCancel(outbound::cancel);
    try {
      ClassicHttpResponse response = client.executeOpen(null, outbound, context);
      try {
        ProxyRouting.checkAnswer(route, request, response, context); // N1: the proxy's refusals
      } catch (IOException e) {
        response.close();
        throw e;
      }
      return new Sent(outbound, response, registration);
    } catch (IOException e) {
      registration.close();
      if (cancellation.isCancelled()) {
        throw new TransportCancelledException(e);
      }
      if (Thread.currentThread().isInterrupted()) {
        throw interrupted(e);
      }
      if (e instanceof ConnectionRequestTimeoutException) {
        // L3: sessions share the pool; waiting for it is not the node's failure (F2).
        throw new ConnectionPoolExhaustedException(
            "no free connection in the client's pool of "
                + settings.maxConnections()
                + " after "
                + settings.readTimeout().toMillis()
                + " ms (close every stream a call returns, or give the client a larger pool)",
            e);
      }
      log.debug("< {} {} failed: {}", request.method(), request.uri(), e.toString());
      throw ProxyRouting.reword(route, e);
    } catch (RuntimeException e) {
      registration.close();
      if (cancellation.isCancelled()) {
        // A cancel racing the connection setup makes HttpClient fail with an
        // IllegalStateException ("Endpoint not acquired / already released").
        throw new TransportCancelledException(e);
      }
      if (e instanceof CancellationException || Thread.currentThread().isInterrupted()) {
        // HttpClient ends a wait that an interrupt broke off with an unchecked
        // CancellationException without a message; the caller gets the cancellation it is (L5).
        throw interrupted(e);
      }
      throw e;
    }
  }

  /** An interrupt of the calling thread ended the request; the interrupt flag stays as it is. */
  private static TransportCancelledException interrupted(Exception e) {
    return new TransportCancelledException("interrupted while waiting for the server", e);
  }

  private HttpUriRequestBase toOutbound(HttpRequest request) {
    HttpUriRequestBase outbound =
        new HttpUriRequestBase(request.method().toUpperCase(Locale.ROOT), request.uri());
    Headers headers = request.headers();
    for (Headers.Field field : headers.fields()) {
      String name = field.name().toLowerCase(Locale.ROOT);
      if (FRAMING_HEADERS.contains(name)
          || (request.gzipBody() && name.equals("content-encoding"))) {
        continue;
      }
      // Tells HttpClient that credential values are secrets.
      outbound.addHeader(new BasicHeader(field.name(), field.value(), Headers.isSensitive(name)));
    }
    if (!headers.contains("User-Agent")) {
      outbound.setHeader("User-Agent", settings.userAgent());
    }
    if (request.body() != null) {
      outbound.setEntity(new RequestBodyEntity(request.body(), request.gzipBody()));
    }
    return outbound;
  }

  private static void requireHttpScheme(HttpRequest request) {
    Set<HttpUrl.Flaw> flaws = HttpUrl.flawsOf(request.uri());
    if (flaws.contains(HttpUrl.Flaw.NOT_ABSOLUTE) || flaws.contains(HttpUrl.Flaw.NOT_HTTP)) {
      throw new IllegalArgumentException("only http and https URIs can be sent: " + request.uri());
    }
    if (flaws.contains(HttpUrl.Flaw.USERINFO)) {
      // Not printed: userinfo may hold a password.
      throw new IllegalArgumentException("request URI must not contain userinfo");
    }
    if (!flaws.isEmpty()) {
      throw new IllegalArgumentException("request URI has no host: " + request.uri());
    }
  }

  /**
   * Shuts the connection pool down, aborting requests still in flight; later calls of {@link
   * #exchange} throw {@link IllegalStateException}. Idempotent.
   */
  @Override
  public void close() {
    try {
      race.close(); // first: it reports losing attempts the pool's close would abort
    } finally {
      pools.close();
    }
  }

  @Override
  public String toString() {
    return "ApacheHttpExchange[" + settings + "]";
  }
}
