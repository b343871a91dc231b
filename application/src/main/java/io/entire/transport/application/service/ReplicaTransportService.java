package io.entire.transport.application.service;

import io.entire.transport.application.port.in.GitTransport;
import io.entire.transport.application.port.in.HeaderCustomizer;
import io.entire.transport.application.port.in.RequestBody;
import io.entire.transport.application.port.in.TransportConfig;
import io.entire.transport.application.port.out.CredentialPort;
import io.entire.transport.application.port.out.HttpExchangePort;
import io.entire.transport.application.port.out.HttpRequest;
import io.entire.transport.application.port.out.MonotonicClock;
import io.entire.transport.application.port.out.RandomSource;
import io.entire.transport.application.port.out.ReplicaCachePort;
import io.entire.transport.domain.AllNodesFailedException;
import io.entire.transport.domain.AuthenticationFailedException;
import io.entire.transport.domain.ClusterTrustDomain;
import io.entire.transport.domain.FailoverPolicy;
import io.entire.transport.domain.GitService;
import io.entire.transport.domain.Headers;
import io.entire.transport.domain.HttpErrors;
import io.entire.transport.domain.HttpStatusException;
import io.entire.transport.domain.NoHealthyNodesException;
import io.entire.transport.domain.NodeUrl;
import io.entire.transport.domain.PublicSuffixList;
import io.entire.transport.domain.RedirectPolicy;
import io.entire.transport.domain.RedirectRefusedException;
import io.entire.transport.domain.ReplicaSet;
import io.entire.transport.domain.RepoAction;
import io.entire.transport.domain.RepositoryNotFoundException;
import io.entire.transport.domain.TransportException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The transport use case: discovery over the warm path (cached replicas) and the cold path (the
 * entry domain), and service RPCs, with failover between replicas (DESIGN §4).
 *
 * <p>Not thread-safe, like {@link GitTransport}: one instance serves one serial git conversation
 * and keeps its sticky node and node list.
 */
public final class ReplicaTransportService implements GitTransport {
  private static final Logger log = LoggerFactory.getLogger(ReplicaTransportService.class);
  private static final String GIT_PROTOCOL = "Git-Protocol";

  private final TransportConfig config;
  private final ReplicaCachePort cache;
  private final RandomSource random;
  private final MonotonicClock clock;
  private final SentSecrets secrets = new SentSecrets();
  private final ClusterTrustDomain trustDomain;
  private final HopByHopExchange exchange;
  private final String cacheKey;
  private final boolean httpsCluster;

  private ReplicaSet nodes;
  private NodeUrl stickyNode;

  /**
   * Creates the service. The node list starts with the configured initial nodes, else the cached
   * ones, filtered to the trust domain (R5).
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
   * Creates the service with a clock for its time budgets (tests pass a fake one).
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
    this.config = Objects.requireNonNull(config, "config");
    this.cache = Objects.requireNonNull(cache, "cache");
    this.random = Objects.requireNonNull(random, "random");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.trustDomain = ClusterTrustDomain.of(config.clusterHost(), publicSuffixes);
    this.exchange =
        new HopByHopExchange(
            Objects.requireNonNull(http, "http"),
            Objects.requireNonNull(credentials, "credentials"),
            trustDomain,
            config.cancellation(),
            config.audience(),
            secrets);
    this.cacheKey = config.cacheKey();
    // X5: a cluster reached over https stays on https, whatever a header or the cache says.
    this.httpsCluster =
        config.entryUrl() != null
            ? "https".equalsIgnoreCase(config.entryUrl().getScheme())
            : !config.initialNodes().isEmpty()
                && config.initialNodes().stream().allMatch(NodeUrl::isHttps);
    ReplicaSet initial = inCluster(ReplicaSet.of(config.initialNodes()), "initial config");
    this.nodes = initial.isEmpty() ? loadCachedNodes() : initial;
  }

  /** Returns the current in-memory node list (for diagnostics and tests). */
  public List<NodeUrl> currentNodes() {
    return nodes.nodes();
  }

  /** Returns the sticky node (F7), if any. */
  public Optional<NodeUrl> stickyNode() {
    return Optional.ofNullable(stickyNode);
  }

  @Override
  public InputStream infoRefs(GitService service) throws IOException {
    Objects.requireNonNull(service, "service");
    return discover(service.infoRefsSuffix(), service.action(), Headers.empty());
  }

  @Override
  public InputStream infoRefsV2() throws IOException {
    return discover(
        GitService.UPLOAD_PACK.infoRefsSuffix(),
        RepoAction.PULL,
        Headers.empty().with(GIT_PROTOCOL, "version=2"));
  }

  @Override
  public InputStream serviceRpc(
      GitService service, RequestBody body, HeaderCustomizer... customizers) throws IOException {
    Objects.requireNonNull(service, "service");
    Objects.requireNonNull(body, "body");
    Headers headers =
        Headers.empty()
            .with("Content-Type", service.requestContentType())
            .with("Accept", service.resultContentType());
    for (HeaderCustomizer customizer : customizers) {
      headers = Objects.requireNonNull(customizer.customize(headers), "customized headers");
    }
    // S4: like git, compress fetch negotiation bodies; pushes are packs already compressed.
    boolean gzip = service == GitService.UPLOAD_PACK && body.length() > 1024;
    Answer answer =
        failover("POST", service.rpcSuffix(), headers, body, gzip, service.action(), null);
    if (answer.status() != 200) {
      String text = ServerText.readAndClose(answer.response(), secrets);
      throw HttpErrors.forService(service, answer.status(), text, errorBaseUrl());
    }
    return new ResponseStream(answer.response());
  }

  @Override
  public String errorBaseUrl() {
    return nodes.first().map(n -> n + config.repoPath()).orElse(config.repoPath());
  }

  // ---------------------------------------------------------------- discovery (W*, C*, H*)

  private InputStream discover(String suffix, RepoAction action, Headers headers)
      throws IOException {
    DiscoveryBudget budget = new DiscoveryBudget(clock, config.connectTimeout());
    if (nodes.isEmpty()) {
      if (config.entryUrl() == null) {
        throw new TransportException("no replicas available and no entry URL configured"); // W3
      }
      return coldPath(suffix, action, headers, budget);
    }
    Answer warm;
    try {
      warm = failover("GET", suffix, headers, null, false, action, budget); // W1
    } catch (AllNodesFailedException | NoHealthyNodesException warmError) {
      if (config.entryUrl() == null) {
        throw warmError;
      }
      log.debug("cached replicas failed ({}); trying the entry domain", warmError.getMessage());
      try {
        return coldPath(suffix, action, headers, budget); // W2
      } catch (TransportException coldError) {
        if (FailoverPolicy.onFailure(coldError) == FailoverPolicy.Verdict.ABORT) {
          throw coldError;
        }
        TransportException both =
            new TransportException(
                "cached replicas: "
                    + warmError.getMessage()
                    // An EntryDomainFailure names the entry domain itself.
                    + (coldError instanceof EntryDomainFailure ? "; " : "; entry domain: ")
                    + coldError.getMessage(),
                coldError);
        both.addSuppressed(warmError);
        throw both;
      }
    }
    return handleInfoRefs(warm, null);
  }

  private InputStream coldPath(
      String suffix, RepoAction action, Headers headers, DiscoveryBudget budget)
      throws IOException {
    URI entry = URI.create(stripSlash(config.entryUrl().toString()) + config.repoPath() + suffix);
    HttpRequest request = HttpRequest.get(entry, headers);
    HopByHopExchange.AnsweredHop hop;
    try {
      hop = exchange.sendWithoutRedirects(request, action); // C1
    } catch (TransportException e) {
      throw e;
    } catch (IOException e) {
      throw new EntryDomainFailure(config.entryUrl(), e);
    }
    if (!HopByHopExchange.isRedirect(hop.response().status())) {
      return handleInfoRefs(new Answer(hop.response(), entry), null); // C2
    }
    try {
      return afterEntryRedirect(hop, request, suffix, action, headers, budget);
    } catch (TransportException e) {
      if (FailoverPolicy.onFailure(e) == FailoverPolicy.Verdict.ABORT
          && !(e instanceof RedirectRefusedException)) {
        throw e;
      }
      throw afterEntryRedirect(e); // C6
    } catch (IOException e) {
      throw afterEntryRedirect(
          new TransportException(NodeFailure.describe(e), e)); // C6, e.g. a broken body stream
    }
  }

  /**
   * C6: says where the failure happened, keeping the HTTP status type (401, 404) so callers can
   * still tell an authentication failure from a missing repository.
   */
  private static TransportException afterEntryRedirect(TransportException e) {
    String message = "after entry-domain redirect: " + e.getMessage();
    TransportException wrapped;
    if (e instanceof AuthenticationFailedException) {
      wrapped = new AuthenticationFailedException(message);
    } else if (e instanceof RepositoryNotFoundException) {
      wrapped = new RepositoryNotFoundException(message);
    } else if (e instanceof HttpStatusException status) {
      wrapped = new HttpStatusException(status.status(), message);
    } else {
      return new TransportException(message, e);
    }
    wrapped.initCause(e);
    return wrapped;
  }

  private InputStream afterEntryRedirect(
      HopByHopExchange.AnsweredHop hop,
      HttpRequest request,
      String suffix,
      RepoAction action,
      Headers headers,
      DiscoveryBudget budget)
      throws IOException {
    ReplicaSet advertised = usableReplicas(hop.response().headers(), "entry redirect");
    if (advertised.isEmpty()) {
      return handleInfoRefs(exchange.followFrom(hop, request, action), null); // C5
    }
    // C3: the entry told us the replicas; talk to them instead of dialling Location.
    String location = hop.response().headers().first("Location").orElse(null);
    hop.response().close();
    nodes = advertised;
    List<NodeUrl> tried = new ArrayList<>(advertised.nodes());
    Answer answer;
    try {
      answer = failover("GET", suffix, headers, null, false, action, budget);
    } catch (AllNodesFailedException allFailed) {
      answer = salvage(request, location, tried, action, allFailed); // C4
    }
    return handleInfoRefs(answer, advertised);
  }

  /** C4: every advertised replica failed; try the redirect target once if it is in-cluster. */
  private Answer salvage(
      HttpRequest request,
      String location,
      List<NodeUrl> tried,
      RepoAction action,
      AllNodesFailedException allFailed)
      throws IOException {
    RedirectPolicy.Decision decision =
        new RedirectPolicy(trustDomain).decide(request.uri(), location, 1);
    if (!decision.follows()) {
      allFailed.addSuppressed(new RedirectRefusedException(decision.reason()));
      throw allFailed;
    }
    if (decision.action() != RedirectPolicy.Action.FOLLOW_WITH_CREDENTIALS) {
      RedirectRefusedException refused =
          new RedirectRefusedException(
              allFailed.getMessage()
                  + "; refusing out-of-cluster redirect to "
                  + decision.target().getHost());
      refused.addSuppressed(allFailed);
      throw refused;
    }
    Optional<NodeUrl> target = NodeUrl.originOf(decision.target());
    if (target.isPresent() && tried.contains(target.get())) {
      throw allFailed; // Location names a replica that just failed: dialling it again adds nothing.
    }
    log.debug("all advertised replicas failed; salvaging via Location {}", decision.target());
    Answer answer;
    try {
      answer = exchange.send(request.redirectedTo(decision.target(), request.headers()), action);
    } catch (TransportException e) {
      e.addSuppressed(allFailed);
      throw e;
    } catch (IOException e) {
      TransportException failed =
          new TransportException(
              allFailed.getMessage()
                  + "; redirect target "
                  + target.map(NodeUrl::toString).orElse("?")
                  + ": "
                  + NodeFailure.describe(e),
              e);
      failed.addSuppressed(allFailed);
      throw failed;
    }
    if (FailoverPolicy.onStatus(answer.status()) == FailoverPolicy.Verdict.FAIL_OVER) {
      String text = ServerText.readAndClose(answer.response(), secrets);
      TransportException failed =
          new TransportException(
              allFailed.getMessage()
                  + "; redirect target: "
                  + HttpErrors.message(answer.status(), text, errorBaseUrl()).getMessage());
      failed.addSuppressed(allFailed);
      throw failed;
    }
    return answer;
  }

  /**
   * H1–H4: refresh the node list from the answer, then return the body of a 200 or throw the
   * user-facing error.
   *
   * @param adopted replicas adopted from an entry redirect, persisted after success when the answer
   *     itself carries none
   */
  private InputStream handleInfoRefs(Answer answer, ReplicaSet adopted) throws IOException {
    boolean ok = answer.status() == 200;
    ReplicaSet advertised = usableReplicas(answer.response().headers(), "response");
    if (!advertised.isEmpty()) {
      nodes = advertised; // H2
      if (ok) {
        persist(advertised);
      }
    } else if (!nodes.isEmpty()) {
      if (ok && adopted != null) {
        persist(nodes); // the entry's list, minus nodes that failed
      }
      // H3: keep what we know, write nothing.
    } else {
      NodeUrl.originOf(answer.uri())
          .filter(trustDomain::contains)
          .ifPresent(origin -> nodes = ReplicaSet.of(origin)); // H4: in memory only
    }
    if (!ok) {
      String text = ServerText.readAndClose(answer.response(), secrets);
      throw HttpErrors.message(answer.status(), text, errorBaseUrl());
    }
    return new ResponseStream(answer.response());
  }

  // ---------------------------------------------------------------- failover (F*)

  private Answer failover(
      String method,
      String suffix,
      Headers headers,
      RequestBody body,
      boolean gzip,
      RepoAction action,
      DiscoveryBudget budget)
      throws IOException {
    ReplicaSet snapshot = nodes;
    if (snapshot.isEmpty()) {
      throw new NoHealthyNodesException(); // F6
    }
    List<NodeUrl> order = FailoverPolicy.attemptOrder(snapshot, stickyNode, random::nextInt);
    List<TransportException> failures = new ArrayList<>();
    for (NodeUrl node : order) {
      if (budget != null && budget.isSpent()) {
        throw stopEarly(failures, order.size(), budget);
      }
      URI uri = node.resolve(config.repoPath() + suffix);
      HttpRequest request = new HttpRequest(method, uri, headers, body, gzip); // F8: fresh open
      Answer answer;
      long start = budget == null ? 0 : budget.attemptStarts();
      try {
        answer = exchange.send(request, action);
      } catch (IOException | RuntimeException e) {
        if (FailoverPolicy.onFailure(e) == FailoverPolicy.Verdict.ABORT) {
          failures.forEach(e::addSuppressed); // F4: abort at once, message verbatim
          throw e;
        }
        if (budget != null) {
          budget.failed(start);
        }
        failures.add(nodeFailed(node, e));
        continue;
      }
      if (FailoverPolicy.onStatus(answer.status()) == FailoverPolicy.Verdict.FAIL_OVER) {
        String text = ServerText.readAndClose(answer.response(), secrets);
        failures.add(
            nodeFailed(node, HttpErrors.message(answer.status(), text, node + config.repoPath())));
        continue;
      }
      NodeUrl.originOf(answer.uri())
          .filter(nodes::contains)
          .ifPresent(origin -> stickyNode = origin); // F7
      return answer; // F3
    }
    TransportException last = failures.get(failures.size() - 1);
    AllNodesFailedException all = new AllNodesFailedException(order.size(), last); // F5
    for (int i = 0; i < failures.size() - 1; i++) {
      all.addSuppressed(failures.get(i));
    }
    throw all;
  }

  /** The discovery budget is spent: the nodes not tried yet stay in the list for later calls. */
  private static AllNodesFailedException stopEarly(
      List<TransportException> failures, int nodesKnown, DiscoveryBudget budget) {
    TransportException last = failures.get(failures.size() - 1);
    AllNodesFailedException stopped =
        new AllNodesFailedException(
            failures.size(),
            nodesKnown,
            "failed connection attempts took over " + budget.limit().toMillis() + " ms",
            last);
    for (int i = 0; i < failures.size() - 1; i++) {
      stopped.addSuppressed(failures.get(i));
    }
    log.debug("discovery gave up: {}", stopped.getMessage());
    return stopped;
  }

  /** F2: drop the node from the in-memory list and tell the listener. */
  private TransportException nodeFailed(NodeUrl node, Exception cause) {
    log.debug("node {} failed: {}", node, cause.toString());
    nodes = nodes.without(node);
    if (node.equals(stickyNode)) {
      stickyNode = null;
    }
    try {
      config.nodeFailedListener().nodeFailed(node, cause);
    } catch (RuntimeException listenerBug) {
      log.debug("node-failed listener threw", listenerBug);
    }
    return new NodeFailure(node, cause);
  }

  // ---------------------------------------------------------------- replicas (R*, K5)

  private ReplicaSet usableReplicas(Headers headers, String source) {
    ReplicaSet.Parsed parsed =
        ReplicaSet.parseHeader(headers.first(ReplicaSet.HEADER).orElse(null));
    for (String dropped : parsed.dropped()) {
      log.debug("ignoring invalid replica entry from {}: {}", source, dropped); // R2
    }
    return inCluster(parsed.replicas(), source);
  }

  private ReplicaSet inCluster(ReplicaSet candidates, String source) {
    ReplicaSet.Filtered filtered = candidates.inCluster(trustDomain);
    for (NodeUrl outside : filtered.dropped()) {
      log.debug("ignoring out-of-cluster replica {} from {}", outside, source); // R5
    }
    ReplicaSet.Filtered secure = filtered.replicas().withoutDowngrade(httpsCluster);
    for (NodeUrl plain : secure.dropped()) {
      log.debug("ignoring plain-http replica {} of an https cluster, from {}", plain, source); // X5
    }
    ReplicaSet.Filtered limited = secure.replicas().firstAtMost(ReplicaSet.MAX_REPLICAS);
    if (!limited.dropped().isEmpty()) {
      log.debug(
          "using the first {} replicas from {}; ignoring {} more",
          ReplicaSet.MAX_REPLICAS,
          source,
          limited.dropped().size());
    }
    return limited.replicas();
  }

  private ReplicaSet loadCachedNodes() {
    try {
      return inCluster(ReplicaSet.of(cache.load(cacheKey, config.repoPath())), "cache");
    } catch (RuntimeException e) {
      log.debug("replica cache unreadable; ignoring it", e); // K5
      return ReplicaSet.empty();
    }
  }

  private void persist(ReplicaSet replicas) {
    try {
      cache.store(cacheKey, config.repoPath(), replicas.nodes());
    } catch (RuntimeException e) {
      log.debug("could not write the replica cache; continuing", e); // K5
    }
  }

  private static String stripSlash(String s) {
    return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
  }
}
