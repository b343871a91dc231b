package io.entire.transport.jgit;

import io.entire.transport.EntireClient;
import io.entire.transport.EntireSession;
import io.entire.transport.application.port.in.HeaderCustomizer;
import io.entire.transport.application.port.in.RequestBody;
import io.entire.transport.domain.GitService;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import org.eclipse.jgit.errors.TransportException;
import org.eclipse.jgit.transport.URIish;
import org.eclipse.jgit.transport.http.HttpConnection;
import org.eclipse.jgit.transport.http.HttpConnectionFactory2;
import org.eclipse.jgit.util.TemporaryBuffer;

/**
 * The client side of one JGit transport operation (a clone, fetch, push or ls-remote): JGit makes
 * one per {@code TransportHttp} and closes it with the transport. It owns one {@link EntireSession}
 * of the client, opened for the repository of the first request, so discovery and every RPC of the
 * operation share the session's sticky replica (J2, J3).
 *
 * <p>Not thread-safe, like a JGit transport; {@link #close()} may come from any thread.
 */
final class ClientGitSession implements HttpConnectionFactory2.GitSession {
  private static final String GIT_PROTOCOL = "Git-Protocol";
  private static final String PUSH_SIZE = "X-Entire-Push-Size";

  private final EntireClient client;
  private EntireSession session;
  private String repositoryUrl;

  /**
   * JGit sends a POST whose response code threw once more, "with another authentication" (its
   * {@code Service.sendRequest}). The client already failed over and would only repeat the same
   * failure, so the next POST gets this failure again without being sent.
   */
  private TransportException failedRpc;

  /** The last RPC response handed to JGit, until the next request shows JGit is done with it. */
  private InputStream lastResponse;

  ClientGitSession(EntireClient client) {
    this.client = client;
  }

  @Override
  public HttpConnection configure(HttpConnection connection, boolean sslVerify) throws IOException {
    if (!(connection instanceof ClientHttpConnection ours)) {
      throw new IOException(
          "not a connection of the EntireClient's connection factory: " + connection);
    }
    ours.attach(this);
    return ours;
  }

  /** Reads a request, as a JGit {@code TransportException} when it is not a smart-HTTP one. */
  SmartHttpRequest requestOf(String method, URL url) throws TransportException {
    try {
      return SmartHttpRequest.of(method, url);
    } catch (IllegalArgumentException e) {
      throw new TransportException(e.getMessage(), e);
    }
  }

  /**
   * Runs one request through the session: discovery or an RPC, with JGit's {@code Git-Protocol}
   * header carried over (v2 where JGit speaks it).
   *
   * @return the response body; JGit closes it
   * @throws TransportException what JGit shows its caller (J5)
   */
  InputStream exchange(
      ClientHttpConnection connection, SmartHttpRequest request, TemporaryBuffer body)
      throws TransportException {
    URIish uri = uriOf(request.repositoryUrl(), connection.getURL());
    releaseLastResponse();
    if (!request.discovery() && failedRpc != null) {
      TransportException again = failedRpc;
      failedRpc = null;
      throw again;
    }
    try {
      EntireSession repository = sessionFor(request.repositoryUrl());
      String protocol = connection.header(GIT_PROTOCOL);
      if (request.discovery()) {
        boolean v2 =
            request.service() == GitService.UPLOAD_PACK
                && protocol != null
                && protocol.toLowerCase(Locale.ROOT).contains("version=2");
        // JGit keeps the advertisement's stream open while it sends its POSTs. Read whole here,
        // its connection goes back to the client's pool at once: a command then holds one pooled
        // connection at a time, and a pool as large as the parallelism never stalls (L3).
        try (InputStream advertisement =
            v2 ? repository.infoRefsV2() : repository.infoRefs(request.service())) {
          return new ByteArrayInputStream(advertisement.readAllBytes());
        }
      }
      try (RequestBody spooled = requestBody(connection, body)) {
        List<HeaderCustomizer> customizers = new ArrayList<>();
        if (protocol != null) {
          customizers.add(HeaderCustomizer.set(GIT_PROTOCOL, protocol));
        }
        if (request.service() == GitService.RECEIVE_PACK) {
          // J3, as the helper does: the cluster learns the push's size before reading it.
          customizers.add(HeaderCustomizer.set(PUSH_SIZE, Long.toString(spooled.length())));
        }
        lastResponse =
            repository.serviceRpc(
                request.service(), spooled, customizers.toArray(HeaderCustomizer[]::new));
        return lastResponse;
      }
    } catch (IOException | IllegalArgumentException | IllegalStateException e) {
      TransportException failure = JGitFailures.toJGit(uri, e);
      if (!request.discovery()) {
        failedRpc = failure;
      }
      throw failure;
    }
  }

  /**
   * L3: JGit reads an RPC response up to its last pkt-line and may leave it open while it sends the
   * next request of the conversation; a stateless RPC never needs the old response once it sends a
   * new one. Reading the rest (usually nothing) to its end and closing it hands its connection back
   * to the client's pool, so an operation holds one pooled connection at a time.
   */
  private void releaseLastResponse() {
    InputStream response = lastResponse;
    lastResponse = null;
    if (response == null) {
      return;
    }
    try (response) {
      response.skip(Long.MAX_VALUE);
    } catch (IOException e) {
      // Already broken or closed by JGit: closing releases what is left.
    }
  }

  /** The repository's URI for JGit's messages ("uri: message"). */
  private static URIish uriOf(String repositoryUrl, URL requestUrl) {
    try {
      return new URIish(repositoryUrl);
    } catch (URISyntaxException e) {
      return new URIish(requestUrl);
    }
  }

  private EntireSession sessionFor(String url) {
    if (session == null) {
      session = client.open(url);
      repositoryUrl = url;
    } else if (!repositoryUrl.equals(url)) {
      throw new IllegalArgumentException(
          "one JGit operation asked for two repositories: " + repositoryUrl + " and " + url);
    }
    return session;
  }

  /**
   * The body JGit wrote, replayable for failover (F8): as written, or inflated when JGit gzipped
   * it, since the client compresses by its own rule (S4). Bounded heap: larger bodies are files.
   */
  private static RequestBody requestBody(ClientHttpConnection connection, TemporaryBuffer written)
      throws IOException {
    TemporaryBuffer content = written;
    if (content == null) {
      content = new TemporaryBuffer.LocalFile(null, ClientHttpConnection.MEMORY_LIMIT);
      content.close();
    } else if ("gzip".equalsIgnoreCase(connection.header("Content-Encoding"))) {
      content = new TemporaryBuffer.LocalFile(null, ClientHttpConnection.MEMORY_LIMIT);
      try (InputStream in = new GZIPInputStream(written.openInputStream())) {
        content.copy(in);
      } finally {
        content.close();
      }
    }
    TemporaryBuffer buffer = content;
    boolean own = content != written; // the connection destroys what JGit wrote
    return new RequestBody() {
      @Override
      public long length() {
        return buffer.length();
      }

      @Override
      public InputStream open() throws IOException {
        return buffer.openInputStream();
      }

      @Override
      public void close() {
        if (own) {
          buffer.destroy();
        }
      }
    };
  }

  /** Closes the session: aborts what is in flight and closes the streams still open. */
  @Override
  public void close() {
    if (session != null) {
      session.close();
    }
  }
}
