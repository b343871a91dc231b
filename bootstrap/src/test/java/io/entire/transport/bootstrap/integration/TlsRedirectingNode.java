package io.entire.transport.bootstrap.integration;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * A minimal https server on 127.0.0.1 that answers every request with a 307 to {@code locationBase}
 * + the request target, for the https→http redirect rule (X5), which needs a real TLS origin. Its
 * self-signed certificate is generated at start by the JDK's {@code keytool} into a directory the
 * caller owns; clients must skip TLS verification.
 *
 * <p>Thread-safe; the creator closes it.
 */
final class TlsRedirectingNode implements AutoCloseable {
  private static final String HOST = "127.0.0.1";

  /** A throw-away keystore password; the keystore lives in a per-test directory. */
  private static final char[] STORE_PASSWORD = "integration-keystore".toCharArray();

  private final HttpsServer server;
  private final String locationBase;
  private final String replicasHeader;
  private final List<Boolean> authorizationSeen = new CopyOnWriteArrayList<>();

  private TlsRedirectingNode(HttpsServer server, String locationBase, String replicasHeader) {
    this.server = server;
    this.locationBase = locationBase;
    this.replicasHeader = replicasHeader;
  }

  /**
   * Generates a certificate in {@code workDir} and starts the server.
   *
   * @param locationBase what each redirect points at, e.g. {@code http://127.0.0.1:4711}
   */
  static TlsRedirectingNode start(Path workDir, String locationBase)
      throws IOException, GeneralSecurityException, InterruptedException {
    return start(workDir, locationBase, null);
  }

  /**
   * Like {@link #start(Path, String)}, and every redirect also carries {@code X-Entire-Replicas}.
   *
   * @param replicasHeader the header's value, or null for none
   */
  static TlsRedirectingNode start(Path workDir, String locationBase, String replicasHeader)
      throws IOException, GeneralSecurityException, InterruptedException {
    SSLContext tls = SSLContext.getInstance("TLS");
    tls.init(keyManagers(selfSignedKeystore(workDir)), null, null);
    HttpsServer server =
        HttpsServer.create(new InetSocketAddress(InetAddress.getByName(HOST), 0), 0);
    server.setHttpsConfigurator(new HttpsConfigurator(tls));
    TlsRedirectingNode node = new TlsRedirectingNode(server, locationBase, replicasHeader);
    server.createContext("/", node::redirect);
    server.start();
    return node;
  }

  /** The base URL, {@code https://127.0.0.1:<port>}. */
  String url() {
    return "https://" + HOST + ":" + server.getAddress().getPort();
  }

  /** For each request received so far, whether it carried {@code Authorization}. */
  List<Boolean> authorizationSeen() {
    return List.copyOf(authorizationSeen);
  }

  private void redirect(HttpExchange exchange) throws IOException {
    try (exchange) {
      authorizationSeen.add(exchange.getRequestHeaders().containsKey("Authorization"));
      exchange.getRequestBody().readAllBytes();
      exchange
          .getResponseHeaders()
          .add("Location", locationBase + exchange.getRequestURI().toString());
      if (replicasHeader != null) {
        exchange.getResponseHeaders().add("X-Entire-Replicas", replicasHeader);
      }
      exchange.sendResponseHeaders(307, -1);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }

  private static KeyStore selfSignedKeystore(Path workDir)
      throws IOException, GeneralSecurityException, InterruptedException {
    Path file = workDir.resolve("tls-node.p12");
    String password = new String(STORE_PASSWORD);
    Process keytool =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair",
                "-alias",
                "node",
                "-keyalg",
                "EC",
                "-groupname",
                "secp256r1",
                "-dname",
                "CN=" + HOST,
                "-ext",
                "SAN=ip:" + HOST,
                "-validity",
                "2",
                "-keystore",
                file.toString(),
                "-storetype",
                "PKCS12",
                "-storepass",
                password,
                "-keypass",
                password)
            .redirectErrorStream(true)
            .start();
    keytool.getOutputStream().close();
    String output;
    try (InputStream in = keytool.getInputStream()) {
      output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    if (!keytool.waitFor(30, TimeUnit.SECONDS) || keytool.exitValue() != 0) {
      keytool.destroyForcibly();
      throw new IOException("keytool could not create a test certificate: " + output);
    }
    KeyStore store = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(file)) {
      store.load(in, STORE_PASSWORD);
    }
    return store;
  }

  private static KeyManager[] keyManagers(KeyStore store) throws GeneralSecurityException {
    KeyManagerFactory factory =
        KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    factory.init(store, STORE_PASSWORD);
    return factory.getKeyManagers();
  }
}
