package io.entire.transport;

import io.entire.transport.adapters.http.ProxySettings;
import java.net.Authenticator;
import java.net.PasswordAuthentication;

/**
 * The Basic credentials of a client's proxies (N1) as a JDK {@link Authenticator}, for {@link
 * Authentication.Network#proxyAuthenticator()}: answers proxy requests by host and port from the
 * client's {@link ProxySettings.Credentials}, and every other request (a server's) with none.
 *
 * <p>Thread-safe: {@link Authenticator#requestPasswordAuthenticationInstance} serialises the
 * requests on this instance, and the credentials lookup is thread-safe.
 */
final class ProxyAuthenticator extends Authenticator {
  private final ProxySettings.Credentials credentials;

  ProxyAuthenticator(ProxySettings.Credentials credentials) {
    this.credentials = credentials;
  }

  @Override
  protected PasswordAuthentication getPasswordAuthentication() {
    if (getRequestorType() != RequestorType.PROXY || getRequestingHost() == null) {
      return null;
    }
    return credentials.forProxy(getRequestingHost(), getRequestingPort()).orElse(null);
  }

  /** Never credentials. */
  @Override
  public String toString() {
    return "ProxyAuthenticator";
  }
}
