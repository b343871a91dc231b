package io.entire.transport.architecture;

import java.io.IOException;
import java.lang.module.ModuleDescriptor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/**
 * P3: every published library jar names its module in its manifest ({@code Automatic-Module-Name}),
 * a legal Java module name under {@code io.entire.transport}, and no two jars share one (the module
 * path refuses two modules of one name). Collects every problem rather than stopping at the first,
 * each naming the jar.
 */
final class AutomaticModuleNames {

  static final String ATTRIBUTE = "Automatic-Module-Name";
  private static final String ROOT = "io.entire.transport";

  private AutomaticModuleNames() {}

  /** The problems of the given jars (by artifactId); empty when every one is right. */
  static List<String> problems(Map<String, Path> jarsByArtifactId) {
    List<String> problems = new ArrayList<>();
    Map<String, String> artifactByName = new HashMap<>();
    jarsByArtifactId.forEach(
        (artifactId, jar) -> {
          if (!Files.isRegularFile(jar)) {
            problems.add(
                artifactId + ": no jar at " + jar + " (run `mvn verify`, it packages first)");
            return;
          }
          String name = moduleName(jar);
          if (name == null || name.isBlank()) {
            problems.add(artifactId + ": " + jar.getFileName() + " has no " + ATTRIBUTE);
            return;
          }
          if (!isLegalModuleName(name)) {
            problems.add(
                artifactId + ": " + ATTRIBUTE + " '" + name + "' is not a legal module name");
          } else if (!name.startsWith(ROOT + ".")) {
            problems.add(artifactId + ": " + ATTRIBUTE + " '" + name + "' is not under " + ROOT);
          }
          String other = artifactByName.putIfAbsent(name, artifactId);
          if (other != null) {
            problems.add(artifactId + ": " + ATTRIBUTE + " '" + name + "' is also " + other + "'s");
          }
        });
    return problems;
  }

  private static String moduleName(Path jar) {
    try (JarFile file = new JarFile(jar.toFile())) {
      Manifest manifest = file.getManifest();
      return manifest == null ? null : manifest.getMainAttributes().getValue(ATTRIBUTE);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + jar + ": " + e.getMessage(), e);
    }
  }

  private static boolean isLegalModuleName(String name) {
    try {
      ModuleDescriptor.newModule(name);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }
}
