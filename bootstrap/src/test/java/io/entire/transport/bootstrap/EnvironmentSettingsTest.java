package io.entire.transport.bootstrap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.entire.transport.EntireClient;
import io.entire.transport.application.port.in.LowSpeedLimit;
import io.entire.transport.application.port.in.TransportConfig;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** DESIGN §7 environment: timeouts, git's low-speed variables, flags. */
// Reads back what applyTo(TransportConfig.Builder) sets: the settings TransportConfig deprecates.
@SuppressWarnings("deprecation")
class EnvironmentSettingsTest {
  private final ByteArrayOutputStream warnings = new ByteArrayOutputStream();
  private final PrintStream stderr = new PrintStream(warnings, true, StandardCharsets.UTF_8);

  private EnvironmentSettings read(Map<String, String> env) {
    return EnvironmentSettings.from(env, stderr);
  }

  private List<String> warningLines() {
    return warnings.toString(StandardCharsets.UTF_8).lines().toList();
  }

  @Test
  void defaultsWhenNothingIsSet() {
    EnvironmentSettings settings = read(Map.of());
    assertEquals(
        new EnvironmentSettings(Duration.ofSeconds(2), Duration.ofSeconds(60), false, false, false),
        settings);
    assertEquals(List.of(), warningLines());
  }

  @Test
  void readsEveryVariable() {
    EnvironmentSettings settings =
        read(
            Map.of(
                "ENTIRE_CONNECT_TIMEOUT_SECONDS", "5",
                "ENTIRE_READ_TIMEOUT_SECONDS", " 90 ",
                "ENTIRE_TLS_SKIP_VERIFY", "true",
                "ENTIRE_ALLOW_HTTP", "TRUE",
                "ENTIRE_DEBUG", "1"));
    assertEquals(
        new EnvironmentSettings(Duration.ofSeconds(5), Duration.ofSeconds(90), true, true, true),
        settings);
    assertEquals(List.of(), warningLines());
  }

  @Test
  void D2_hedgeDelayIsReadInMillisecondsAndZeroTurnsHedgingOff() {
    assertEquals(Duration.ofSeconds(1), read(Map.of()).hedgeDelay());
    assertEquals(Duration.ofMillis(300), read(Map.of("ENTIRE_HEDGE_DELAY_MS", "300")).hedgeDelay());
    assertEquals(Duration.ZERO, read(Map.of("ENTIRE_HEDGE_DELAY_MS", "0")).hedgeDelay());
    assertEquals(List.of(), warningLines());
  }

  @ParameterizedTest
  @ValueSource(strings = {"-1", "1s", "0.5"})
  void D2_anInvalidHedgeDelayWarnsOnceAndUsesTheDefault(String value) {
    EnvironmentSettings settings = read(Map.of("ENTIRE_HEDGE_DELAY_MS", value));
    assertEquals(Duration.ofSeconds(1), settings.hedgeDelay());
    List<String> lines = warningLines();
    assertEquals(1, lines.size(), lines.toString());
    assertTrue(lines.get(0).startsWith("warning: ignoring ENTIRE_HEDGE_DELAY_MS='"), lines.get(0));
    assertTrue(lines.get(0).endsWith("using the default of 1000 ms"), lines.get(0));
  }

  @ParameterizedTest
  @ValueSource(strings = {"abc", "0", "-3", "1.5", "99999999999999999999", "2s"})
  void invalidConnectTimeoutWarnsOnceAndUsesTheDefault(String value) {
    EnvironmentSettings settings = read(Map.of("ENTIRE_CONNECT_TIMEOUT_SECONDS", value));
    assertEquals(Duration.ofSeconds(2), settings.connectTimeout());
    List<String> lines = warningLines();
    assertEquals(1, lines.size(), lines.toString());
    assertTrue(
        lines.get(0).startsWith("warning: ignoring ENTIRE_CONNECT_TIMEOUT_SECONDS='" + value + "'"),
        lines.get(0));
    assertTrue(lines.get(0).endsWith("using the default of 2 s"), lines.get(0));
  }

  @Test
  void invalidReadTimeoutWarnsOnceAndUsesTheDefault() {
    EnvironmentSettings settings = read(Map.of("ENTIRE_READ_TIMEOUT_SECONDS", "never"));
    assertEquals(Duration.ofSeconds(60), settings.readTimeout());
    assertEquals(1, warningLines().size());
    assertTrue(warningLines().get(0).contains("ENTIRE_READ_TIMEOUT_SECONDS='never'"));
  }

  @Test
  void warningsShowNoControlCharacters() {
    read(Map.of("ENTIRE_READ_TIMEOUT_SECONDS", "1\n2\u001b[31m"));
    assertEquals(1, warningLines().size());
    assertFalse(warnings.toString(StandardCharsets.UTF_8).contains("\u001b"));
  }

  @Test
  void lowSpeedVariablesBecomeGitsLowSpeedRule() {
    EnvironmentSettings settings =
        read(Map.of("GIT_HTTP_LOW_SPEED_LIMIT", " 1000 ", "GIT_HTTP_LOW_SPEED_TIME", "10"));
    assertEquals(new LowSpeedLimit(1000, Duration.ofSeconds(10)), settings.lowSpeedLimit());
    assertEquals(
        new LowSpeedLimit(5_000_000_000L, Duration.ofSeconds(1)),
        read(Map.of("GIT_HTTP_LOW_SPEED_LIMIT", "5000000000", "GIT_HTTP_LOW_SPEED_TIME", "1"))
            .lowSpeedLimit(),
        "a limit is a rate, not bounded like a timeout");
    assertEquals(List.of(), warningLines());
  }

  @Test
  void lowSpeedTimeShortensTheReadTimeoutWhenTheLimitIsPositive() {
    assertEquals(
        Duration.ofSeconds(10),
        read(Map.of("GIT_HTTP_LOW_SPEED_LIMIT", "1000", "GIT_HTTP_LOW_SPEED_TIME", "10"))
            .readTimeout());
    assertEquals(
        Duration.ofSeconds(30),
        read(Map.of(
                "ENTIRE_READ_TIMEOUT_SECONDS", "30",
                "GIT_HTTP_LOW_SPEED_LIMIT", "1",
                "GIT_HTTP_LOW_SPEED_TIME", "300"))
            .readTimeout(),
        "never lengthens the read timeout");
  }

  @Test
  void lowSpeedIsIgnoredWithoutBothVariablesOrWithAZeroLimit() {
    assertEquals(LowSpeedLimit.OFF, read(Map.of()).lowSpeedLimit());
    assertEquals(
        LowSpeedLimit.OFF,
        read(Map.of("GIT_HTTP_LOW_SPEED_LIMIT", "0", "GIT_HTTP_LOW_SPEED_TIME", "10"))
            .lowSpeedLimit());
    assertEquals(LowSpeedLimit.OFF, read(Map.of("GIT_HTTP_LOW_SPEED_TIME", "10")).lowSpeedLimit());
    assertEquals(
        LowSpeedLimit.OFF, read(Map.of("GIT_HTTP_LOW_SPEED_LIMIT", "1000")).lowSpeedLimit());
    assertEquals(
        Duration.ofSeconds(60),
        read(Map.of("GIT_HTTP_LOW_SPEED_LIMIT", "0", "GIT_HTTP_LOW_SPEED_TIME", "10"))
            .readTimeout());
    assertEquals(
        Duration.ofSeconds(60), read(Map.of("GIT_HTTP_LOW_SPEED_TIME", "10")).readTimeout());
    assertEquals(
        Duration.ofSeconds(60), read(Map.of("GIT_HTTP_LOW_SPEED_LIMIT", "1000")).readTimeout());
    assertEquals(List.of(), warningLines());
  }

  @Test
  void invalidLowSpeedValuesWarnAndAreIgnored() {
    EnvironmentSettings settings =
        read(Map.of("GIT_HTTP_LOW_SPEED_LIMIT", "fast", "GIT_HTTP_LOW_SPEED_TIME", "10"));
    assertEquals(Duration.ofSeconds(60), settings.readTimeout());
    assertEquals(LowSpeedLimit.OFF, settings.lowSpeedLimit());
    assertEquals(1, warningLines().size());
    assertTrue(warningLines().get(0).contains("GIT_HTTP_LOW_SPEED_LIMIT"));
  }

  @Test
  void unknownFlagValueWarnsAndCountsAsFalse() {
    EnvironmentSettings settings = read(Map.of("ENTIRE_TLS_SKIP_VERIFY", "yes please"));
    assertFalse(settings.skipTlsVerify());
    assertEquals(1, warningLines().size());
    assertTrue(warningLines().get(0).contains("ENTIRE_TLS_SKIP_VERIFY"));
  }

  @Test
  void appliesTimeoutsLowSpeedRuleAndTlsFlagToTheConfigBuilder() {
    EnvironmentSettings settings =
        read(
            Map.of(
                "ENTIRE_CONNECT_TIMEOUT_SECONDS", "7",
                "ENTIRE_READ_TIMEOUT_SECONDS", "8",
                "GIT_HTTP_LOW_SPEED_LIMIT", "1000",
                "GIT_HTTP_LOW_SPEED_TIME", "30",
                "ENTIRE_TLS_SKIP_VERIFY", "true"));
    TransportConfig config =
        settings
            .applyTo(TransportConfig.builder().entryUrl("https://eu.example.dev").repoPath("/et/r"))
            .build();
    assertEquals(Duration.ofSeconds(7), config.connectTimeout());
    assertEquals(Duration.ofSeconds(8), config.readTimeout());
    assertEquals(new LowSpeedLimit(1000, Duration.ofSeconds(30)), config.lowSpeedLimit());
    assertTrue(config.skipTlsVerify());
  }

  // G1: ENTIRE_ALLOW_HTTP reaches the configuration, which otherwise refuses plain http to a
  // non-loopback entry.
  @Test
  void allowHttpReachesTheConfigBuilder() {
    TransportConfig.Builder plainHttp =
        TransportConfig.builder().entryUrl("http://eu.example.dev").repoPath("/et/r");
    assertThrows(IllegalArgumentException.class, () -> read(Map.of()).applyTo(plainHttp).build());
    TransportConfig allowed = read(Map.of("ENTIRE_ALLOW_HTTP", "true")).applyTo(plainHttp).build();
    assertTrue(allowed.allowHttp());
  }

  @Test
  void theSameSettingsReachAClientBuilder() {
    Map<String, String> env =
        Map.of(
            "ENTIRE_CONNECT_TIMEOUT_SECONDS", "7",
            "ENTIRE_READ_TIMEOUT_SECONDS", "8",
            "GIT_HTTP_LOW_SPEED_LIMIT", "1000",
            "GIT_HTTP_LOW_SPEED_TIME", "30",
            "ENTIRE_TLS_SKIP_VERIFY", "true",
            "ENTIRE_ALLOW_HTTP", "true");
    EnvironmentSettings settings = read(env);
    try (EntireClient client =
        settings.applyTo(EntireClient.builder()).authentication(new NoAuthModule()).build()) {
      // The client accepts exactly the configurations that carry its settings (L2), and opening
      // does no I/O, so a plain-http host that does not exist is fine to open.
      TransportConfig same =
          settings
              .applyTo(
                  TransportConfig.builder().entryUrl("http://eu.example.dev").repoPath("/et/r"))
              .build();
      client.open(same).close();
      client.open("http://eu.example.dev/et/r").close();
      TransportConfig defaults =
          TransportConfig.builder().entryUrl("https://eu.example.dev").repoPath("/et/r").build();
      IllegalArgumentException refused =
          assertThrows(IllegalArgumentException.class, () -> client.open(defaults));
      assertTrue(refused.getMessage().contains("connectTimeout"), refused.getMessage());
    }
    try (EntireClient strict =
        read(Map.of()).applyTo(EntireClient.builder()).authentication(new NoAuthModule()).build()) {
      assertThrows(IllegalArgumentException.class, () -> strict.open("http://eu.example.dev/et/r"));
    }
  }
}
