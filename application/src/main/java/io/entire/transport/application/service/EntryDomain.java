package io.entire.transport.application.service;

import io.entire.transport.application.port.out.HttpRequest;
import io.entire.transport.domain.AllNodesFailedException;
import io.entire.transport.domain.AuthenticationFailedException;
import io.entire.transport.domain.ClusterTrustDomain;
import io.entire.transport.domain.ClusterUnavailableException;
import io.entire.transport.domain.FailoverPolicy;
import io.entire.transport.domain.Headers;
import io.entire.transport.domain.HttpErrors;
import io.entire.transport.domain.HttpStatusException;
import io.entire.transport.domain.NodeUrl;
import io.entire.transport.domain.RedirectPolicy;
import io.entire.transport.domain.RedirectRefusedException;
import io.entire.transport.domain.ReplicaSet;
import io.entire.transport.domain.RepoAction;
import io.entire.transport.domain.RepositoryNotFoundException;
import io.entire.transport.domain.ServerErrorException;
import io.entire.transport.domain.TransportException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cold path (C1–C6): discovery through the entry domain, the cluster's load balancer. Its
 * answer is used as it is (C2), its redirect's replica list is adopted and failed over (C3) with a
 * last try of {@code Location} (C4), or its redirect is followed (C5); what fails after the
 * redirect says so (C6).
 *
 * <p>Its errors follow L5: when the entry domain cannot be reached, answers 5xx, or sends us to
 * replicas that all fail, the caller gets a {@link ClusterUnavailableException}; an answer below
 * 500 keeps its status type.
 *
 * <p>Not thread-safe: one per transport, like the node list it adopts replicas into.
 */
final class EntryDomain {
  private static final Logger log = LoggerFactory.getLogger(EntryDomain.class);

  /** How an unreachable entry domain's error starts, so the combined W2 error names it once. */
  private static final String ENTRY_DOMAIN = "entry domain ";

  private final URI entryUrl;
  private final String repoPath;
  private final FollowUpLoop followUps;
  private final KnownReplicas replicas;
  private final Failover failover;
  private final InfoRefsAnswers infoRefs;
  private final RedirectPolicy redirectPolicy;
  private final SentSecrets secrets;
  private final TransportEvents events;

  EntryDomain(
      URI entryUrl,
      String repoPath,
      FollowUpLoop followUps,
      KnownReplicas replicas,
      Failover failover,
      InfoRefsAnswers infoRefs,
      ClusterTrustDomain trustDomain,
      SentSecrets secrets,
      TransportEvents events) {
    this.entryUrl = entryUrl;
    this.repoPath = repoPath;
    this.followUps = followUps;
    this.replicas = replicas;
    this.failover = failover;
    this.infoRefs = infoRefs;
    this.redirectPolicy = new RedirectPolicy(trustDomain);
    this.secrets = secrets;
    this.events = events;
  }

  /** Discovers {@code <entryUrl><repo><suffix>}; the budget is shared with the warm path (W2). */
  InputStream discover(String suffix, RepoAction action, Headers headers, DiscoveryBudget budget)
      throws IOException {
    URI entry = URI.create(stripSlash(entryUrl.toString()) + repoPath + suffix);
    HttpRequest request = HttpRequest.get(entry, headers);
    EntryRedirect redirect = new EntryRedirect();
    Answer answer;
    try {
      answer = followUps.send(request, action, redirect); // C1; C5 follows inside
    } catch (TransportException e) {
      throw redirect.seen ? failedAfterEntryRedirect(e) : e;
    } catch (IOException e) {
      throw redirect.seen ? failedAfterEntryRedirect(e) : unreachable(e);
    }
    if (!redirect.seen) {
      try {
        return infoRefs.read(answer, false); // C2
      } catch (ServerErrorException e) {
        // L5: the entry domain's 5xx says the cluster is unavailable (the testkit's entry answers
        // 503 when every replica is down); the message stays the server's.
        throw new ClusterUnavailableException(e.getMessage(), e);
      }
    }
    try {
      if (redirect.advertised.isEmpty()) {
        return infoRefs.read(answer, false); // C5: the end of the followed chain
      }
      return failOverToAdvertised(answer, redirect.advertised, request, suffix, action, budget);
    } catch (IOException e) {
      throw failedAfterEntryRedirect(e);
    }
  }

  /**
   * C3: the entry told us the replicas; talk to them instead of dialling {@code Location}, and
   * salvage with it when all of them fail (C4).
   */
  private InputStream failOverToAdvertised(
      Answer redirect,
      ReplicaSet advertised,
      HttpRequest request,
      String suffix,
      RepoAction action,
      DiscoveryBudget budget)
      throws IOException {
    String location = redirect.response().headers().first("Location").orElse(null);
    redirect.response().close();
    replicas.adopt(advertised);
    List<NodeUrl> tried = new ArrayList<>(advertised.nodes());
    Answer answer;
    try {
      answer = failover.get(suffix, request.headers(), action, budget);
    } catch (AllNodesFailedException allFailed) {
      answer = salvage(request, location, tried, action, allFailed); // C4
    }
    return infoRefs.read(answer, true);
  }

  /** C4: every advertised replica failed; try the redirect target once if it is in-cluster. */
  private Answer salvage(
      HttpRequest request,
      String location,
      List<NodeUrl> tried,
      RepoAction action,
      AllNodesFailedException allFailed)
      throws IOException {
    RedirectPolicy.Decision decision = redirectPolicy.decide(request.uri(), location, 1);
    if (!decision.follows()) {
      allFailed.addSuppressed(new RedirectRefusedException(decision.reason()));
      throw allFailed;
    }
    if (decision.action() != RedirectPolicy.Action.FOLLOW_WITH_CREDENTIALS) {
      // The replicas failing is what the caller must know (L5: retryable); the refusal is said too.
      ClusterUnavailableException refused =
          new ClusterUnavailableException(
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
    events.redirect(request.uri(), decision.target(), true); // O1: in-cluster, with credentials
    Answer answer;
    try {
      answer =
          followUps.send(
              request.redirectedTo(decision.target(), request.headers()),
              action,
              FollowUpLoop.FirstRedirect.FOLLOW);
    } catch (TransportException e) {
      e.addSuppressed(allFailed);
      throw e;
    } catch (IOException e) {
      TransportException failed =
          new ClusterUnavailableException(
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
      TransportException salvageError =
          HttpErrors.message(answer.status(), text, replicas.errorBaseUrl());
      TransportException failed =
          new ClusterUnavailableException(
              allFailed.getMessage() + "; redirect target: " + salvageError.getMessage(),
              salvageError);
      failed.addSuppressed(allFailed);
      throw failed;
    }
    return answer;
  }

  /** C1 failed: the entry domain did not answer (L5: the cluster is unavailable). */
  private ClusterUnavailableException unreachable(IOException e) {
    return new ClusterUnavailableException(
        ENTRY_DOMAIN + entryUrl + ": " + NodeFailure.describe(e), e);
  }

  /**
   * C6: says where the failure happened. An answer below 500 keeps its HTTP status type (401, 404)
   * so callers can still tell an authentication failure from a missing repository, and a refused
   * redirect stays one; anything else that failed after the entry's redirect (the replicas it
   * advertised, the target it named) means the cluster is unavailable (L5). Aborting errors
   * (credentials, cancel, untrusted host) pass unchanged.
   */
  private static TransportException failedAfterEntryRedirect(IOException e) {
    if (!(e instanceof TransportException failure)) {
      // e.g. a broken body stream
      return failedAfterEntryRedirect(new TransportException(NodeFailure.describe(e), e));
    }
    if (FailoverPolicy.onFailure(failure) == FailoverPolicy.Verdict.ABORT
        && !(failure instanceof RedirectRefusedException)) {
      return failure;
    }
    return reworded(failure, "after entry-domain redirect: " + failure.getMessage());
  }

  /**
   * W2: the cached replicas failed ({@code warmError}), then the entry domain did too ({@code
   * coldError}); the error names both. Aborting errors (credentials, cancel, untrusted host, a
   * refused redirect) pass unchanged. The type is the cold path's (L5): an answer below 500 keeps
   * its status type, everything else is a {@link ClusterUnavailableException}.
   */
  static TransportException afterWarmPath(
      TransportException warmError, TransportException coldError) {
    if (FailoverPolicy.onFailure(coldError) == FailoverPolicy.Verdict.ABORT) {
      return coldError;
    }
    String cold = coldError.getMessage();
    TransportException both =
        reworded(
            coldError,
            "cached replicas: "
                + warmError.getMessage()
                // unreachable() names the entry domain itself.
                + (cold != null && cold.startsWith(ENTRY_DOMAIN) ? "; " : "; entry domain: ")
                + cold);
    both.addSuppressed(warmError);
    return both;
  }

  /**
   * {@code failure} with a new message and as its cause, of the type the caller acts on (L5): the
   * status types below 500 and a refused redirect stay what they are; the rest means the cluster is
   * unavailable.
   */
  private static TransportException reworded(TransportException failure, String message) {
    TransportException wrapped;
    if (failure instanceof AuthenticationFailedException) {
      wrapped = new AuthenticationFailedException(message);
    } else if (failure instanceof RepositoryNotFoundException) {
      wrapped = new RepositoryNotFoundException(message);
    } else if (failure instanceof HttpStatusException status && status.status() < 500) {
      wrapped = new HttpStatusException(status.status(), message);
    } else if (failure instanceof RedirectRefusedException) {
      return new RedirectRefusedException(message, failure);
    } else {
      return new ClusterUnavailableException(message, failure);
    }
    wrapped.initCause(failure);
    return wrapped;
  }

  private static String stripSlash(String s) {
    return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
  }

  /**
   * Sees the entry's redirect, the first of the request: with usable replicas the loop stops there
   * (C3), without them it follows on (C5).
   */
  private final class EntryRedirect implements FollowUpLoop.FirstRedirect {
    private boolean seen;
    private ReplicaSet advertised = ReplicaSet.empty();

    @Override
    public boolean follow(Answer redirect) {
      seen = true;
      advertised = replicas.advertisedIn(redirect.response().headers(), "entry redirect");
      return advertised.isEmpty();
    }
  }
}
