package io.entire.transport.adapters.http;

import java.io.InputStream;
import java.security.KeyStore;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/** The server side of TLS tests: a self-signed certificate for replica.cluster.test only. */
final class TestTls {
  private static final char[] PASSWORD = "test-only-password".toCharArray();

  private TestTls() {}

  /** The server's certificate, trusting the client certificates issued by {@code trust}'s CAs. */
  static SSLContext serverContext(KeyStore trust) throws Exception {
    javax.net.ssl.TrustManagerFactory trusted =
        javax.net.ssl.TrustManagerFactory.getInstance(
            javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
    trusted.init(trust);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(keyManagers(), trusted.getTrustManagers(), null);
    return context;
  }

  static SSLContext serverContext() throws Exception {
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(keyManagers(), null, null);
    return context;
  }

  private static javax.net.ssl.KeyManager[] keyManagers() throws Exception {
    KeyStore store = KeyStore.getInstance("PKCS12");
    try (InputStream in = TestTls.class.getResourceAsStream("/tls/server.p12")) {
      store.load(in, PASSWORD);
    }
    KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    keys.init(store, PASSWORD);
    return keys.getKeyManagers();
  }
}
