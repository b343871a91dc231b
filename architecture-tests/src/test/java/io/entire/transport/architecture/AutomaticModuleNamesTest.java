package io.entire.transport.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** P3: the manifest check that PublishedArtifactsIT runs on the real jars can fail. */
class AutomaticModuleNamesTest {

  @TempDir Path directory;

  @Test
  void P3_rightNamesPass() throws IOException {
    Map<String, Path> jars = new LinkedHashMap<>();
    jars.put("a", jar("a.jar", "io.entire.transport.a"));
    jars.put("b", jar("b.jar", "io.entire.transport.b.c"));

    assertEquals(List.of(), AutomaticModuleNames.problems(jars));
  }

  @Test
  void P3_aJarWithoutTheEntryFails() throws IOException {
    Map<String, Path> jars = Map.of("entire-transport-domain", jar("domain.jar", null));

    assertEquals(
        List.of("entire-transport-domain: domain.jar has no Automatic-Module-Name"),
        AutomaticModuleNames.problems(jars));
  }

  @Test
  void P3_anIllegalOrForeignOrSharedNameFails() throws IOException {
    Map<String, Path> jars = new LinkedHashMap<>();
    jars.put("x", jar("x.jar", "io.entire.transport.adapters-http"));
    jars.put("y", jar("y.jar", "com.example.y"));
    jars.put("z", jar("z.jar", "io.entire.transport.same"));
    jars.put("w", jar("w.jar", "io.entire.transport.same"));

    assertEquals(
        List.of(
            "x: Automatic-Module-Name 'io.entire.transport.adapters-http' is not a legal module name",
            "y: Automatic-Module-Name 'com.example.y' is not under io.entire.transport",
            "w: Automatic-Module-Name 'io.entire.transport.same' is also z's"),
        AutomaticModuleNames.problems(jars));
  }

  @Test
  void P3_aMissingJarFails() {
    Path missing = directory.resolve("missing.jar");

    assertEquals(
        List.of("m: no jar at " + missing + " (run `mvn verify`, it packages first)"),
        AutomaticModuleNames.problems(Map.of("m", missing)));
  }

  private Path jar(String name, String moduleName) throws IOException {
    Manifest manifest = new Manifest();
    manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    if (moduleName != null) {
      manifest.getMainAttributes().putValue(AutomaticModuleNames.ATTRIBUTE, moduleName);
    }
    Path jar = directory.resolve(name);
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest)) {
      out.flush(); // a manifest and no entries is all the check reads
    }
    return jar;
  }
}
