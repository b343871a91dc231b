package io.entire.transport.application.service;

import io.entire.transport.application.port.in.Cancellation;
import io.entire.transport.application.port.out.Credential;
import io.entire.transport.application.port.out.CredentialPort;
import io.entire.transport.application.port.out.CredentialRequest;
import io.entire.transport.application.port.out.HttpExchangePort;
import io.entire.transport.application.port.out.HttpRequest;
import io.entire.transport.application.port.out.HttpResponse;
import io.entire.transport.domain.ClusterTrustDomain;
import io.entire.transport.domain.CredentialException;
import io.entire.transport.domain.Headers;
import io.entire.transport.domain.NodeUrl;
import io.entire.transport.domain.RedirectPolicy;
import io.entire.transport.domain.RedirectRefusedException;
import io.entire.transport.domain.RepoAction;
import io.entire.transport.domain.TransportCancelledException;
import io.entire.transport.domain.TransportException;
import io.entire.transport.domain.UntrustedHostException;
import java.io.IOException;
import java.net.URI;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends one logical request: applies credentials at the chokepoint (X3), follows redirects hop by
 * hop through {@link RedirectPolicy} (X1, X2, X4, X5), and retries once with a fresh credential
 * after a 401.
 */
final class HopByHopExchange {
  private static final Logger log = LoggerFactory.getLogger(HopByHopExchange.class);

  private final HttpExchangePort http;
  private final CredentialPort credentials;
  private final ClusterTrustDomain trustDomain;
  private final RedirectPolicy redirectPolicy;
  private final Cancellation cancellation;
  private final String audience;
  private final SentSecrets secrets;

  HopByHopExchange(
      HttpExchangePort http,
      CredentialPort credentials,
      ClusterTrustDomain trustDomain,
      Cancellation cancellation,
      String audience,
      SentSecrets secrets) {
    this.http = http;
    this.credentials = credentials;
    this.trustDomain = trustDomain;
    this.redirectPolicy = new RedirectPolicy(trustDomain);
    this.cancellation = cancellation;
    this.audience = audience;
    this.secrets = secrets;
  }

  /**
   * Sends the request with credentials and follows redirects; a 401 is retried once with a fresh
   * credential.
   */
  Answer send(HttpRequest request, RepoAction action) throws IOException {
    CredentialAnswer first = sendOnce(request, action);
    if (first.status() == 401 && first.credentialUsed()) {
      first.response().close();
      log.debug("401 from {}; retrying once with a fresh credential", first.uri());
      return sendOnce(request, action).plain();
    }
    return first.plain();
  }

  /** Sends exactly one request, without following redirects, with credentials (C1). */
  AnsweredHop sendWithoutRedirects(HttpRequest request, RepoAction action) throws IOException {
    Credential credential = credentialFor(request, action);
    HttpResponse response = exchange(withCredential(request, credential));
    boolean retried = false;
    if (response.status() == 401 && credential != Credential.NONE) {
      credentials.rejected(credential);
      response.close();
      log.debug("401 from {}; retrying once with a fresh credential", request.uri());
      retried = true;
      credential = credentialFor(request, action);
      response = exchange(withCredential(request, credential));
      if (response.status() == 401 && credential != Credential.NONE) {
        credentials.rejected(credential);
      }
    }
    if (response.status() >= 200 && response.status() < 300 && credential != Credential.NONE) {
      credentials.accepted(credential);
    }
    return new AnsweredHop(response, request.uri(), credential, retried);
  }

  /**
   * Follows the redirect in {@code hop} (a 3xx answer to {@code request}) and what comes after it.
   * A 401 at the end of the chain is retried once, from {@code request}, with a fresh credential,
   * unless {@code request} itself was already retried after a 401.
   */
  Answer followFrom(AnsweredHop hop, HttpRequest request, RepoAction action) throws IOException {
    CredentialAnswer answer = follow(hop.response(), request, hop.credential(), 0, action);
    if (answer.status() == 401 && answer.credentialUsed() && !hop.retried()) {
      answer.response().close();
      log.debug("401 from {}; retrying once with a fresh credential", answer.uri());
      return sendOnce(request, action).plain();
    }
    return answer.plain();
  }

  private CredentialAnswer sendOnce(HttpRequest request, RepoAction action) throws IOException {
    Credential credential = credentialFor(request, action);
    HttpResponse response = exchange(withCredential(request, credential));
    return follow(response, request, credential, 0, action);
  }

  private CredentialAnswer follow(
      HttpResponse response,
      HttpRequest request,
      Credential credential,
      int hopsSoFar,
      RepoAction action)
      throws IOException {
    HttpRequest current = request;
    Credential carried = credential;
    int hop = hopsSoFar;
    while (isRedirect(response.status())) {
      hop++;
      String location = response.headers().first("Location").orElse(null);
      response.close();
      RedirectPolicy.Decision decision = redirectPolicy.decide(current.uri(), location, hop);
      if (!decision.follows()) {
        throw new RedirectRefusedException(decision.reason());
      }
      if (decision.action() == RedirectPolicy.Action.FOLLOW_WITHOUT_CREDENTIALS) {
        // X2: credentials never follow a redirect out of the cluster, and do not come back.
        carried = Credential.NONE;
      }
      log.debug(
          "redirect {} -> {} ({})",
          current.uri(),
          decision.target(),
          carried == Credential.NONE ? "no credentials" : "with credentials");
      current = current.redirectedTo(decision.target(), current.headers());
      try {
        response = exchange(withCredential(current, carried));
      } catch (TransportException e) {
        throw e;
      } catch (IOException e) {
        // Name the hop that failed: the user only knows the URL they started from.
        throw new TransportException(
            "redirect target "
                + NodeUrl.originOf(current.uri()).map(NodeUrl::toString).orElse("?")
                + ": "
                + NodeFailure.describe(e),
            e);
      }
    }
    boolean used = carried != Credential.NONE;
    if (used) {
      if (response.status() == 401) {
        credentials.rejected(carried);
      } else if (response.status() >= 200 && response.status() < 300) {
        credentials.accepted(carried);
      }
    }
    return new CredentialAnswer(response, current.uri(), used);
  }

  private Credential credentialFor(HttpRequest request, RepoAction action) throws IOException {
    if (!trustDomain.contains(request.uri())) {
      // X3: the chokepoint. The credential port never sees an out-of-cluster request.
      throw new UntrustedHostException(String.valueOf(request.uri().getHost()));
    }
    if (cancellation.isCancelled()) {
      throw new TransportCancelledException();
    }
    try {
      return credentials.credentialFor(
          new CredentialRequest(request.method(), request.uri(), action, audience, cancellation));
    } catch (CredentialException e) {
      if (cancellation.isCancelled()) {
        // The adapter gave up because of the cancel (an aborted token exchange, a killed
        // credential helper): report the cancellation, not F4's credential failure.
        throw new TransportCancelledException(e);
      }
      throw e;
    }
  }

  private HttpRequest withCredential(HttpRequest request, Credential credential) {
    Headers headers = request.headers().without("Authorization");
    if (credential != Credential.NONE) {
      secrets.record(credential); // A5: whatever the server echoes of it is redacted
      headers = headers.withAll(credential.headers());
    }
    return request.redirectedTo(request.uri(), headers);
  }

  private HttpResponse exchange(HttpRequest request) throws IOException {
    if (cancellation.isCancelled()) {
      throw new TransportCancelledException();
    }
    log.debug("{} {}", request.method(), request.uri());
    HttpResponse response;
    try {
      response = http.exchange(request, cancellation);
    } catch (TransportCancelledException e) {
      throw e;
    } catch (IOException e) {
      if (cancellation.isCancelled()) {
        // The abort caused this failure (e.g. a closed socket): it is not the node's fault, and
        // failover must not go on to the next node.
        throw new TransportCancelledException(e);
      }
      throw e;
    }
    log.debug("{} {} -> {}", request.method(), request.uri(), response.status());
    return response;
  }

  static boolean isRedirect(int status) {
    return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
  }

  /**
   * One unfollowed answer, the credential it was sent with, and whether it already is the retry
   * after a 401.
   */
  record AnsweredHop(HttpResponse response, URI uri, Credential credential, boolean retried) {}

  private record CredentialAnswer(HttpResponse response, URI uri, boolean credentialUsed) {
    int status() {
      return response.status();
    }

    Answer plain() {
      return new Answer(response, uri);
    }
  }
}
