package io.entire.transport.bootstrap;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.entire.transport.domain.CredentialException;
import io.entire.transport.domain.TransportException;
import java.net.ServerSocket;
import java.net.URI;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The README examples compile (they live in {@link ReadmeExamples}) and are wired: run against a
 * closed loopback port, each fails where its authentication or transport says, never in the wiring.
 * A failed discovery writes no replica cache (H2), so they leave nothing behind. The laptop example
 * is not run: it would ask the machine's real git credential helpers.
 */
class ReadmeExamplesTest {

  private static String closedPortUrl() throws Exception {
    try (ServerSocket socket = new ServerSocket(0)) {
      return "http://127.0.0.1:" + socket.getLocalPort();
    }
  }

  @Test
  void ciExampleReachesTheNetwork() throws Exception {
    TransportException e =
        assertThrows(
            TransportException.class,
            () ->
                ReadmeExamples.ci(
                    Map.of("ENTIRE_TOKEN", "ci-token", "ENTIRE_CONNECT_TIMEOUT_SECONDS", "1"),
                    closedPortUrl()));
    assertTrue(e.getMessage().contains("127.0.0.1"), e.getMessage());
  }

  @Test
  void serviceExampleAsksTheTokenEndpointFirst() throws Exception {
    String endpoint = closedPortUrl() + "/token";
    CredentialException e =
        assertThrows(
            CredentialException.class,
            () ->
                ReadmeExamples.service(
                    "login-token", URI.create(endpoint), "https://eu.example.dev"));
    assertTrue(e.getMessage().startsWith("token exchange at " + endpoint), e.getMessage());
  }

  @Test
  void laptopExampleIsCompiled() throws Exception {
    // Referencing the method keeps it compiled and callable; running it would prompt the user.
    assertTrue(ReadmeExamples.class.getDeclaredMethod("laptop").getReturnType() == byte[].class);
  }
}
