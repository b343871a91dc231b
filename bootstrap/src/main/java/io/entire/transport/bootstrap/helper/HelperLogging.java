package io.entire.transport.bootstrap.helper;

/**
 * Makes the helper's {@link StderrLoggerProvider} slf4j's backend before the first logger exists:
 * everything goes to stderr (stdout carries only protocol, G8), debug only with {@code
 * ENTIRE_DEBUG}.
 */
final class HelperLogging {
  private HelperLogging() {}

  /** Names the backend, at once: slf4j then neither searches the class path nor substitutes. */
  static void install() {
    // Names the backend instead of letting slf4j search the class path for one with a
    // ServiceLoader. slf4j then reports the choice at its INFO level, on stderr, unless its own
    // verbosity is WARN.
    setIfAbsent("slf4j.provider", StderrLoggerProvider.class.getName());
    setIfAbsent("slf4j.internal.verbosity", "WARN");
  }

  /** Debug messages (and stack traces) only with {@code ENTIRE_DEBUG}. */
  static void configure(boolean debug) {
    install();
    StderrLoggerProvider.debug(debug);
  }

  private static void setIfAbsent(String key, String value) {
    if (System.getProperty(key) == null) {
      System.setProperty(key, value);
    }
  }
}
