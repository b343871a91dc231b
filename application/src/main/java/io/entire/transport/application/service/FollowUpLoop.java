package io.entire.transport.application.service;

import io.entire.transport.application.port.in.Cancellation;
import io.entire.transport.application.port.out.Credential;
import io.entire.transport.application.port.out.CredentialPort;
import io.entire.transport.application.port.out.CredentialRequest;
import io.entire.transport.application.port.out.FirstConnection;
import io.entire.transport.application.port.out.HttpExchangePort;
import io.entire.transport.application.port.out.HttpRequest;
import io.entire.transport.application.port.out.HttpResponse;
import io.entire.transport.domain.ClusterTrustDomain;
import io.entire.transport.domain.CredentialException;
import io.entire.transport.domain.FailoverPolicy;
import io.entire.transport.domain.Headers;
import io.entire.transport.domain.HttpUrl;
import io.entire.transport.domain.NodeUrl;
import io.entire.transport.domain.RedirectPolicy;
import io.entire.transport.domain.RedirectRefusedException;
import io.entire.transport.domain.RepoAction;
import io.entire.transport.domain.TransportCancelledException;
import io.entire.transport.domain.TransportException;
import io.entire.transport.domain.UntrustedHostException;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends one logical request in one follow-up loop, in the manner of OkHttp's {@code
 * RetryAndFollowUpInterceptor}: send a hop, look at the answer, decide what follows. Credentials
 * are applied at the chokepoint (X3), redirects are followed hop by hop through {@link
 * RedirectPolicy} (X1, X2, X4, X5), and a 401 is retried once with a fresh credential. A caller
 * that must see the first redirect (the cold path, C3/C5) is shown it through a {@link
 * FirstRedirect}.
 *
 * <p>One per transport. Its state is immutable or thread-safe, so hedged attempts (D2) run {@link
 * #send(HttpRequest, RepoAction, FirstRedirect, Cancellation, Runnable)} on threads of their own;
 * the transport itself serves one call at a time.
 */
final class FollowUpLoop {
  private static final Logger log = LoggerFactory.getLogger(FollowUpLoop.class);

  /**
   * Decides about the first redirect of a logical request: the answer of its first hop, or of that
   * hop's retry after a 401. Later redirects, and the redirects of a retry after a 401 at the end
   * of the chain, are always followed.
   */
  @FunctionalInterface
  interface FirstRedirect {
    /** Follows every redirect. */
    FirstRedirect FOLLOW = redirect -> true;

    /**
     * Returns whether the loop follows {@code redirect}; if not, the loop returns it unfollowed and
     * its holder closes it.
     */
    boolean follow(Answer redirect);
  }

  private final HttpExchangePort http;
  private final CredentialPort credentials;
  private final ClusterTrustDomain trustDomain;
  private final RedirectPolicy redirectPolicy;
  private final Supplier<Cancellation> cancellation;
  private final String audience;
  private final Optional<HttpUrl> audienceUrl;
  private final SentSecrets secrets;
  private final TransportEvents events;
  private final Headers extraHeaders;

  FollowUpLoop(
      HttpExchangePort http,
      CredentialPort credentials,
      ClusterTrustDomain trustDomain,
      Supplier<Cancellation> cancellation,
      String audience,
      Optional<HttpUrl> audienceUrl,
      SentSecrets secrets,
      TransportEvents events,
      Headers extraHeaders) {
    this.http = http;
    this.credentials = credentials;
    this.trustDomain = trustDomain;
    this.redirectPolicy = new RedirectPolicy(trustDomain);
    this.cancellation = cancellation;
    this.audience = audience;
    this.audienceUrl = audienceUrl;
    this.secrets = secrets;
    this.events = events;
    this.extraHeaders = extraHeaders;
  }

  /**
   * Sends {@code request} with credentials and follows what comes back until an answer that is not
   * a redirect, or a first redirect that {@code firstRedirect} keeps.
   */
  Answer send(HttpRequest request, RepoAction action, FirstRedirect firstRedirect)
      throws IOException {
    return send(request, action, firstRedirect, cancellation.get(), () -> {});
  }

  /**
   * Like {@link #send(HttpRequest, RepoAction, FirstRedirect)}, aborted by {@code cancel} rather
   * than the call's cancellation: a hedged attempt (D2) that loses is aborted alone. Safe to run on
   * another thread while the caller waits: what it shares with the caller's thread is thread-safe.
   *
   * @param sending runs once the credential is there, just before the first hop is sent
   */
  Answer send(
      HttpRequest request,
      RepoAction action,
      FirstRedirect firstRedirect,
      Cancellation cancel,
      Runnable sending)
      throws IOException {
    HttpRequest current = request;
    // X3: only the first hop asks for a credential; in-cluster hops carry it (X2).
    Credential credential = credentialFor(request, action, cancel);
    sending.run(); // the wait for an answer starts now, not while a credential helper prompts
    int redirects = 0;
    boolean retried = false; // one fresh credential per logical request
    boolean firstRedirectSeen = false;
    for (; ; ) {
      HttpResponse response = sendHop(current, credential, redirects, cancel);
      int status = response.status();
      if (isRedirect(status)) {
        if (!firstRedirectSeen) {
          firstRedirectSeen = true;
          Answer redirect = new Answer(response, current.uri());
          if (!firstRedirect.follow(redirect)) {
            return redirect;
          }
        }
        redirects++;
        String location = response.headers().first("Location").orElse(null);
        response.close();
        RedirectPolicy.Decision decision =
            redirectPolicy.decide(current.uri(), location, redirects);
        if (!decision.follows()) {
          throw new RedirectRefusedException(decision.reason());
        }
        if (decision.action() == RedirectPolicy.Action.FOLLOW_WITHOUT_CREDENTIALS) {
          // X2: credentials never follow a redirect out of the cluster, and do not come back.
          credential = Credential.NONE;
        }
        log.debug(
            "redirect {} -> {} ({})",
            current.uri(),
            decision.target(),
            credential == Credential.NONE ? "no credentials" : "with credentials");
        events.redirect(current.uri(), decision.target(), credential != Credential.NONE); // O1
        current = current.redirectedTo(decision.target(), current.headers());
        continue;
      }
      if (credential != Credential.NONE) {
        if (status == 401) {
          credentials.rejected(credential);
        } else if (status >= 200 && status < 300) {
          credentials.accepted(credential);
        }
      }
      if (status == 401 && credential != Credential.NONE && !retried) {
        response.close();
        log.debug("401 from {}; retrying once with a fresh credential", current.uri());
        retried = true;
        current = request; // the whole request again, from its first hop
        credential = credentialFor(request, action, cancel);
        redirects = 0;
        continue;
      }
      return new Answer(response, current.uri());
    }
  }

  /**
   * D1: connects ahead to whichever of the targets' nodes comes up first (see {@link
   * HttpExchangePort#connectFirst}), each marked in-cluster as its exchange will be (N3), so the
   * connection that wins is the one that exchange takes from the pool.
   */
  FirstConnection connectFirst(List<HttpRequest> targets, FirstConnection.LateFailure lateFailure)
      throws IOException {
    List<HttpRequest> marked =
        targets.stream().map(t -> t.inCluster(trustDomain.contains(t.uri()))).toList();
    return http.connectFirst(
        marked, FailoverPolicy.FAST_FALLBACK_STAGGER, cancellation.get(), lateFailure);
  }

  private Credential credentialFor(HttpRequest request, RepoAction action, Cancellation cancel)
      throws IOException {
    if (!trustDomain.contains(request.uri())) {
      // X3: the chokepoint. The credential port never sees an out-of-cluster request.
      throw new UntrustedHostException(String.valueOf(request.uri().getHost()));
    }
    if (cancel.isCancelled()) {
      throw new TransportCancelledException();
    }
    try {
      return credentials.credentialFor(
          new CredentialRequest(
              request.method(), request.uri(), action, audience, audienceUrl, cancel));
    } catch (CredentialException e) {
      if (cancel.isCancelled()) {
        // The adapter gave up because of the cancel (an aborted token exchange, a killed
        // credential helper): report the cancellation, not F4's credential failure.
        throw new TransportCancelledException(e);
      }
      throw e;
    }
  }

  /** Sends one hop; {@code redirects} counts the redirects followed to get there. */
  private HttpResponse sendHop(
      HttpRequest request, Credential credential, int redirects, Cancellation cancel)
      throws IOException {
    HttpRequest withCredential = withCredential(request, credential);
    if (redirects == 0) {
      return exchange(withCredential, cancel);
    }
    try {
      return exchange(withCredential, cancel);
    } catch (TransportException e) {
      throw e;
    } catch (IOException e) {
      // Name the hop that failed: the user only knows the URL they started from.
      throw new TransportException(
          "redirect target "
              + NodeUrl.originOf(request.uri()).map(NodeUrl::toString).orElse("?")
              + ": "
              + NodeFailure.describe(e),
          e);
    }
  }

  private HttpRequest withCredential(HttpRequest request, Credential credential) {
    // N3, N4: in-cluster by the same trust domain that decides the credentials (X2, X3).
    boolean inCluster = trustDomain.contains(request.uri());
    Headers headers = request.headers().without("Authorization");
    if (inCluster && !extraHeaders.fields().isEmpty()) {
      // N4: the client's extra headers go to in-cluster hosts only, like the credential; they may
      // carry secrets of their own (git's http.extraHeader often holds a token), so a server's
      // echo of them is redacted too. Remembered on each hop, not once: SentSecrets keeps only the
      // most recent values, and the credentials of later calls would push these out.
      secrets.recordExtra(extraHeaders);
      headers = headers.withAll(extraHeaders);
    }
    if (credential != Credential.NONE) {
      secrets.record(credential); // A5: whatever the server echoes of it is redacted
      headers = headers.withAll(credential.headers());
    }
    return request.redirectedTo(request.uri(), headers).inCluster(inCluster);
  }

  private HttpResponse exchange(HttpRequest request, Cancellation cancel) throws IOException {
    if (cancel.isCancelled()) {
      throw new TransportCancelledException();
    }
    log.debug("{} {}", request.method(), request.uri());
    TransportEvents.Hop hop = events.attemptStarted(request); // O1
    HttpResponse response;
    try {
      response = send(request, cancel);
    } catch (IOException | RuntimeException e) {
      hop.failed(e);
      throw e;
    }
    log.debug("{} {} -> {}", request.method(), request.uri(), response.status());
    return hop.answered(response);
  }

  private HttpResponse send(HttpRequest request, Cancellation cancel) throws IOException {
    try {
      return http.exchange(request, cancel);
    } catch (TransportCancelledException e) {
      throw e;
    } catch (IOException e) {
      if (cancel.isCancelled()) {
        // The abort caused this failure (e.g. a closed socket): it is not the node's fault, and
        // failover must not go on to the next node.
        throw new TransportCancelledException(e);
      }
      throw e;
    }
  }

  static boolean isRedirect(int status) {
    return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
  }
}
