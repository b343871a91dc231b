package io.entire.transport;

import io.entire.transport.application.port.out.Credential;
import io.entire.transport.application.port.out.CredentialPort;
import io.entire.transport.application.port.out.CredentialRequest;
import io.entire.transport.domain.CredentialException;
import java.net.Authenticator;
import java.net.ProxySelector;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;

/**
 * How a client authenticates (DESIGN §6, §9): makes the client's one credential adapter. The
 * modules of {@code io.entire.transport.bootstrap} ({@code StaticTokenAuthModule}, {@code
 * TokenExchangeAuthModule}, {@code GitCredentialAuthModule}, {@code NoAuthModule}, {@code
 * EnvironmentAuthModule}) implement it; {@link #using(CredentialPort)} adapts any credential port,
 * e.g. one a Guice user binds in their own module.
 *
 * <p>Building a client needs no Guice: this interface and the client never touch an injector.
 *
 * <p>Implementations must be immutable and thread-safe; {@link #newCredentials} is called once per
 * client.
 *
 * @since 0.2
 */
@FunctionalInterface
public interface Authentication {

  /**
   * Makes the credential adapter of one client. The client closes it, when it is {@link
   * AutoCloseable}, as the client closes.
   *
   * @param context the client's settings an adapter may need
   * @return the credential adapter, shared by every session of the client (so tokens are too)
   */
  CredentialPort newCredentials(Context context);

  /**
   * Authenticates with a credential port the caller made and keeps: the client uses it and never
   * closes it.
   *
   * @param credentials a thread-safe credential port
   * @return the authentication
   */
  static Authentication using(CredentialPort credentials) {
    Objects.requireNonNull(credentials, "credentials");
    CredentialPort borrowed =
        new CredentialPort() {
          @Override
          public Credential credentialFor(CredentialRequest request) throws CredentialException {
            return credentials.credentialFor(request);
          }

          @Override
          public void rejected(Credential credential) {
            credentials.rejected(credential);
          }

          @Override
          public void accepted(Credential credential) {
            credentials.accepted(credential);
          }

          @Override
          public String toString() {
            return credentials.toString();
          }
        };
    return context -> borrowed;
  }

  /**
   * What a credential adapter may take from its client: the timeouts of calls it makes itself (a
   * token endpoint), the clock that decides when a token expires, and since 0.2 the client's
   * network (its proxy and trust, N1 and N2), so such calls go where the client's own requests go.
   *
   * @param connectTimeout the client's connect timeout
   * @param readTimeout the client's idle read timeout
   * @param clock the client's clock
   * @param network the client's proxy and trust for calls outside the cluster
   * @since 0.2
   */
  record Context(Duration connectTimeout, Duration readTimeout, Clock clock, Network network) {
    /** Validates the context. */
    public Context {
      Objects.requireNonNull(connectTimeout, "connectTimeout");
      Objects.requireNonNull(readTimeout, "readTimeout");
      Objects.requireNonNull(clock, "clock");
      Objects.requireNonNull(network, "network");
    }

    /**
     * A context with the JVM's network ({@link Network#JVM_DEFAULT}), as a client without {@link
     * NetworkSettings} has.
     *
     * @param connectTimeout the client's connect timeout
     * @param readTimeout the client's idle read timeout
     * @param clock the client's clock
     */
    public Context(Duration connectTimeout, Duration readTimeout, Clock clock) {
      this(connectTimeout, readTimeout, clock, Network.JVM_DEFAULT);
    }
  }

  /**
   * The client's proxy and trust in JDK types (DESIGN §13 N1, N2), for the calls an authentication
   * makes outside the cluster, e.g. to a token endpoint: the same parts a {@code
   * java.net.http.HttpClient.Builder} takes ({@code proxy}, {@code authenticator}, {@code
   * sslContext}).
   *
   * <p>The client certificate of {@link NetworkSettings.Builder#clientCertificate} is not part of
   * it: it goes only to hosts inside the cluster (N3). A ready {@link
   * NetworkSettings.Builder#sslContext} is given as it is, with whatever key managers it has.
   * {@code skipTlsVerify} is not part of it either: a login token is never sent to an unverified
   * host.
   *
   * <p>Immutable and thread-safe; {@link #sslContext()} is made on first use and then the same.
   *
   * @since 0.2
   */
  final class Network {
    /**
     * The JVM's network: {@link ProxySelector#getDefault()} at each call (so {@code
     * https.proxyHost} and friends count), no proxy credentials, the JVM's default trust anchors
     * and no client certificate.
     */
    public static final Network JVM_DEFAULT = NetworkSettings.DEFAULT.authenticationNetwork();

    private final ProxySelector proxySelector;
    private final Authenticator proxyAuthenticator;
    private final Supplier<SSLContext> trust;
    private final Object lock = new Object();
    private SSLContext sslContext; // guarded by lock

    /** Made by {@link NetworkSettings} and {@link #of}; {@code trust} is asked once, lazily. */
    Network(
        ProxySelector proxySelector, Authenticator proxyAuthenticator, Supplier<SSLContext> trust) {
      this.proxySelector = Objects.requireNonNull(proxySelector, "proxySelector");
      this.proxyAuthenticator = Objects.requireNonNull(proxyAuthenticator, "proxyAuthenticator");
      this.trust = Objects.requireNonNull(trust, "trust");
    }

    /**
     * A network of the caller's, e.g. to test an {@link Authentication} of one's own.
     *
     * @param proxySelector chooses the proxy per URI
     * @param proxyAuthenticator answers {@link Authenticator.RequestorType#PROXY} requests (one
     *     that answers null for none)
     * @param sslContext the TLS context for hosts outside the cluster; trust only, best
     * @return the network
     */
    public static Network of(
        ProxySelector proxySelector, Authenticator proxyAuthenticator, SSLContext sslContext) {
      Objects.requireNonNull(sslContext, "sslContext");
      return new Network(proxySelector, proxyAuthenticator, () -> sslContext);
    }

    /**
     * The client's proxy selector (N1).
     *
     * @return the selector, asked per URI
     */
    public ProxySelector proxySelector() {
      return proxySelector;
    }

    /**
     * The Basic credentials of the client's proxies (N1, from a proxy URL's userinfo): answers
     * {@link Authenticator.RequestorType#PROXY} requests by proxy host and port, and nothing else.
     *
     * @return the authenticator
     */
    public Authenticator proxyAuthenticator() {
      return proxyAuthenticator;
    }

    /**
     * A TLS context with the client's trust (N2: a configured bundle or key store replaces the
     * JVM's default anchors) and no client certificate; made on the first call.
     *
     * @return the context
     * @throws IllegalStateException when the JVM cannot make a TLS context
     */
    public SSLContext sslContext() {
      synchronized (lock) {
        if (sslContext == null) {
          sslContext = Objects.requireNonNull(trust.get(), "no TLS context");
        }
        return sslContext;
      }
    }

    /** Names the proxy selector; never credentials. */
    @Override
    public String toString() {
      return "Network[proxy=" + proxySelector + "]";
    }
  }
}
