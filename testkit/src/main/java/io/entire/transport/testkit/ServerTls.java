package io.entire.transport.testkit;

import java.io.IOException;
import java.net.ServerSocket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.TrustManagerFactory;

/**
 * How one {@link LoopbackHttpServer} serves TLS: its context (its own certificate, and the cluster
 * CA as the only trusted issuer of client certificates) and whether it requires a client
 * certificate, or only asks for one. Also the key-store plumbing the testkit's TLS classes share.
 *
 * <p>Immutable and thread-safe.
 *
 * @param context the server context
 * @param needClientAuth whether a handshake without a client certificate the CA issued fails
 * @param wantClientAuth whether the handshake asks for a client certificate without requiring one
 *     (so the request log shows whether a client presented one)
 */
record ServerTls(SSLContext context, boolean needClientAuth, boolean wantClientAuth) {

  /** A setup that requires a client certificate, or neither requires nor asks for one. */
  ServerTls(SSLContext context, boolean needClientAuth) {
    this(context, needClientAuth, false);
  }

  /** This setup, asking for a client certificate without requiring one. */
  ServerTls asking() {
    return new ServerTls(context, false, true);
  }

  /** TLS 1.2 and 1.3 only, as the client requires. */
  static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

  /** The password of the in-memory key stores: they never leave the JVM. */
  static final char[] STORE_PASSWORD = "entire-testkit".toCharArray();

  /**
   * A new, unbound listening socket; its handshakes run on the connection threads at first read.
   */
  ServerSocket newServerSocket() throws IOException {
    SSLServerSocket socket =
        (SSLServerSocket) context.getServerSocketFactory().createServerSocket();
    socket.setEnabledProtocols(PROTOCOLS);
    if (needClientAuth) {
      socket.setNeedClientAuth(true);
    } else {
      socket.setWantClientAuth(wantClientAuth);
    }
    return socket;
  }

  /** A PKCS#12 store holding one key entry {@code alias} with its chain. */
  static KeyStore keyStore(String alias, PrivateKey key, X509Certificate... chain) {
    try {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      store.setKeyEntry(alias, key, STORE_PASSWORD, chain.clone());
      return store;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot build a key store: " + e.getMessage(), e);
    }
  }

  /** A PKCS#12 store trusting only {@code ca}. */
  static KeyStore trustStore(X509Certificate ca) {
    try {
      KeyStore store = KeyStore.getInstance("PKCS12");
      store.load(null, null);
      store.setCertificateEntry("entire-testkit-ca", ca);
      return store;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot build a trust store: " + e.getMessage(), e);
    }
  }

  /**
   * A TLS context presenting the key of {@code keys} (when not null) and trusting {@code trust}.
   */
  static SSLContext context(KeyStore keys, KeyStore trust) {
    try {
      KeyManagerFactory kmf = null;
      if (keys != null) {
        kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keys, STORE_PASSWORD);
      }
      TrustManagerFactory tmf =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(trust);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot build a TLS context: " + e.getMessage(), e);
    }
  }
}
