package io.entire.transport.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;

/**
 * The TLS side of a cluster started with {@link TestCluster.Builder#https()}: a certificate
 * authority made in memory for this cluster alone, the server certificates it issued (one per
 * server, for the server's loopback name, {@code localhost} and its IP address), and what a client
 * under test needs to trust it or to present a client certificate.
 *
 * <pre>{@code
 * try (TestCluster cluster = TestCluster.builder().https().loopbackNames().repository("r").start()) {
 *   HttpClient client = HttpClient.newBuilder().sslContext(cluster.tls().sslContext()).build();
 *   // cluster.replica(0).url() is https://r0.cluster.test:PORT
 *   // for git: GIT_SSL_CAINFO=cluster.tls().caCertificateFile(), URL replica(0).addressUrl()
 * }
 * }</pre>
 *
 * <p>Servers speak TLS 1.2 and 1.3 only. With {@link
 * TestCluster.Builder#requireClientCertificate()} the entry and the replicas (not the token
 * endpoint) fail every handshake without a client certificate issued by this CA; {@link
 * #clientCertificate()} is one. The token endpoint then asks for one without requiring it.
 *
 * <p>Thread-safe. Owned by its cluster: its files are deleted when the cluster closes.
 *
 * @since 0.2
 */
public final class ClusterTls {

  private final CertificateAuthority authority;
  private final Path dir;
  private final Path caFile;
  private final boolean clientCertificateRequired;
  private final Map<ClientCertificate.KeyType, ClientCertificate> clients =
      new EnumMap<>(ClientCertificate.KeyType.class);

  private ClusterTls(CertificateAuthority authority, Path dir, boolean clientCertificateRequired)
      throws IOException {
    this.authority = authority;
    this.dir = dir;
    this.clientCertificateRequired = clientCertificateRequired;
    this.caFile =
        Files.writeString(
            dir.resolve("ca.crt"),
            PemText.certificate(authority.certificate()),
            StandardCharsets.US_ASCII);
  }

  /** Makes the CA and writes {@link #caCertificateFile()} into {@code dir}. */
  static ClusterTls create(Path dir, boolean requireClientCertificate) {
    CertificateAuthority authority =
        CertificateAuthority.create("entire-testkit CA " + dir.getFileName());
    try {
      return new ClusterTls(authority, dir, requireClientCertificate);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the cluster CA file: " + e.getMessage(), e);
    }
  }

  /**
   * The TLS setup of one server: a certificate for {@code name} (a {@link LoopbackNames} name),
   * {@code localhost} and {@code bindHost}, and whether it requires a client certificate.
   */
  ServerTls server(String name, String bindHost, boolean needClientAuth) {
    List<String> dns = new ArrayList<>(List.of(name, "localhost"));
    List<String> ips = new ArrayList<>();
    if (Character.isDigit(bindHost.charAt(0)) || bindHost.indexOf(':') >= 0) {
      ips.add(bindHost);
    } else if (!dns.contains(bindHost)) {
      dns.add(bindHost);
    }
    CertificateAuthority.Issued issued = authority.issueServer(name, dns, ips);
    KeyStore keys =
        ServerTls.keyStore(
            "server", issued.keys().getPrivate(), issued.certificate(), authority.certificate());
    return new ServerTls(ServerTls.context(keys, trustStore()), needClientAuth);
  }

  /** The CA certificate. */
  public X509Certificate caCertificate() {
    return authority.certificate();
  }

  /** The CA certificate as PEM text ({@code -----BEGIN CERTIFICATE-----}). */
  public String caCertificatePem() {
    return PemText.certificate(authority.certificate());
  }

  /**
   * A PEM file holding only the CA certificate, e.g. for {@code GIT_SSL_CAINFO}, {@code
   * http.sslCAInfo} or {@code SSL_CERT_FILE}.
   */
  public Path caCertificateFile() {
    return caFile;
  }

  /** A new PKCS#12 key store with the CA as its only trusted certificate (no password needed). */
  public KeyStore trustStore() {
    return ServerTls.trustStore(authority.certificate());
  }

  /** A new TLS context trusting only this CA and presenting no client certificate. */
  public SSLContext sslContext() {
    return ServerTls.context(null, trustStore());
  }

  /** Whether the entry and replicas require a client certificate. */
  public boolean requiresClientCertificate() {
    return clientCertificateRequired;
  }

  /** The RSA client certificate (issued on first use, then the same one). */
  public ClientCertificate clientCertificate() {
    return clientCertificate(ClientCertificate.KeyType.RSA);
  }

  /** The client certificate with a key of {@code type} (issued on first use, then the same one). */
  public synchronized ClientCertificate clientCertificate(ClientCertificate.KeyType type) {
    return clients.computeIfAbsent(type, t -> ClientCertificate.issue(authority, t, dir));
  }

  @Override
  public String toString() {
    return "ClusterTls["
        + caFile
        + (clientCertificateRequired ? ", client certificates" : "")
        + "]";
  }
}
