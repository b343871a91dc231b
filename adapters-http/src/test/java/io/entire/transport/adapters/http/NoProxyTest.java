package io.entire.transport.adapters.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * N1: {@code NO_PROXY} with curl's rules. The shared table is also run against the real curl on
 * this machine (7.88.1, the libcurl git uses), which must take the same decision.
 */
class NoProxyTest {

  /** list, host, bypassed: cases where curl 7.88.1 and we agree. */
  static Stream<Arguments> sharedWithCurl() {
    return Stream.of(
        Arguments.of("example.com", "example.com", true),
        Arguments.of("example.com", "www.example.com", true),
        Arguments.of(".example.com", "example.com", true),
        Arguments.of(".example.com", "www.example.com", true),
        Arguments.of("example.com", "notexample.com", false),
        Arguments.of("ample.com", "example.com", false),
        Arguments.of("example.com", "example.com.org", false),
        Arguments.of("EXAMPLE.com", "www.Example.COM", true),
        Arguments.of("example.com.", "www.example.com", true),
        Arguments.of("foo,example.com", "example.com", true),
        Arguments.of("foo example.com", "example.com", true),
        Arguments.of("foo, example.com ,bar", "example.com", true),
        Arguments.of("*", "anything.example", true),
        Arguments.of("*", "10.1.2.3", true),
        Arguments.of("foo,*", "example.com", false),
        Arguments.of(" *", "example.com", false),
        Arguments.of("*.example.com", "www.example.com", false),
        Arguments.of("example.com:81", "example.com", false),
        Arguments.of("", "example.com", false),
        Arguments.of("localhost", "127.0.0.1", false),
        Arguments.of("127.0.0.1", "127.0.0.1", true),
        Arguments.of("127.0.0.1", "127.0.0.2", false),
        Arguments.of("127.0.0", "127.0.0.1", false),
        Arguments.of("0.0.1", "127.0.0.1", false),
        Arguments.of("127.0.0.1:81", "127.0.0.1", false),
        Arguments.of("127.0.0.0/8", "127.9.9.9", true),
        Arguments.of("127.0.0.1/8", "127.9.9.9", true),
        Arguments.of("127.0.0.0/24", "127.0.0.2", true),
        Arguments.of("127.0.1.0/24", "127.0.0.2", false),
        Arguments.of("127.0.0.2/32", "127.0.0.2", true),
        Arguments.of("127.0.0.1/33", "127.0.0.1", false),
        Arguments.of("127.0.0.0/0", "127.0.0.2", false),
        Arguments.of("127.0.0.2/x", "127.0.0.2", true),
        Arguments.of("foo,::1", "[::1]", true),
        Arguments.of("::1,foo", "::1", true),
        Arguments.of("[::1]", "[::1]", false),
        Arguments.of("::2", "[::1]", false));
  }

  /** Where curl 7.88.1 departs from its own documentation (IPv6 CIDR), we follow the docs. */
  static Stream<Arguments> documentedOnly() {
    return Stream.of(
        Arguments.of("::1/128", "[::1]", true),
        Arguments.of("fd00::/8", "[fd12:3456::1]", true),
        Arguments.of("fd00::/8", "[fe80::1]", false),
        Arguments.of("0:0::1", "::1", true),
        Arguments.of("::1/129", "::1", false),
        Arguments.of("10.0.0.0/8", "[::1]", false),
        Arguments.of("::1", "127.0.0.1", false));
  }

  @ParameterizedTest(name = "NO_PROXY=[{0}] host {1} -> bypass {2}")
  @MethodSource({"sharedWithCurl", "documentedOnly"})
  void N1_noProxyMatchesLikeCurl(String list, String host, boolean bypassed) {
    assertEquals(bypassed, NoProxy.parse(list).matches(host));
  }

  /**
   * Runs curl with {@code http_proxy} at a closed port and {@code no_proxy=list}, against the host
   * pinned to loopback with {@code --resolve}; its first "Trying" line shows whether it went to the
   * proxy's port or to the target's. Nothing needs to listen.
   */
  @ParameterizedTest(name = "curl: NO_PROXY=[{0}] host {1} -> bypass {2}")
  @MethodSource("sharedWithCurl")
  void N1_realCurlDecidesTheSame(String list, String host, boolean bypassed) throws Exception {
    assumeTrue(curlVersion().startsWith("curl 7.88."), "the table was taken with curl 7.88.1");
    String bare = host.replace("[", "").replace("]", "");
    String urlHost = bare.contains(":") ? "[" + bare + "]" : bare;
    List<String> command = new ArrayList<>(List.of("curl", "-sv", "--max-time", "5"));
    if (NoProxy.IpLiteral.parse(bare).isEmpty()) {
      command.addAll(List.of("--resolve", bare + ":19:127.0.0.1"));
    }
    command.add("http://" + urlHost + ":19/");
    ProcessBuilder curl = new ProcessBuilder(command).redirectErrorStream(true);
    curl.environment().clear();
    curl.environment().put("PATH", System.getenv("PATH"));
    curl.environment().put("http_proxy", "http://127.0.0.1:9");
    curl.environment().put("no_proxy", list);
    String output = run(curl);
    Matcher trying = Pattern.compile("Trying \\[?[0-9a-f:.]+\\]?:(\\d+)").matcher(output);
    assumeTrue(trying.find(), () -> "curl did not try to connect: " + output);
    assertEquals(bypassed, trying.group(1).equals("19"), output);
  }

  private static String curlVersion() {
    try {
      return run(new ProcessBuilder("curl", "--version").redirectErrorStream(true));
    } catch (IOException | InterruptedException e) {
      return "";
    }
  }

  private static String run(ProcessBuilder builder) throws IOException, InterruptedException {
    Process process = builder.start();
    byte[] output = process.getInputStream().readAllBytes();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
    return new String(output, StandardCharsets.UTF_8);
  }
}
