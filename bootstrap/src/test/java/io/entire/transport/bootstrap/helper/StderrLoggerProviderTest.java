package io.entire.transport.bootstrap.helper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;

/**
 * G8: the helper's slf4j backend writes one line per message on stderr, debug only with
 * ENTIRE_DEBUG, HttpClient's loggers never below info, stack traces only when debugging.
 */
class StderrLoggerProviderTest {
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private PrintStream original;
  private final StderrLoggerProvider provider = new StderrLoggerProvider();

  @BeforeEach
  void captureStderr() {
    original = System.err;
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    provider.initialize();
  }

  @AfterEach
  void restore() {
    System.setErr(original);
    StderrLoggerProvider.debug(false);
  }

  private String stderr() {
    return err.toString(StandardCharsets.UTF_8);
  }

  private Logger logger(String name) {
    return provider.getLoggerFactory().getLogger(name);
  }

  @Test
  void G8_warningsAlwaysDebugOnlyWithEntireDebug() {
    Logger log = logger("io.entire.transport.adapters.cache.FileReplicaCache");

    log.debug("hidden {}", 1);
    log.info("hidden too");
    log.warn("cache {} is corrupt", "/tmp/nodes.json");
    assertEquals("[WARN] FileReplicaCache - cache /tmp/nodes.json is corrupt\n", stderr());

    StderrLoggerProvider.debug(true);
    log.debug("now {}", "shown");
    assertTrue(
        stderr()
            .lines()
            .anyMatch(
                l ->
                    l.matches(
                        "\\d\\d:\\d\\d:\\d\\d\\.\\d{3} \\[DEBUG] "
                            + "FileReplicaCache - now shown")),
        stderr());
  }

  @Test
  void G8_httpClientsOwnLoggersStayAtInfoWhenDebugging() {
    StderrLoggerProvider.debug(true);
    Logger headers = logger("org.apache.hc.client5.http.headers");

    headers.debug("Authorization: Bearer secret-token");
    assertFalse(headers.isDebugEnabled());
    assertEquals("", stderr());
    headers.info("shown");
    assertTrue(stderr().contains("[INFO] headers - shown"), stderr());
  }

  @Test
  void G8_aStackTraceOnlyWhenDebugging() {
    Logger log = logger("x.Y");
    IllegalStateException problem = new IllegalStateException("boom");

    log.warn("failed", problem);
    assertEquals("[WARN] Y - failed\n", stderr());

    StderrLoggerProvider.debug(true);
    log.warn("failed", problem);
    assertTrue(stderr().contains("java.lang.IllegalStateException: boom"), stderr());
    assertTrue(stderr().contains("\tat "), stderr());
  }

  @Test
  void G8_oneLoggerPerName() {
    assertTrue(logger("a.B") == logger("a.B"));
  }
}
