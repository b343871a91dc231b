package io.entire.transport.architecture;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.AssertionFailedError;

/**
 * Proves the L7 checks of {@link PublicApiTest} can fail, over the fixture API in {@code
 * fixture.api}: what the listing holds and leaves out, a committed listing that misses a method (or
 * has a stale one) fails the comparison with both lines and the update command, a type without
 * {@code @since} fails the documentation check, and an internal type in an API signature fails the
 * signature check.
 */
class PublicApiListingTest {

  private static final String FIXTURE = "io.entire.transport.architecture.fixture.api";
  private static final String GREETER = FIXTURE + ".Greeter: ";
  private static final String GREET =
      GREETER
          + "public java.lang.String greet(java.util.List<java.lang.String>, java.lang.String...)";

  private static final JavaClasses FIXTURE_CLASSES =
      new ClassFileImporter().importPackages(FIXTURE);

  private static final PublicApiListing LISTING = PublicApiListing.of(FIXTURE_CLASSES);

  @Test
  void L7_theListingHoldsPublicAndProtectedMembersOfApiTypesOnly() {
    assertEquals(
        List.of(
            // The implicit default constructor is API too: callers write `new Greeter.Builder()`.
            FIXTURE + ".Greeter$Builder: public Builder()",
            FIXTURE
                + ".Greeter$Builder: public io.entire.transport.architecture.fixture.api.Greeter build()",
            FIXTURE + ".Greeter$Builder: public static final class",
            GREETER + "protected void onGreet()",
            GREETER + "public Greeter(java.lang.String)",
            GREETER + "public class",
            GREETER + "public io.entire.transport.architecture.fixture.api.HiddenHelper helper()",
            GREET,
            GREETER + "public static final java.lang.String GREETING",
            FIXTURE + ".Undocumented: public abstract int count()",
            FIXTURE + ".Undocumented: public interface"),
        LISTING.lines());
    assertEquals(
        Set.of(FIXTURE + ".Greeter", FIXTURE + ".Greeter$Builder", FIXTURE + ".Undocumented"),
        LISTING.typeNames());
  }

  @Test
  void L7_theListingIsTheSameTextOnEveryRun() {
    assertEquals(
        LISTING.lines(),
        PublicApiListing.of(new ClassFileImporter().importPackages(FIXTURE)).lines());
  }

  @Test
  void L7_aCommittedListingWithoutANewMethodFailsWithTheDifferenceAndTheCommand(@TempDir Path dir)
      throws IOException {
    Path file = dir.resolve("api/public-api.txt");
    List<String> committed = new ArrayList<>(LISTING.lines());
    committed.remove(GREET);
    String stale = GREETER + "public void farewell()";
    committed.add(stale);
    Files.createDirectories(file.getParent());
    Files.write(file, committed, StandardCharsets.UTF_8);

    AssertionFailedError failure =
        assertThrows(
            AssertionFailedError.class,
            () -> PublicApiTest.checkListing(file, LISTING.lines(), false));

    String message = failure.getMessage();
    assertAll(
        () -> assertTrue(message.contains("+ " + GREET), message),
        () -> assertTrue(message.contains("- " + stale), message),
        () -> assertTrue(message.contains(ListingDifference.UPDATE_COMMAND), message));
  }

  @Test
  void L7_theUpdateModeWritesTheListingThatThenMatches(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("api/public-api.txt");

    PublicApiTest.checkListing(file, LISTING.lines(), true);

    assertEquals(LISTING.lines(), Files.readAllLines(file, StandardCharsets.UTF_8));
    assertDoesNotThrow(() -> PublicApiTest.checkListing(file, LISTING.lines(), false));
  }

  @Test
  void L7_aMissingListingFailsWithTheCommand(@TempDir Path dir) {
    AssertionFailedError failure =
        assertThrows(
            AssertionFailedError.class,
            () ->
                PublicApiTest.checkListing(dir.resolve("public-api.txt"), LISTING.lines(), false));

    assertTrue(failure.getMessage().contains(ListingDifference.UPDATE_COMMAND));
  }

  @Test
  void L7_anApiTypeWithoutSinceFailsTheDocumentationCheck() {
    TypeJavadocs javadocs =
        TypeJavadocs.underSourceRoots(
            List.of(PublicApiTest.repositoryRoot().resolve("architecture-tests/src/test/java")));

    assertEquals(
        List.of(FIXTURE + ".Undocumented (no @since)"),
        PublicApiTest.undocumented(LISTING, javadocs));
  }

  @Test
  void L7_anInternalTypeInAnApiSignatureFailsTheSignatureCheck() {
    assertEquals(
        Set.of(FIXTURE + ".HiddenHelper (in " + FIXTURE + ".Greeter)"),
        PublicApiTest.namedButNotApi(LISTING));
  }
}
