package io.entire.transport;

import io.entire.transport.adapters.http.ClientCertificate;
import io.entire.transport.adapters.http.NoProxy;
import io.entire.transport.adapters.http.PemException;
import io.entire.transport.adapters.http.PemTrust;
import io.entire.transport.adapters.http.ProxyEnvironment;
import io.entire.transport.adapters.http.ProxyRules;
import io.entire.transport.adapters.http.ProxySettings;
import io.entire.transport.adapters.http.ProxyUrl;
import io.entire.transport.adapters.http.TlsSettings;
import io.entire.transport.domain.Headers;
import java.net.ProxySelector;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;

/**
 * How a client reaches a cluster through a company network (DESIGN §13): the proxy (N1), the
 * certificates it trusts (N2), the client certificate it presents (N3) and the extra headers it
 * sends (N4). Give it to {@link EntireClient.Builder#network(NetworkSettings)}.
 *
 * <pre>{@code
 * NetworkSettings network = NetworkSettings.builder()
 *     .proxy("http://proxy.corp.example:3128")
 *     .noProxy("localhost,.corp.example,10.0.0.0/8")
 *     .trustedCertificates(Path.of("/etc/corp/ca.pem"))
 *     .build();
 * }</pre>
 *
 * <p>Without settings ({@link #DEFAULT}) a client asks the JVM's {@link ProxySelector#getDefault()}
 * (so {@code https.proxyHost} and friends apply, as for {@code HttpURLConnection}), trusts the
 * JVM's default CA certificates, presents no certificate and sends no extra header.
 *
 * <p>Trust and proxy settings apply to every request of the client, and to the token endpoint of
 * token exchange (A3); the client certificate and the extra headers go only to hosts inside the
 * cluster's trust domain, never to an off-cluster redirect target or the token endpoint.
 *
 * <p>Immutable and thread-safe.
 *
 * @since 0.2
 */
public final class NetworkSettings {
  /** The JVM's proxy selector and trust, no client certificate, no extra headers. */
  public static final NetworkSettings DEFAULT = builder().build();

  private final ProxySettings proxy;
  private final TlsSettings tls;
  private final Headers extraHeaders;

  private NetworkSettings(Builder builder) {
    this.proxy = builder.proxy();
    TlsSettings trust =
        builder.sslContext != null
            ? TlsSettings.using(builder.sslContext)
            : builder.trust != null ? builder.trust : TlsSettings.JVM_DEFAULT;
    this.tls =
        builder.clientCertificate == null
            ? trust
            : trust.withClientCertificate(builder.clientCertificate);
    this.extraHeaders = builder.extraHeaders;
  }

  /**
   * Returns a new builder.
   *
   * @return a builder with the defaults of {@link #DEFAULT}
   */
  public static Builder builder() {
    return new Builder();
  }

  /** The proxy setting of the HTTP adapter. */
  ProxySettings proxy() {
    return proxy;
  }

  /** The trust and client certificate of the HTTP adapter. */
  TlsSettings tls() {
    return tls;
  }

  /** The extra headers for in-cluster requests (N4). */
  Headers extraHeaders() {
    return extraHeaders;
  }

  /**
   * The proxy and trust for calls an authentication makes outside the cluster, e.g. to a token
   * endpoint (N1, N2): the same proxy selector and proxy credentials, and a TLS context with the
   * same trust but without the client certificate (N3), made on first use.
   */
  Authentication.Network authenticationNetwork() {
    return new Authentication.Network(
        proxy.selector(), new ProxyAuthenticator(proxy.credentials()), this::trustOnlyContext);
  }

  /**
   * A TLS context with this trust and no key managers; a ready {@link SSLContext} as it is (its
   * documentation says it is used for every TLS connection).
   */
  private SSLContext trustOnlyContext() {
    if (tls.sslContext() != null) {
      return tls.sslContext();
    }
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      // Null trust managers are the JVM's default anchors; null key managers present nothing,
      // unlike SSLContext.getDefault(), whose keys follow javax.net.ssl.keyStore.
      context.init(null, tls.trust() == null ? null : new TrustManager[] {tls.trust()}, null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot create the TLS context", e);
    }
  }

  /** Names the proxy and trust, and the extra headers' names; never a password or value. */
  @Override
  public String toString() {
    return "NetworkSettings[proxy="
        + proxy
        + ", tls="
        + tls
        + ", extraHeaders="
        + extraHeaders.names()
        + "]";
  }

  /**
   * Builds {@link NetworkSettings}. Every setter checks its value at once (files are read then) and
   * names what is wrong, never a password or a key. Not thread-safe.
   *
   * @since 0.2
   */
  public static final class Builder {
    /** An HTTP field name (RFC 9110 token). */
    private static final Pattern FIELD_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");

    /** Fields that frame the message or route it: HttpClient sets them, a user must not. */
    private static final Set<String> FRAMING_FIELDS =
        Set.of("content-length", "transfer-encoding", "host", "connection", "upgrade", "te");

    private ProxyUrl proxyUrl;
    private NoProxy noProxy = NoProxy.NONE;
    private ProxySettings proxy = ProxySettings.JVM_DEFAULT;
    private TlsSettings trust;
    private SSLContext sslContext;
    private ClientCertificate clientCertificate;
    private Headers extraHeaders = Headers.empty();

    private Builder() {}

    /**
     * Sends every request through this HTTP proxy (like git's {@code http.proxy}): https through a
     * {@code CONNECT} tunnel, plain http in absolute form. A user and password in the URL are sent
     * to the proxy as Basic credentials. Replaces an earlier proxy choice.
     *
     * @param proxyUrl {@code http://[user[:password]@]host[:port]} or {@code host:port} (port 1080
     *     by default, as in curl)
     * @return this builder
     * @throws IllegalArgumentException when the URL is not an http proxy URL, naming what is wrong
     *     without the password
     */
    public Builder proxy(String proxyUrl) {
      this.proxyUrl = ProxyUrl.parse(Objects.requireNonNull(proxyUrl, "proxyUrl"));
      this.proxy = null;
      return this;
    }

    /**
     * Hosts reached without the proxy of {@link #proxy(String)}, in curl's {@code NO_PROXY} syntax:
     * a comma-separated list of host names (each also matching its subdomains), IP addresses, CIDR
     * blocks, or {@code *} for all.
     *
     * @param list the list
     * @return this builder
     */
    public Builder noProxy(String list) {
      this.noProxy = NoProxy.parse(Objects.requireNonNull(list, "noProxy"));
      return this;
    }

    /**
     * Chooses the proxy per request with a selector of the caller's (no proxy credentials).
     * Replaces an earlier proxy choice.
     *
     * @param selector the selector
     * @return this builder
     */
    public Builder proxySelector(ProxySelector selector) {
      this.proxy = ProxySettings.of(Objects.requireNonNull(selector, "selector"));
      this.proxyUrl = null;
      return this;
    }

    /**
     * Chooses the proxy from environment variables as curl does: {@code https_proxy} or {@code
     * HTTPS_PROXY} for https, {@code http_proxy} (lower case only) for http, then {@code
     * all_proxy}/{@code ALL_PROXY}; {@code no_proxy}/{@code NO_PROXY} lists the exceptions.
     * Replaces an earlier proxy choice.
     *
     * @param environment the variables, e.g. {@code System.getenv()}
     * @return this builder
     * @throws IllegalArgumentException naming the variable whose value is not a proxy URL
     */
    public Builder proxyFromEnvironment(Map<String, String> environment) {
      this.proxy = ProxySettings.of(ProxyEnvironment.rules(Objects.requireNonNull(environment)));
      this.proxyUrl = null;
      return this;
    }

    /**
     * Connects directly to every host, whatever the JVM's proxy properties say. Replaces an earlier
     * proxy choice.
     *
     * @return this builder
     */
    public Builder directConnections() {
      this.proxy = ProxySettings.DIRECT;
      this.proxyUrl = null;
      return this;
    }

    /**
     * Trusts exactly the CA certificates of a PEM bundle, instead of the JVM's default trust (as a
     * bundle does in git's {@code http.sslCAInfo}). The file must be readable now; its certificates
     * are read when the first TLS connection checks a certificate chain, so a cluster reached over
     * plain http never reads them (as git does not). A bundle with no usable {@code CERTIFICATE}
     * block fails that connection, and every later one, with a message naming the file; {@link
     * PemTrust#load} with {@link #trustStore} checks a bundle at once.
     *
     * @param pemBundle one or more {@code CERTIFICATE} blocks
     * @return this builder
     * @throws IllegalArgumentException naming the file when it is missing or not a readable file
     */
    public Builder trustedCertificates(Path pemBundle) {
      try {
        this.trust = TlsSettings.trustingOnFirstUse(Objects.requireNonNull(pemBundle));
      } catch (PemException e) {
        throw new IllegalArgumentException(e.getMessage(), e);
      }
      this.sslContext = null;
      return this;
    }

    /**
     * Trusts exactly the trusted certificates of a key store, instead of the JVM's default trust.
     * Read now.
     *
     * @param trustStore the key store
     * @return this builder
     * @throws IllegalArgumentException when the store holds no usable certificate
     */
    public Builder trustStore(KeyStore trustStore) {
      this.trust = TlsSettings.trusting(Objects.requireNonNull(trustStore, "trustStore"));
      this.sslContext = null;
      return this;
    }

    /**
     * Uses a ready TLS context for every TLS connection: its trust, and its key managers for every
     * host that asks for a certificate (so a client certificate in it is not limited to the
     * cluster; use {@link #clientCertificate} for that). TLS 1.2+ and host name checks stay.
     * Replaces {@link #trustedCertificates}, {@link #trustStore} and {@link #clientCertificate}.
     *
     * @param sslContext an initialised context
     * @return this builder
     */
    public Builder sslContext(SSLContext sslContext) {
      this.sslContext = Objects.requireNonNull(sslContext, "sslContext");
      this.trust = null;
      this.clientCertificate = null;
      return this;
    }

    /**
     * Presents this certificate to hosts inside the cluster's trust domain that ask for one, and to
     * no other host (N3). Read now.
     *
     * @param certificatePem the certificate chain, leaf first (PEM)
     * @param keyPem its private key: PKCS#8 ({@code PRIVATE KEY}), PKCS#1 ({@code RSA PRIVATE KEY})
     *     or SEC1 ({@code EC PRIVATE KEY}), not encrypted
     * @return this builder
     * @throws IllegalArgumentException naming the file and what is wrong (an encrypted key is
     *     refused as such)
     */
    public Builder clientCertificate(Path certificatePem, Path keyPem) {
      try {
        this.clientCertificate =
            ClientCertificate.load(
                Objects.requireNonNull(certificatePem, "certificatePem"),
                Objects.requireNonNull(keyPem, "keyPem"));
      } catch (PemException e) {
        throw new IllegalArgumentException(e.getMessage(), e);
      }
      this.sslContext = null;
      return this;
    }

    /**
     * Adds a header sent on every request to hosts inside the cluster's trust domain (N4, like
     * git's {@code http.extraHeader}); repeatable, a name may repeat. It replaces a field of the
     * same name the transport sets, but never the credential's own {@code Authorization}.
     *
     * @param name a field name, not one that frames the message ({@code Host}, {@code
     *     Content-Length}, {@code Transfer-Encoding}, {@code Connection}, {@code Upgrade}, {@code
     *     TE})
     * @param value the value, without line breaks
     * @return this builder
     * @throws IllegalArgumentException naming the header (never its value) when it cannot be sent
     */
    public Builder extraHeader(String name, String value) {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(value, "value");
      if (!FIELD_NAME.matcher(name).matches()) {
        throw new IllegalArgumentException("not an HTTP header name: " + printable(name));
      }
      if (FRAMING_FIELDS.contains(name.toLowerCase(Locale.ROOT))) {
        throw new IllegalArgumentException(
            "the header " + name + " frames the request and cannot be set as an extra header");
      }
      if (value.chars().anyMatch(c -> c == '\r' || c == '\n' || c == 0)) {
        throw new IllegalArgumentException(
            "the value of the extra header " + name + " holds a line break or NUL");
      }
      this.extraHeaders = extraHeaders.plus(name, value.strip());
      return this;
    }

    /**
     * Builds the settings.
     *
     * @return the settings
     */
    public NetworkSettings build() {
      return new NetworkSettings(this);
    }

    private ProxySettings proxy() {
      return proxyUrl != null ? ProxySettings.of(ProxyRules.all(proxyUrl, noProxy)) : proxy;
    }

    private static String printable(String name) {
      return name.replaceAll("[^\\x21-\\x7e]", "?");
    }
  }
}
