package io.entire.transport.jgit;

import io.entire.transport.EntireClient;
import java.util.EnumSet;
import java.util.Set;
import org.eclipse.jgit.errors.NotSupportedException;
import org.eclipse.jgit.errors.TransportException;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.transport.Transport;
import org.eclipse.jgit.transport.TransportProtocol;
import org.eclipse.jgit.transport.URIish;

/**
 * JGit's protocol for {@code entire://host[:port]/path} (https) and {@code
 * entire+http://host[:port]/path} (plain http under the client's allow-http rule), J1: it opens
 * JGit's own smart-HTTP transport for the https (or http) URL and gives that one transport instance
 * a connection factory whose requests the client answers. No user or password in the URL: the
 * client's credentials apply.
 *
 * <p>Thread-safe and immutable.
 */
final class EntireProtocol extends TransportProtocol {
  static final String SCHEME = "entire";
  static final String SCHEME_HTTP = "entire+http";

  private final EntireClient client;

  EntireProtocol(EntireClient client) {
    this.client = client;
  }

  @Override
  public String getName() {
    return "entire-transport (" + client + ")";
  }

  @Override
  public Set<String> getSchemes() {
    return Set.of(SCHEME, SCHEME_HTTP);
  }

  @Override
  public Set<URIishField> getRequiredFields() {
    return EnumSet.of(URIishField.HOST, URIishField.PATH);
  }

  @Override
  public Set<URIishField> getOptionalFields() {
    return EnumSet.of(URIishField.PORT);
  }

  @Override
  public int getDefaultPort() {
    return 443;
  }

  @Override
  public Transport open(URIish uri, Repository local, String remoteName)
      throws NotSupportedException, TransportException {
    URIish http = httpUri(uri);
    return routed(httpProtocol(http, local, remoteName).open(http, local, remoteName), uri);
  }

  @Override
  public Transport open(URIish uri) throws NotSupportedException, TransportException {
    URIish http = httpUri(uri);
    return routed(httpProtocol(http, null, null).open(http), uri);
  }

  /** {@code entire://…} is https, {@code entire+http://…} http; host, port and path are kept. */
  static URIish httpUri(URIish uri) throws NotSupportedException {
    String scheme = uri.getScheme();
    if (SCHEME.equalsIgnoreCase(scheme)) {
      return uri.setScheme("https");
    }
    if (SCHEME_HTTP.equalsIgnoreCase(scheme)) {
      return uri.setScheme("http");
    }
    throw new NotSupportedException("not an entire:// URL: " + uri);
  }

  private Transport routed(Transport transport, URIish original) throws NotSupportedException {
    try {
      return EntireJGit.route(transport, client);
    } catch (IllegalArgumentException e) {
      transport.close();
      throw new NotSupportedException(original + ": " + e.getMessage(), e);
    }
  }

  /** JGit's own http(s) protocol (the first registered one that is not an entire:// one). */
  private static TransportProtocol httpProtocol(URIish http, Repository local, String remoteName)
      throws NotSupportedException {
    for (TransportProtocol protocol : Transport.getTransportProtocols()) {
      if (protocol instanceof EntireProtocol) {
        continue;
      }
      boolean handles =
          local == null ? protocol.canHandle(http) : protocol.canHandle(http, local, remoteName);
      if (handles) {
        return protocol;
      }
    }
    throw new NotSupportedException("JGit has no transport for " + http);
  }
}
