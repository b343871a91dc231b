package io.entire.transport.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.entire.transport.architecture.ReactorModules.Module;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * P1, P2, P3 over the real build: runs in {@code verify} (failsafe), when every module before this
 * one has been packaged. The published modules are those whose POM does not set {@code
 * maven.deploy.skip}, read from the POMs, so a new module is checked without editing this test.
 */
class PublishedArtifactsIT {

  private static final String GROUP = "io.entire.transport";

  /** The repository root: failsafe runs in the module directory and says so in {@code basedir}. */
  private static final Path ROOT =
      Path.of(System.getProperty("basedir", ".")).toAbsolutePath().normalize().getParent();

  private static final String VERSION = requiredProperty("project.version");

  @Test
  void P3_everyPublishedJarNamesItsOwnModuleUnderIoEntireTransport() {
    Map<String, Path> jars = new TreeMap<>();
    for (Module module : ReactorModules.of(ROOT)) {
      if (module.published() && module.packaging().equals("jar")) {
        jars.put(
            module.artifactId(),
            ROOT.resolve(module.directory())
                .resolve("target")
                .resolve(module.artifactId() + "-" + VERSION + ".jar"));
      }
    }
    assertTrue(jars.size() >= 10, "published jar modules found: " + jars.keySet());
    List<String> problems = AutomaticModuleNames.problems(jars);
    assertEquals(List.of(), problems, "Automatic-Module-Name problems");
  }

  @Test
  void P2_theBomManagesExactlyThePublishedArtifacts() {
    Set<String> published = new TreeSet<>();
    for (Module module : ReactorModules.of(ROOT)) {
      if (module.published() && !module.artifactId().equals("entire-transport-bom")) {
        published.add(GROUP + ":" + module.artifactId());
      }
    }
    Set<String> managed = ReactorModules.managedArtifactIds(ROOT.resolve("bom/pom.xml"));
    assertEquals(
        published,
        managed,
        "bom/pom.xml must manage every published module (not maven.deploy.skip) and nothing else");
  }

  @Test
  void P1_everyPublishedPomInheritsLicenceAndTheMetadataCentralRequires() throws IOException {
    Set<String> required =
        Set.of("name", "description", "url", "licenses", "developers", "scm", "issueManagement");
    Set<String> missing = new TreeSet<>(required);
    missing.removeAll(ReactorModules.topLevelElements(ROOT.resolve("pom.xml")));
    assertEquals(Set.of(), missing, "the parent POM (every module inherits it) lacks");
    for (Module module : ReactorModules.of(ROOT)) {
      Set<String> own =
          ReactorModules.topLevelElements(ROOT.resolve(module.directory()).resolve("pom.xml"));
      assertTrue(
          own.containsAll(Set.of("name", "description")),
          module.directory() + "/pom.xml needs its own name and description");
    }
    String licence = Files.readString(ROOT.resolve("LICENSE"));
    assertTrue(
        licence.contains("Apache License") && licence.contains("Version 2.0, January 2004"),
        "LICENSE is the Apache License 2.0");
  }

  private static String requiredProperty(String name) {
    String value = System.getProperty(name);
    if (value == null || value.isBlank()) {
      throw new IllegalStateException(
          "system property " + name + " is not set (architecture-tests' failsafe sets it)");
    }
    return value;
  }
}
