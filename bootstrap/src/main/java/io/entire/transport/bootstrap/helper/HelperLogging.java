package io.entire.transport.bootstrap.helper;

/**
 * Configures slf4j-simple for the helper before the first logger exists: everything goes to stderr
 * (stdout carries only protocol, G8), debug only with {@code ENTIRE_DEBUG}.
 */
final class HelperLogging {
  private HelperLogging() {}

  static void configure(boolean debug) {
    // Names the backend instead of letting slf4j search the class path for one with a
    // ServiceLoader: that search was most of slf4j's startup cost in this process. slf4j then
    // reports the choice at its INFO level, on stderr, unless its own verbosity is WARN.
    setIfAbsent("slf4j.provider", "org.slf4j.simple.SimpleServiceProvider");
    setIfAbsent("slf4j.internal.verbosity", "WARN");
    setIfAbsent("org.slf4j.simpleLogger.logFile", "System.err");
    setIfAbsent("org.slf4j.simpleLogger.defaultLogLevel", debug ? "debug" : "warn");
    setIfAbsent("org.slf4j.simpleLogger.showThreadName", "false");
    if (debug) {
      // Timestamps make a slow node or a stall visible in an ENTIRE_DEBUG log. Only then: a date
      // format makes slf4j-simple load locale and time zone data, tens of milliseconds at startup.
      setIfAbsent("org.slf4j.simpleLogger.showDateTime", "true");
      setIfAbsent("org.slf4j.simpleLogger.dateTimeFormat", "HH:mm:ss.SSS");
    }
    setIfAbsent("org.slf4j.simpleLogger.showShortLogName", "true");
    setIfAbsent("org.slf4j.simpleLogger.levelInBrackets", "true");
    // HttpClient's own header and wire loggers print Authorization values verbatim; our HTTP
    // adapter logs requests with credentials redacted instead.
    setIfAbsent("org.slf4j.simpleLogger.log.org.apache.hc", "info");
  }

  private static void setIfAbsent(String key, String value) {
    if (System.getProperty(key) == null) {
      System.setProperty(key, value);
    }
  }
}
