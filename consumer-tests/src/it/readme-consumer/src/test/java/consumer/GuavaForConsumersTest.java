package consumer;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Issue 10 item 8 ("consumer"): the Guava a consumer of entire-transport-bootstrap resolves is not
 * the 31.0.1 Guice 7.0.0 asks for (CVE-2023-2976, fixed in 32.0.0; 32.1.2 is the first release
 * scanners stop flagging). The parent POM's dependencyManagement does not reach consumers; only
 * bootstrap's direct Guava dependency does (nearest wins).
 */
class GuavaForConsumersTest {
  private static final Pattern VERSION = Pattern.compile("guava-(\\d+)\\.(\\d+)\\.(\\d+)-.*\\.jar");

  @Test
  void item8_consumer_resolvesGuavaWithoutCve2023_2976() throws Exception {
    // By name: this project has no Guava dependency of its own, only what bootstrap brings.
    Class<?> guava = Class.forName("com.google.common.base.Preconditions");
    Path jar = Path.of(guava.getProtectionDomain().getCodeSource().getLocation().toURI());
    Matcher version = VERSION.matcher(jar.getFileName().toString());
    assertTrue(version.matches(), "a Guava jar with a version in its name: " + jar);
    int[] actual = {
      Integer.parseInt(version.group(1)),
      Integer.parseInt(version.group(2)),
      Integer.parseInt(version.group(3))
    };
    assertTrue(
        Arrays.compare(actual, new int[] {32, 1, 2}) >= 0,
        "Guava before 32.1.2 (CVE-2023-2976) reached the consumer: " + jar);
  }
}
