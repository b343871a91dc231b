package io.entire.transport.micrometer;

import io.entire.transport.application.port.out.TransportEventListener;
import io.entire.transport.domain.GitService;
import io.entire.transport.domain.NodeUrl;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * The transport's events (O1) as Micrometer meters (DESIGN §10, O2). Register it on the client; the
 * meters appear in {@code registry} as the transport works:
 *
 * <ul>
 *   <li>timer {@value #ATTEMPT}, tags {@code node}, {@code service}, {@code outcome}: one request
 *       to one node, from sending until its response head (or failure);
 *   <li>timer {@value #CALL}, tags {@code service}, {@code kind} ({@code discovery} or {@code
 *       rpc}), {@code outcome} ({@code success} or {@code failure}): one call, until its response
 *       stream is returned or its exception thrown;
 *   <li>counter {@value #FAILOVER}, tags {@code node}, {@code reason}: a node given up on (F2);
 *   <li>counter {@value #COLD_PATH}, tag {@code service}: a discovery that went to the entry
 *       domain;
 *   <li>counter {@value #CACHE}, tag {@code result} ({@code hit}, {@code miss} or {@code write}):
 *       replica cache reads and writes (K2, K6);
 *   <li>distribution summaries {@value #BYTES_SENT} and {@value #BYTES_RECEIVED} (base unit bytes),
 *       tag {@code service}: request body bytes sent and response body bytes read per attempt.
 * </ul>
 *
 * <p>Tag values are bounded and never carry credentials: {@code node} is {@code scheme://host:port}
 * (never a path or query); {@code service} is {@code git-upload-pack} or {@code git-receive-pack};
 * {@code outcome} of an attempt is {@code status_1xx} … {@code status_5xx} for a response, else the
 * failure kind; {@code reason} of a failover is {@code status_5xx} for a server error, else the
 * failure kind. Failure kinds are {@code connect}, {@code timeout}, {@code reset}, {@code tls},
 * {@code cancelled} and {@code other} ({@link TransportEventListener.FailureKind}).
 *
 * <p>Thread-safe: one instance may serve every transport of a client, from many threads at once.
 *
 * @since 0.2
 */
public final class MicrometerEventListener implements TransportEventListener {
  /** Timer of one attempt. */
  public static final String ATTEMPT = "entire.transport.attempt";

  /** Timer of one call. */
  public static final String CALL = "entire.transport.call";

  /** Counter of failovers. */
  public static final String FAILOVER = "entire.transport.failover";

  /** Counter of cold paths. */
  public static final String COLD_PATH = "entire.transport.cold_path";

  /** Counter of replica cache reads and writes. */
  public static final String CACHE = "entire.transport.cache";

  /** Distribution summary of request body bytes sent per attempt. */
  public static final String BYTES_SENT = "entire.transport.bytes.sent";

  /** Distribution summary of response body bytes read per attempt. */
  public static final String BYTES_RECEIVED = "entire.transport.bytes.received";

  private final MeterRegistry registry;

  /**
   * Binds the events to {@code registry}.
   *
   * @param registry where the meters are registered; common tags and filters configured on it apply
   */
  public MicrometerEventListener(MeterRegistry registry) {
    this.registry = Objects.requireNonNull(registry, "registry");
  }

  @Override
  public void callEnded(Call call, Duration duration) {
    callTimer(call, "success").record(duration);
  }

  @Override
  public void callFailed(Call call, Duration duration, Exception failure) {
    callTimer(call, "failure").record(duration);
  }

  @Override
  public void attemptEnded(Attempt attempt) {
    String service = service(attempt.call().service());
    String outcome =
        attempt.status().map(MicrometerEventListener::statusTag).orElseGet(() -> tag(attempt));
    Timer.builder(ATTEMPT)
        .description("One request to one node, until its response head or failure")
        .tags("node", node(attempt.node()), "service", service, "outcome", outcome)
        .register(registry)
        .record(attempt.duration());
    bytes(BYTES_SENT, "Request body bytes sent per attempt", service).record(attempt.bytesSent());
    bytes(BYTES_RECEIVED, "Response body bytes read per attempt", service)
        .record(attempt.bytesReceived());
  }

  @Override
  public void failover(Call call, NodeUrl node, FailureKind kind, String reason) {
    Counter.builder(FAILOVER)
        .description("Nodes a call gave up on (F2)")
        .tags("node", node(node), "reason", kindTag(kind))
        .register(registry)
        .increment();
  }

  @Override
  public void coldPathTaken(Call call) {
    Counter.builder(COLD_PATH)
        .description("Discoveries that went to the entry domain")
        .tag("service", service(call.service()))
        .register(registry)
        .increment();
  }

  @Override
  public void replicaCacheRead(String repository, boolean hit) {
    cache(hit ? "hit" : "miss");
  }

  @Override
  public void replicaCacheWritten(String repository) {
    cache("write");
  }

  private Timer callTimer(Call call, String outcome) {
    return Timer.builder(CALL)
        .description("One call of a transport, until its stream is returned or it fails")
        .tags(
            "service",
            service(call.service()),
            "kind",
            call.kind().name().toLowerCase(Locale.ROOT),
            "outcome",
            outcome)
        .register(registry);
  }

  private DistributionSummary bytes(String name, String description, String service) {
    return DistributionSummary.builder(name)
        .description(description)
        .baseUnit("bytes")
        .tag("service", service)
        .register(registry);
  }

  private void cache(String result) {
    Counter.builder(CACHE)
        .description("Replica cache reads (hit or miss) and writes")
        .tag("result", result)
        .register(registry)
        .increment();
  }

  /** {@code scheme://host:port}, the port always given, so one node has one tag value. */
  static String node(NodeUrl node) {
    return node.scheme() + "://" + node.host() + ":" + node.effectivePort();
  }

  private static String service(GitService service) {
    return service.serviceName();
  }

  static String statusTag(int status) {
    return status >= 100 && status <= 599 ? "status_" + status / 100 + "xx" : "status_other";
  }

  private static String tag(Attempt attempt) {
    return kindTag(attempt.failure().orElse(FailureKind.OTHER));
  }

  static String kindTag(FailureKind kind) {
    return kind == FailureKind.SERVER_ERROR ? "status_5xx" : kind.name().toLowerCase(Locale.ROOT);
  }
}
