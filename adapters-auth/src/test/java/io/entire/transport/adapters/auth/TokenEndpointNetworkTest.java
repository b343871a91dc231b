package io.entire.transport.adapters.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.entire.transport.application.port.out.CredentialRequest;
import io.entire.transport.domain.CredentialException;
import io.entire.transport.domain.RepoAction;
import io.entire.transport.testkit.RecordedRequest;
import io.entire.transport.testkit.TestCluster;
import io.entire.transport.testkit.TestProxy;
import io.entire.transport.testkit.TokenExchangeEndpoint;
import java.net.Authenticator;
import java.net.InetSocketAddress;
import java.net.PasswordAuthentication;
import java.net.ProxySelector;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * N1 and N2 for the token endpoint of A2, with real sockets: the exchange goes through a real proxy
 * ({@link TestProxy}, {@code CONNECT}, Basic, 407) to a real https token endpoint whose certificate
 * is issued by its cluster's own CA, trusted only through the network's TLS context.
 */
class TokenEndpointNetworkTest {
  private static final String LOGIN = "login-secret-7c2e";
  private static final String REPO = "et/org/repo";
  private static final String PROXY_USER = "alice";
  private static final String PROXY_PASSWORD = "proxy-pass-5d1b";

  private static TestCluster cluster;
  private TestProxy proxy;
  private TokenExchangeCredentials credentials;

  @BeforeAll
  static void startCluster() {
    cluster = TestCluster.builder().https().tokenEndpoint().repository(REPO).start();
  }

  @AfterAll
  static void stopCluster() {
    cluster.close();
  }

  @BeforeEach
  void startProxy() {
    cluster.tokenEndpoint().reset();
    proxy = TestProxy.start();
  }

  @AfterEach
  void stop() {
    if (credentials != null) {
      credentials.close();
    }
    proxy.close();
  }

  private TokenExchangeCredentials credentials(String url, TokenEndpointNetwork network) {
    credentials =
        new TokenExchangeCredentials(
            URI.create(url),
            LOGIN,
            Clock.systemUTC(),
            Duration.ofSeconds(5),
            Duration.ofSeconds(10),
            network);
    return credentials;
  }

  private TokenExchangeCredentials credentials(TokenEndpointNetwork network) {
    return credentials(cluster.tokenEndpoint().tokenUrl(), network);
  }

  private static CredentialRequest pull() {
    String audience = cluster.entryUrl(REPO);
    return new CredentialRequest(
        "GET", URI.create(audience + "/info/refs"), RepoAction.PULL, audience);
  }

  private static Supplier<SSLContext> clusterTrust() {
    return () -> cluster.tls().sslContext();
  }

  private ProxySelector throughProxy() {
    return ProxySelector.of(new InetSocketAddress(proxy.host(), proxy.port()));
  }

  private static Authenticator proxyCredentials(String user, String password) {
    return new Authenticator() {
      @Override
      protected PasswordAuthentication getPasswordAuthentication() {
        return getRequestorType() == RequestorType.PROXY
            ? new PasswordAuthentication(user, password.toCharArray())
            : null;
      }
    };
  }

  private static Authenticator noProxyCredentials() {
    return new Authenticator() {};
  }

  private static String mintedToken(TokenExchangeCredentials credentials) throws Exception {
    String authorization =
        credentials.credentialFor(pull()).headers().first("Authorization").orElseThrow();
    assertTrue(authorization.startsWith("Bearer "), authorization);
    return authorization.substring("Bearer ".length());
  }

  private static String endpointHostAndPort() {
    URI url = URI.create(cluster.tokenEndpoint().tokenUrl());
    return url.getHost() + ":" + url.getPort();
  }

  @Test
  void N1_A2_theTokenIsMintedThroughTheProxysConnectTunnel() throws Exception {
    String token =
        mintedToken(
            credentials(
                new TokenEndpointNetwork(throughProxy(), noProxyCredentials(), clusterTrust())));

    assertTrue(cluster.tokenEndpoint().minted(token), "the endpoint minted the token");
    List<RecordedRequest> seen = proxy.requests();
    assertEquals(1, seen.size(), "one request through the proxy: " + seen);
    assertEquals("CONNECT", seen.get(0).method());
    assertEquals(endpointHostAndPort(), seen.get(0).pathAndQuery());
    assertEquals(200, seen.get(0).status());
  }

  @Test
  void N1_A2_theProxysBasicCredentialsGoIntoTheConnect() throws Exception {
    proxy.requireBasic(PROXY_USER, PROXY_PASSWORD);
    String token =
        mintedToken(
            credentials(
                new TokenEndpointNetwork(
                    throughProxy(), proxyCredentials(PROXY_USER, PROXY_PASSWORD), clusterTrust())));

    assertTrue(cluster.tokenEndpoint().minted(token));
    RecordedRequest connect = proxy.requests().get(0);
    assertEquals("CONNECT", connect.method());
    assertEquals("present, Basic", connect.header("Proxy-Authorization"));
    assertEquals(200, connect.status());
  }

  @Test
  void N1_A2_aProxyAskingForCredentialsIsAClearErrorNamingIt() {
    proxy.requireBasic(PROXY_USER, PROXY_PASSWORD);
    TokenExchangeCredentials exchange =
        credentials(new TokenEndpointNetwork(throughProxy(), noProxyCredentials(), clusterTrust()));

    CredentialException e =
        assertThrows(CredentialException.class, () -> exchange.credentialFor(pull()));

    assertTrue(
        e.getMessage().contains("proxy " + proxy.host() + ":" + proxy.port() + " requires"),
        e.getMessage());
    assertTrue(e.getMessage().contains("407"), e.getMessage());
    assertFalse(e.isRetryable(), "the proxy settings must change first");
    assertEquals(0, cluster.tokenEndpoint().exchanges(), "nothing reached the endpoint");
  }

  @Test
  void N1_A2_aProxyRefusingItsCredentialsIsAClearErrorNeverShowingThePassword() {
    proxy.requireBasic(PROXY_USER, PROXY_PASSWORD);
    String wrong = "wrong-pass-9e4a";
    TokenExchangeCredentials exchange =
        credentials(
            new TokenEndpointNetwork(
                throughProxy(), proxyCredentials(PROXY_USER, wrong), clusterTrust()));

    CredentialException e =
        assertThrows(CredentialException.class, () -> exchange.credentialFor(pull()));

    assertTrue(
        e.getMessage().contains("proxy " + proxy.host() + ":" + proxy.port() + " refused"),
        e.getMessage());
    assertTrue(e.getMessage().contains("407"), e.getMessage());
    assertFalse(e.getMessage().contains(wrong), e.getMessage());
    assertFalse(e.getMessage().contains(LOGIN), e.getMessage());
    assertFalse(e.isRetryable());
  }

  @Test
  void N1_A2_aProxyThatCannotBeReachedIsNamedAndRetryable() throws Exception {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }
    TokenExchangeCredentials exchange =
        credentials(
            new TokenEndpointNetwork(
                ProxySelector.of(new InetSocketAddress("127.0.0.1", closedPort)),
                noProxyCredentials(),
                clusterTrust()));

    CredentialException e =
        assertThrows(CredentialException.class, () -> exchange.credentialFor(pull()));

    assertTrue(
        e.getMessage().contains("cannot connect to proxy 127.0.0.1:" + closedPort), e.getMessage());
    assertTrue(e.isRetryable());
  }

  @Test
  void N1_A2_aTunnelTheProxyCannotOpenIsNamedAndRetryable() throws Exception {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }
    TokenExchangeCredentials exchange =
        credentials(
            "https://127.0.0.1:" + closedPort + "/token",
            new TokenEndpointNetwork(throughProxy(), noProxyCredentials(), clusterTrust()));

    CredentialException e =
        assertThrows(CredentialException.class, () -> exchange.credentialFor(pull()));

    assertTrue(
        e.getMessage()
            .contains(
                "proxy "
                    + proxy.host()
                    + ":"
                    + proxy.port()
                    + " did not open a tunnel to 127.0.0.1:"
                    + closedPort),
        e.getMessage());
    assertTrue(e.isRetryable());
  }

  @Test
  void N1_A2_aPlainHttpEndpointIsNeverReachedThroughAProxy() {
    try (TokenExchangeEndpoint plain = TokenExchangeEndpoint.start()) {
      TokenExchangeCredentials exchange =
          credentials(
              plain.tokenUrl(),
              new TokenEndpointNetwork(throughProxy(), noProxyCredentials(), clusterTrust()));

      CredentialException e =
          assertThrows(CredentialException.class, () -> exchange.credentialFor(pull()));

      assertTrue(e.getMessage().contains("clear text"), e.getMessage());
      assertTrue(
          e.getMessage().contains("through proxy " + proxy.host() + ":" + proxy.port()),
          e.getMessage());
      assertTrue(proxy.requests().isEmpty(), "nothing went to the proxy");
      assertEquals(0, plain.exchanges(), "nothing went to the endpoint");
    }
  }

  @Test
  void N2_A2_theEndpointIsTrustedThroughTheNetworksTrust() throws Exception {
    TokenEndpointNetwork direct =
        new TokenEndpointNetwork(
            TokenEndpointNetwork.DIRECT.proxySelector(), noProxyCredentials(), clusterTrust());

    String token = mintedToken(credentials(direct));

    assertTrue(cluster.tokenEndpoint().minted(token));
  }

  @Test
  void N2_A2_theDefaultTrustRefusesAnEndpointOfAnotherCa() {
    TokenExchangeCredentials exchange = credentials(TokenEndpointNetwork.DIRECT);

    CredentialException e =
        assertThrows(CredentialException.class, () -> exchange.credentialFor(pull()));

    assertInstanceOf(SSLHandshakeException.class, e.getCause(), e.toString());
    assertEquals(0, cluster.tokenEndpoint().exchanges());
  }
}
