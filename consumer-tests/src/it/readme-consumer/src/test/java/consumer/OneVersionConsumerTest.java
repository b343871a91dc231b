package consumer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

/**
 * P2 ("consumer"): a project that imports entire-transport-bom and names no version on the
 * entire-transport artifacts resolves every published library artifact, each at the BOM's version
 * (its file name and its manifest's Implementation-Version), and no other entire-transport jar.
 */
class OneVersionConsumerTest {

  private static final String VERSION = System.getProperty("entire.version");

  @Test
  void P2_consumer_everyPublishedArtifactAtTheBomVersion() throws IOException {
    Map<String, String> found = new TreeMap<>();
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      String name = Path.of(entry).getFileName().toString();
      if (name.startsWith("entire-transport-") && name.endsWith(".jar")) {
        try (JarFile jar = new JarFile(entry)) {
          found.put(name, jar.getManifest().getMainAttributes().getValue("Implementation-Version"));
        }
      }
    }
    Map<String, String> expected = new TreeMap<>();
    for (String artifactId :
        new String[] {
          "domain", "application", "adapters-http", "adapters-auth", "adapters-cache",
          "adapters-git", "bootstrap", "testkit", "micrometer", "jgit"
        }) {
      expected.put("entire-transport-" + artifactId + "-" + VERSION + ".jar", VERSION);
    }
    assertEquals(expected, found, "entire-transport jars on the test class path, by version");
  }
}
