package io.entire.transport.adapters.http;

import static io.entire.transport.adapters.http.ApacheHttpExchangeTest.get;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.entire.transport.application.port.in.Cancellation;
import io.entire.transport.application.port.out.HttpResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 3: TLS 1.2+. The adapter offers TLS 1.2 and 1.3 only, whatever the JVM would allow.
 *
 * <p>The JDK's own {@code jdk.tls.disabledAlgorithms} already disables TLS 1.0 and 1.1, which would
 * hide a missing restriction of ours, so the TLS 1.1 case runs {@link TlsVersionFloorProbe} in a
 * child JVM whose security properties re-enable TLS 1.1, and the probe first proves that a plain
 * JDK client does get a TLS 1.1 connection there.
 */
class TlsVersionFloorTest {
  private static final Duration CHILD_TIMEOUT = Duration.ofSeconds(60);

  @TempDir Path temp;

  @Test
  void tls12PlusRefusesATls11ServerEvenWhereTheJvmAllowsTls11() throws Exception {
    Path security = temp.resolve("allow-tls11.security");
    // Overrides only this property: the JDK 17 default minus TLSv1.1.
    Files.writeString(
        security,
        "jdk.tls.disabledAlgorithms=SSLv3, TLSv1, DTLSv1.0, RC4, DES, MD5withRSA,"
            + " DH keySize < 1024, EC keySize < 224, 3DES_EDE_CBC, anon, NULL, ECDH\n");
    Path output = temp.resolve("probe.out");
    Process probe =
        new ProcessBuilder(
                List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Djava.security.properties=" + security,
                    "-cp",
                    System.getProperty("java.class.path"),
                    TlsVersionFloorProbe.class.getName()))
            .redirectErrorStream(true)
            .redirectOutput(output.toFile())
            .start();
    probe.getOutputStream().close();
    if (!probe.waitFor(CHILD_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
      probe.descendants().forEach(ProcessHandle::destroyForcibly);
      probe.destroyForcibly().waitFor();
      fail("the probe did not finish within " + CHILD_TIMEOUT + ":\n" + read(output));
    }
    String out = read(output);
    assertEquals(0, probe.exitValue(), out);
    assertTrue(
        out.contains(TlsVersionFloorProbe.CONTROL_OK),
        "TLS 1.1 must work in the probe's JVM, or the adapter's refusal proves nothing:\n" + out);
    assertTrue(
        out.contains(TlsVersionFloorProbe.ADAPTER_REFUSED),
        "the adapter must refuse a TLS 1.1-only server:\n" + out);
  }

  /** Issue 3: TLS 1.2+ means 1.2 is still offered, not only 1.3. */
  @Test
  void tls12PlusAcceptsATls12OnlyServer() throws Exception {
    try (RawHttpServer server =
            RawHttpServer.startTls(
                TestTls.serverContext(),
                new String[] {"TLSv1.2"},
                c -> {
                  while (c.readRequest() != null) {
                    c.respond(200, "tls12");
                  }
                });
        ApacheHttpExchange http =
            new ApacheHttpExchange(
                new HttpSettings(
                    Duration.ofSeconds(5), Duration.ofSeconds(5), true, "entire-test"));
        HttpResponse response = http.exchange(get(server.uri("/r")), new Cancellation())) {
      assertEquals(200, response.status());
      assertEquals("tls12", new String(response.body().readAllBytes(), StandardCharsets.UTF_8));
    }
  }

  private static String read(Path output) throws IOException {
    return Files.exists(output) ? Files.readString(output, StandardCharsets.UTF_8) : "";
  }
}
