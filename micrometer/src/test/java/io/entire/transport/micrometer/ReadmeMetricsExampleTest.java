package io.entire.transport.micrometer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.entire.transport.testkit.TestCluster;
import io.entire.transport.testkit.TestClusterExtension;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * O2: the README's "Metrics" example is {@link MetricsExample} verbatim (its imports and class,
 * without the package line), and it works against a testkit cluster.
 */
class ReadmeMetricsExampleTest {
  private static final String REPO = "et/acme/widgets";

  @RegisterExtension
  static final TestClusterExtension CLUSTER =
      TestClusterExtension.with(TestCluster.builder().replicas(2).repository(REPO));

  @TempDir Path temp;

  @Test
  void O2_theReadmeMetricsExampleCountsTheAttemptsOfARealClient() throws IOException {
    long ok =
        MetricsExample.successfulAttempts(CLUSTER.get().entryUrl(REPO), temp.resolve("nodes.json"));

    assertTrue(ok >= 1, "at least the answering request was timed: " + ok);
  }

  @Test
  void O2_theReadmeShowsExactlyTheMetricsExample() throws IOException {
    Path root = Path.of("..").toAbsolutePath().normalize();
    String readme = Files.readString(root.resolve("README.md"), StandardCharsets.UTF_8);
    String source =
        Files.readString(
            root.resolve(
                "micrometer/src/test/java/io/entire/transport/micrometer/MetricsExample.java"),
            StandardCharsets.UTF_8);

    String metrics = section(readme, "### Metrics");
    List<String> blocks = new ArrayList<>();
    Matcher m = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL).matcher(metrics);
    while (m.find()) {
      blocks.add(m.group(1));
    }
    assertEquals(1, blocks.size(), "one Java block in the README's Metrics section");
    String withoutPackage = source.substring(source.indexOf("import "));
    assertEquals(normalize(withoutPackage), normalize(blocks.get(0)));
  }

  /** The README text from {@code heading} to the next heading of any level. */
  private static String section(String readme, String heading) {
    int start = readme.indexOf("\n" + heading + "\n");
    assertTrue(start >= 0, "README has no '" + heading + "' section");
    Matcher next = Pattern.compile("\\n#{1,6} ").matcher(readme);
    int end = next.find(start + heading.length() + 1) ? next.start() : readme.length();
    return readme.substring(start, end);
  }

  /** Java text without layout: whitespace only where it separates two words. */
  private static String normalize(String code) {
    return code.strip().replaceAll("\\s+", " ").replaceAll("(?<=\\W) | (?=\\W)", "");
  }
}
