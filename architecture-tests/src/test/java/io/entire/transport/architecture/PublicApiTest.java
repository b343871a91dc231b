package io.entire.transport.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * L7: the public API of the published modules (every module but this one) is what {@code
 * api/public-api.txt} lists; anything marked {@code @API(status = INTERNAL)} is left out. The
 * listing is generated from the compiled classes by {@link PublicApiListing}; {@code
 * -Dapi.update=true} rewrites the file instead of comparing. {@link PublicApiListingTest} proves
 * that the comparison, the documentation check and the signature check can fail.
 */
class PublicApiTest {

  private static final String ROOT = "io.entire.transport";
  private static final Pattern PROJECT_TYPE = Pattern.compile("io\\.entire\\.transport\\.[\\w.$]+");

  private static final JavaClasses PRODUCTION_CLASSES =
      new ClassFileImporter()
          .withImportOption(new ImportOption.DoNotIncludeTests())
          .importPackages(ROOT);

  private static final PublicApiListing LISTING = PublicApiListing.of(PRODUCTION_CLASSES);

  /** The repository root: surefire runs in the module directory and says so in {@code basedir}. */
  static Path repositoryRoot() {
    return Path.of(System.getProperty("basedir", System.getProperty("user.dir")))
        .toAbsolutePath()
        .getParent();
  }

  static Path listingFile() {
    return repositoryRoot().resolve("api/public-api.txt");
  }

  @Test
  void L7_publicApiMatchesTheCommittedListing() throws IOException {
    checkListing(listingFile(), LISTING.lines(), Boolean.getBoolean("api.update"));
  }

  /**
   * Writes {@code current} to {@code file} when {@code update}, else fails unless the file lists
   * exactly {@code current}, naming every added and removed line and the command that rewrites it.
   */
  static void checkListing(Path file, List<String> current, boolean update) throws IOException {
    if (update) {
      Files.createDirectories(file.getParent());
      Files.write(file, current, StandardCharsets.UTF_8);
      return;
    }
    assertTrue(
        Files.isRegularFile(file),
        () -> file + " is missing; write it with\n  " + ListingDifference.UPDATE_COMMAND);
    ListingDifference difference =
        ListingDifference.between(Files.readAllLines(file, StandardCharsets.UTF_8), current);

    assertTrue(difference.isEmpty(), () -> difference.describe(file.toString()));
  }

  @Test
  void L7_everyApiTypeIsDocumented() {
    TypeJavadocs javadocs = TypeJavadocs.underRepository(repositoryRoot());

    List<String> undocumented = undocumented(LISTING, javadocs);

    assertEquals(
        List.of(),
        undocumented,
        "every API type has a Javadoc comment with @since (the release that added it); mark a"
            + " type that is not for users @API(status = INTERNAL) instead");
  }

  /**
   * A type a user must name to use the API (a parameter, return, field, supertype or exception type
   * of an API member) is API itself, never internal.
   */
  @Test
  void L7_apiSignaturesNameOnlyApiTypes() {
    Set<String> leaked = namedButNotApi(LISTING);

    assertEquals(
        Set.of(),
        leaked,
        "these project types appear in API signatures but are internal (or not public)");
  }

  @Test
  void L7_theListingHoldsTheClientAndNoInternals() {
    Set<String> types = LISTING.typeNames();

    assertTrue(types.contains("io.entire.transport.EntireClient"), "EntireClient is API");
    assertTrue(types.contains("io.entire.transport.testkit.TestCluster"), "the testkit is API");
    assertTrue(
        types.stream()
            .noneMatch(
                name ->
                    name.startsWith(ROOT + ".adapters.")
                        || name.startsWith(ROOT + ".application.service.")
                        || name.startsWith(ROOT + ".bootstrap.helper.")
                        || name.startsWith(ROOT + ".demo.")),
        () -> "internal packages leak into the API: " + types);
  }

  static List<String> undocumented(PublicApiListing listing, TypeJavadocs javadocs) {
    List<String> undocumented = new ArrayList<>();
    for (String type : listing.typeNames()) {
      String javadoc = javadocs.of(type).orElse(null);
      if (javadoc == null) {
        undocumented.add(type + " (no Javadoc found)");
      } else if (!javadoc.contains("@since")) {
        undocumented.add(type + " (no @since)");
      }
    }
    return undocumented;
  }

  static Set<String> namedButNotApi(PublicApiListing listing) {
    Set<String> leaked = new TreeSet<>();
    for (String line : listing.lines()) {
      Matcher named = PROJECT_TYPE.matcher(line.substring(line.indexOf(": ") + 2));
      while (named.find()) {
        String type = named.group().replaceAll("\\.+$", "");
        if (!listing.typeNames().contains(type)) {
          leaked.add(type + " (in " + line.substring(0, line.indexOf(':')) + ")");
        }
      }
    }
    return leaked;
  }
}
