package io.entire.transport.bootstrap.helper;

import io.entire.transport.adapters.cache.FileReplicaCache;
import io.entire.transport.adapters.http.ApacheHttpExchange;
import io.entire.transport.adapters.http.HttpClientPublicSuffixList;
import java.nio.file.Path;
import java.time.Clock;

/**
 * git starts the helper for every fetch, push and ls-remote, so startup time is user-visible. The
 * slow parts of wiring a transport are independent (reading the replica cache, loading the public
 * suffix list, initialising the socket classes, the default TLS context with its CA certificates),
 * so they start on daemon threads while the main thread wires the transport; whoever needs one
 * first waits for it through class initialisation.
 */
final class StartupWarmUp {
  private StartupWarmUp() {}

  static void begin(
      Path cacheFile, String cacheKey, String clusterHost, String repoPath, boolean https) {
    // First: the transport waits for the cached replicas before anything else.
    start(
        "cache", () -> new FileReplicaCache(cacheFile, Clock.systemUTC()).load(cacheKey, repoPath));
    boolean dnsName = !clusterHost.startsWith("[") && !clusterHost.matches("[0-9.]+");
    start("psl", () -> publicSuffixList(clusterHost, dnsName));
    start("net", ApacheHttpExchange::initialiseConnectionClasses);
    if (https) {
      start("tls", StartupWarmUp::defaultTlsContext);
    }
  }

  private static void publicSuffixList(String clusterHost, boolean dnsName) {
    // Even unused, initialising the list's types links a lambda that the startup archive does not
    // hold (it sits in an interface's static initialiser), which costs milliseconds.
    HttpClientPublicSuffixList list = HttpClientPublicSuffixList.getDefault();
    if (dnsName) {
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

  private static void start(String name, Runnable work) {
    Thread thread =
        new Thread(
            () -> {
              try {
                work.run();
              } catch (RuntimeException ignored) {
                // Only a head start: the real use of each piece reports its own errors.
              }
            },
            "warm-up-" + name);
    thread.setDaemon(true);
    thread.start();
  }
}
