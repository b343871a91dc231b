package io.entire.transport.application.service;

import io.entire.transport.application.port.in.Cancellation;
import io.entire.transport.application.port.in.GitTransport;
import io.entire.transport.application.port.in.HeaderCustomizer;
import io.entire.transport.application.port.in.RequestBody;
import io.entire.transport.application.port.in.TransportConfig;
import io.entire.transport.application.port.out.CredentialPort;
import io.entire.transport.application.port.out.HttpExchangePort;
import io.entire.transport.application.port.out.MonotonicClock;
import io.entire.transport.application.port.out.RandomSource;
import io.entire.transport.application.port.out.ReplicaCachePort;
import io.entire.transport.application.port.out.TransportEventListener;
import io.entire.transport.application.port.out.TransportEventListener.Kind;
import io.entire.transport.domain.AllNodesFailedException;
import io.entire.transport.domain.ClusterTrustDomain;
import io.entire.transport.domain.GitService;
import io.entire.transport.domain.Headers;
import io.entire.transport.domain.HttpErrors;
import io.entire.transport.domain.NoHealthyNodesException;
import io.entire.transport.domain.NodeUrl;
import io.entire.transport.domain.PublicSuffixList;
import io.entire.transport.domain.RepoAction;
import io.entire.transport.domain.TransportException;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The transport use case (DESIGN §4): service RPCs (S1–S4) and discovery over the warm path (W1) or
 * the entry domain (W2, W3), composed of the node list ({@link KnownReplicas}), failover over it
 * ({@link Failover}), the cold path ({@link EntryDomain}) and the follow-up loop that sends every
 * request ({@link FollowUpLoop}).
 *
 * <p>Not thread-safe, like {@link GitTransport}: one instance serves one serial git conversation
 * and keeps its sticky node and node list.
 */
public final class ReplicaTransportService implements GitTransport {
  private static final Logger log = LoggerFactory.getLogger(ReplicaTransportService.class);
  private static final String GIT_PROTOCOL = "Git-Protocol";

  private final TransportConfig config;
  private final MonotonicClock clock;
  private final Duration connectTimeout;
  private final TransportEvents events;
  private Cancellation callCancellation;
  private final SentSecrets secrets = new SentSecrets();
  private final KnownReplicas replicas;
  private final Failover failover;
  private final InfoRefsAnswers infoRefs;
  private final EntryDomain entryDomain; // null without an entry URL

  /**
   * Creates the service. The node list starts with the configured initial nodes, else the cached
   * ones, filtered to the trust domain (R5). The discovery budget counts {@link
   * TransportConfig#DEFAULT_CONNECT_TIMEOUT}, as below.
   *
   * @param config what to talk to
   * @param http sends single requests
   * @param credentials supplies credentials for in-cluster requests
   * @param cache remembers replicas across invocations
   * @param random picks the first node (F1)
   * @param publicSuffixes decides whether the cluster host's subdomains are trusted (R3)
   */
  public ReplicaTransportService(
      TransportConfig config,
      HttpExchangePort http,
      CredentialPort credentials,
      ReplicaCachePort cache,
      RandomSource random,
      PublicSuffixList publicSuffixes) {
    this(config, http, credentials, cache, random, publicSuffixes, MonotonicClock.SYSTEM);
  }

  /**
   * Creates the service with a clock for its time budgets (tests pass a fake one). Its discovery
   * budget counts {@link TransportConfig#DEFAULT_CONNECT_TIMEOUT}: the connect timeout is a client
   * setting, which a client passes in {@link ClientParts}.
   *
   * @param config what to talk to
   * @param http sends single requests
   * @param credentials supplies credentials for in-cluster requests
   * @param cache remembers replicas across invocations
   * @param random picks the first node (F1)
   * @param publicSuffixes decides whether the cluster host's subdomains are trusted (R3)
   * @param clock measures the time one discovery call spends on failed connections
   */
  public ReplicaTransportService(
      TransportConfig config,
      HttpExchangePort http,
      CredentialPort credentials,
      ReplicaCachePort cache,
      RandomSource random,
      PublicSuffixList publicSuffixes,
      MonotonicClock clock) {
    this(
        config,
        new ClientParts(
            http,
            credentials,
            cache,
            random,
            publicSuffixes,
            clock,
            TransportConfig.DEFAULT_CONNECT_TIMEOUT,
            TransportEventListener.NONE));
  }

  /**
   * Creates the transport of one repository over the parts its client shares (L3).
   *
   * @param config what to talk to
   * @param parts the client's ports and event listener
   */
  public ReplicaTransportService(TransportConfig config, ClientParts parts) {
    this.config = Objects.requireNonNull(config, "config");
    Objects.requireNonNull(parts, "parts");
    this.clock = parts.clock();
    this.connectTimeout = parts.connectTimeout();
    this.events = new TransportEvents(parts.events(), clock, config.audience());
    this.callCancellation = config.cancellation();
    ClusterTrustDomain trustDomain =
        ClusterTrustDomain.of(config.clusterHost(), parts.publicSuffixes());
    FollowUpLoop followUps =
        new FollowUpLoop(
            parts.http(),
            parts.credentials(),
            trustDomain,
            () -> callCancellation,
            config.audience(),
            config.audienceUrl(),
            secrets,
            events,
            parts.extraHeaders());
    this.replicas = new KnownReplicas(config, parts.cache(), trustDomain, events);
    this.failover =
        new Failover(
            followUps,
            replicas,
            parts.random(),
            config.repoPath(),
            secrets,
            events,
            () -> callCancellation,
            parts.hedgeDelay());
    this.infoRefs = new InfoRefsAnswers(replicas, secrets);
    this.entryDomain =
        config.entryUrl() == null
            ? null
            : new EntryDomain(
                config.entryUrl(),
                config.repoPath(),
                followUps,
                replicas,
                failover,
                infoRefs,
                trustDomain,
                secrets,
                events);
  }

  /**
   * Sets the cancellation of the calls that follow, and of reading the streams they return (L6): a
   * session gives each call its own, so that a cancelled or timed-out call never breaks the next
   * one. Until set, calls use the configuration's.
   *
   * @param cancellation the cancellation of the next calls
   */
  public void cancelCallsWith(Cancellation cancellation) {
    this.callCancellation = Objects.requireNonNull(cancellation, "cancellation");
  }

  /** Returns the current in-memory node list (for diagnostics and tests). */
  public List<NodeUrl> currentNodes() {
    return replicas.nodes().nodes();
  }

  /** Returns the sticky node (F7), if any. */
  public Optional<NodeUrl> stickyNode() {
    return replicas.stickyNode();
  }

  @Override
  public InputStream infoRefs(GitService service) throws IOException {
    Objects.requireNonNull(service, "service");
    return observed(
        service,
        Kind.DISCOVERY,
        () -> discover(service.infoRefsSuffix(), service.action(), Headers.empty()));
  }

  @Override
  public InputStream infoRefsV2() throws IOException {
    return observed(
        GitService.UPLOAD_PACK,
        Kind.DISCOVERY,
        () ->
            discover(
                GitService.UPLOAD_PACK.infoRefsSuffix(),
                RepoAction.PULL,
                Headers.empty().with(GIT_PROTOCOL, "version=2")));
  }

  @Override
  public InputStream serviceRpc(
      GitService service, RequestBody body, HeaderCustomizer... customizers) throws IOException {
    Objects.requireNonNull(service, "service");
    Objects.requireNonNull(body, "body");
    // A list, not the array: the startup archive links no lambda that captures an array, and
    // linking one costs a git command ~1.5 ms (DESIGN §7).
    List<HeaderCustomizer> each = Arrays.asList(customizers);
    return observed(
        service, Kind.RPC, () -> rpc(service, body, each.toArray(new HeaderCustomizer[0])));
  }

  /** O1: reports the call's start and its end or failure around {@code call}. */
  private InputStream observed(GitService service, Kind kind, CallBody call) throws IOException {
    events.callStarted(service, kind);
    InputStream result;
    try {
      result = call.run();
    } catch (IOException | RuntimeException e) {
      events.callFailed(e);
      throw e;
    }
    events.callEnded();
    return result;
  }

  /** One call of the transport, as {@link #observed} runs it. */
  @FunctionalInterface
  private interface CallBody {
    InputStream run() throws IOException;
  }

  private InputStream rpc(GitService service, RequestBody body, HeaderCustomizer... customizers)
      throws IOException {
    Headers headers =
        Headers.empty()
            .with("Content-Type", service.requestContentType())
            .with("Accept", service.resultContentType());
    for (HeaderCustomizer customizer : customizers) {
      headers = Objects.requireNonNull(customizer.customize(headers), "customized headers");
    }
    // S4: like git, compress fetch negotiation bodies; pushes are packs already compressed.
    boolean gzip = service == GitService.UPLOAD_PACK && body.length() > 1024;
    Answer answer = failover.post(service.rpcSuffix(), headers, body, gzip, service.action());
    if (answer.status() != 200) {
      String text = ServerText.readAndClose(answer.response(), secrets);
      throw HttpErrors.forService(service, answer.status(), text, errorBaseUrl());
    }
    return new ResponseStream(answer.response());
  }

  @Override
  public String errorBaseUrl() {
    return replicas.errorBaseUrl();
  }

  /** W1–W3: the warm path over the known nodes, else (or after it failed) the entry domain. */
  private InputStream discover(String suffix, RepoAction action, Headers headers)
      throws IOException {
    DiscoveryBudget budget = new DiscoveryBudget(clock, connectTimeout);
    if (replicas.nodes().isEmpty()) {
      if (entryDomain == null) {
        throw new TransportException("no replicas available and no entry URL configured"); // W3
      }
      events.coldPathTaken(); // O1
      return entryDomain.discover(suffix, action, headers, budget);
    }
    Answer warm;
    try {
      warm = failover.get(suffix, headers, action, budget); // W1
    } catch (AllNodesFailedException | NoHealthyNodesException warmError) {
      if (entryDomain == null) {
        throw warmError;
      }
      log.debug("cached replicas failed ({}); trying the entry domain", warmError.getMessage());
      events.coldPathTaken(); // O1
      try {
        return entryDomain.discover(suffix, action, headers, budget); // W2
      } catch (TransportException coldError) {
        throw EntryDomain.afterWarmPath(warmError, coldError); // L5: one type, naming both
      }
    }
    return infoRefs.read(warm, false);
  }
}
