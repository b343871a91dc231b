package io.entire.transport.jgit;

import io.entire.transport.EntireClient;
import java.net.Proxy;
import java.net.URL;
import java.util.Objects;
import org.eclipse.jgit.transport.http.HttpConnection;
import org.eclipse.jgit.transport.http.HttpConnectionFactory2;

/**
 * The connection factory of one JGit {@code TransportHttp} instance (never JGit's global one): its
 * connections are answered by the client, one {@link ClientGitSession} per transport operation.
 * Thread-safe and stateless.
 */
final class ClientConnectionFactory implements HttpConnectionFactory2 {
  private final EntireClient client;

  ClientConnectionFactory(EntireClient client) {
    this.client = Objects.requireNonNull(client, "client");
  }

  @Override
  public GitSession newSession() {
    return new ClientGitSession(client);
  }

  @Override
  public HttpConnection create(URL url) {
    return new ClientHttpConnection(url);
  }

  @Override
  public HttpConnection create(URL url, Proxy proxy) {
    // The client's connection pool decides how to reach the cluster.
    return new ClientHttpConnection(url);
  }
}
