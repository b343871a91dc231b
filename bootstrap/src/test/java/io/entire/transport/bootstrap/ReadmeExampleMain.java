package io.entire.transport.bootstrap;

import java.io.IOException;
import java.net.URI;

/**
 * Runs one {@link ReadmeExamples} example in its own JVM and writes the info/refs it got to stdout.
 * {@code ReadmeExamplesTest} starts it with a private environment because the examples, as the
 * README writes them, read the process environment: the default replica cache file (K1, {@code
 * XDG_CACHE_HOME}), git's configuration for the credential helpers (A3) and, for CI, {@code
 * ENTIRE_*}. A failure ends the JVM with the exception on stderr and a non-zero status.
 *
 * <p>Arguments: {@code laptop <entryUrl>}, {@code ci <entryUrl>} or {@code service <entryUrl>
 * <tokenEndpoint>}; the service example's login token comes from {@code README_LOGIN_TOKEN}, never
 * from the command line.
 */
final class ReadmeExampleMain {
  /** The variable that carries the service example's login token into this JVM. */
  static final String LOGIN_TOKEN_VARIABLE = "README_LOGIN_TOKEN";

  private ReadmeExampleMain() {}

  public static void main(String[] args) throws IOException {
    byte[] refs =
        switch (args[0]) {
          case "laptop" -> ReadmeExamples.laptop(args[1]);
          // As the README writes it: Map<String, String> env = System.getenv();
          case "ci" -> ReadmeExamples.ci(System.getenv(), args[1]);
          case "service" ->
              ReadmeExamples.service(
                  System.getenv(LOGIN_TOKEN_VARIABLE), URI.create(args[2]), args[1]);
          default -> throw new IllegalArgumentException("no README example " + args[0]);
        };
    System.out.write(refs);
    System.out.flush();
  }
}
