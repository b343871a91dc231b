package io.entire.transport.bootstrap.helper;

import io.entire.transport.adapters.http.ApacheHttpExchange;
import io.entire.transport.adapters.http.HttpClientPublicSuffixList;
import java.nio.file.Path;
import org.slf4j.LoggerFactory;

/**
 * git starts the helper for every fetch, push and ls-remote, so startup time is user-visible. The
 * slow parts of wiring a transport are independent (loading the public suffix list, initialising
 * the socket classes, the default TLS context with its CA certificates), so they start on daemon
 * threads while the main thread wires the transport; whoever needs one first waits for it through
 * class initialisation. The JVM's default trust store is built only when the settings say a TLS
 * connection will use it.
 */
final class StartupWarmUp {
  private StartupWarmUp() {}

  /**
   * Starts what needs no settings, as the process's first work: initialising the socket classes;
   * and, when the launcher names a {@link StartupClassList} (no startup archive), loading the
   * classes it lists. (Reading the replica cache file here too stopped paying once its reader was
   * cheap: DESIGN §7.)
   */
  static void early() {
    // slf4j initialised on this thread, once, before a warm-up thread asks for a logger: slf4j
    // initialised by racing threads warns on stderr about loggers it had to substitute.
    LoggerFactory.getILoggerFactory();
    // First: without a startup archive, loading classes is the largest part of a start.
    String classList = System.getProperty(StartupClassList.PROPERTY);
    if (classList != null) {
      new Task(Work.CLASSES, classList).start();
    }
    new Task(Work.NET, null).start();
  }

  /**
   * Starts what depends on the remote: the public suffix list and, for https, the handshake's key
   * shares, the TLS context's class and the JDK's anchor certificates.
   */
  static void begin(String clusterHost, boolean https) {
    new Task(Work.PUBLIC_SUFFIXES, clusterHost).start();
    if (https) {
      // The key shares first: they take longest, and the handshake needs them right after the
      // TLS context, before the certificates.
      new Task(Work.KEY_SHARES, null).start();
      new Task(Work.TLS_CONTEXT, null).start();
      new Task(Work.ANCHORS, null).start();
    }
  }

  /**
   * Starts loading the JVM's default trust store (its CA certificates: tens of milliseconds) once
   * the settings say a TLS connection will use it: no PEM bundle replaces it (N2) and verification
   * is on. With a bundle the default trust is never read.
   */
  static void defaultTrust() {
    new Task(Work.DEFAULT_TRUST, null).start();
  }

  private static boolean isDottedNumbers(String host) {
    for (int i = 0; i < host.length(); i++) {
      char c = host.charAt(i);
      if (c != '.' && (c < '0' || c > '9')) {
        return false;
      }
    }
    return !host.isEmpty();
  }

  private static void publicSuffixList(String clusterHost) {
    // Even unused, initialising the list's types links a lambda that the startup archive does not
    // hold (it sits in an interface's static initialiser), which costs milliseconds.
    HttpClientPublicSuffixList list = HttpClientPublicSuffixList.getDefault();
    if (!clusterHost.startsWith("[") && !isDottedNumbers(clusterHost)) {
      // The trust domain asks about DNS names only; an IP cluster never parses the list.
      list.publicSuffixOf(clusterHost);
    }
  }

  private static void defaultTlsContext() {
    try {
      javax.net.ssl.SSLContext.getDefault();
    } catch (java.security.NoSuchAlgorithmException e) {
      // The real client reports TLS problems when it needs TLS.
    }
  }

  /**
   * Initialises the TLS context's class (JSSE's protocol and cipher suite tables: ~25 ms of a cold
   * start), which every TLS connection needs whatever trust it uses.
   */
  private static void tlsContext() {
    try {
      javax.net.ssl.SSLContext.getInstance("TLS");
    } catch (java.security.NoSuchAlgorithmException e) {
      // The real client reports TLS problems when it needs TLS.
    }
  }

  /**
   * Makes, and throws away, one key pair of each kind a TLS 1.3 client hello carries a key share of
   * (the JDK offers its most preferred group of each type: x25519 and secp256r1). A JVM's first
   * secp256r1 key is the costly one: JDK 25 first computes a table for the curve's generator
   * (~60–100 ms of interpreted arithmetic here), which the handshake would otherwise do on {@code
   * main} right after connecting. On its own thread it gets ahead of {@code main}; behind the TLS
   * context on one thread it did not (https ls-remote ~10 ms faster in four interleaved series).
   */
  private static void keyShares() {
    try {
      java.security.KeyPairGenerator ec = java.security.KeyPairGenerator.getInstance("EC");
      ec.initialize(new java.security.spec.ECGenParameterSpec("secp256r1"));
      ec.generateKeyPair();
      java.security.KeyPairGenerator.getInstance("X25519").generateKeyPair();
    } catch (java.security.GeneralSecurityException e) {
      // A JDK without one of them: the handshake offers what it has, as without this.
    }
  }

  /**
   * Initialises JSSE's set of the JDK's own CA certificates ({@code
   * sun.security.util.AnchorCertificates}, which reads the whole {@code cacerts} file): JSSE's host
   * name check consults it on the first TLS connection whatever the trust, a PEM bundle included
   * (~40 ms of CPU that was on {@code main}'s path). A JDK-internal class, named rather than
   * linked: a JDK without it simply has nothing to warm up here.
   */
  private static void jdkAnchorCertificates() {
    try {
      Class.forName("sun.security.util.AnchorCertificates", true, null);
    } catch (ClassNotFoundException | LinkageError e) {
      // Another JDK's internals: the handshake does whatever it needs itself.
    }
  }

  /** What a warm-up thread does; its name is the thread's ({@code warm-up-<name>}). */
  private enum Work {
    CLASSES("classes"),
    NET("net"),
    PUBLIC_SUFFIXES("psl"),
    KEY_SHARES("keys"),
    TLS_CONTEXT("tls"),
    ANCHORS("anchors"),
    DEFAULT_TRUST("trust");

    private final String threadName;

    Work(String name) {
      this.threadName = "warm-up-" + name;
    }
  }

  /**
   * One warm-up on a daemon thread. One class for every kind rather than a lambda each: without a
   * startup archive, each lambda's first use costs {@code main} ~0.4 ms, and the class preload
   * would start that much later (DESIGN §7).
   */
  private static final class Task extends Thread {
    private final Work work;
    private final String argument;

    /**
     * @param argument the class list's path ({@link Work#CLASSES}) or the cluster's host ({@link
     *     Work#PUBLIC_SUFFIXES})
     */
    Task(Work work, String argument) {
      super(work.threadName);
      this.work = work;
      this.argument = argument;
      setDaemon(true);
    }

    @Override
    public void run() {
      try {
        switch (work) {
          case CLASSES ->
              StartupClassList.preload(Path.of(argument), StartupWarmUp.class.getClassLoader());
          case NET -> ApacheHttpExchange.initialiseConnectionClasses();
          case PUBLIC_SUFFIXES -> publicSuffixList(argument);
          case KEY_SHARES -> keyShares();
          case TLS_CONTEXT -> tlsContext();
          case ANCHORS -> jdkAnchorCertificates();
          case DEFAULT_TRUST -> defaultTlsContext();
        }
      } catch (RuntimeException ignored) {
        // Only a head start: the real use of each piece reports its own errors.
      }
    }
  }
}
