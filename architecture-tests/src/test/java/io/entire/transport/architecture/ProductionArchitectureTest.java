package io.entire.transport.architecture;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Checks the production classes of every module (imported from the test classpath, where bootstrap
 * brings in domain, application and all adapters, and the demo module brings the testkit) against
 * every DESIGN §2 rule. {@link RulesCanFailTest} proves each of these rules can fail.
 */
class ProductionArchitectureTest {

  private static final String ROOT = "io.entire.transport";

  private static final JavaClasses PRODUCTION_CLASSES =
      new ClassFileImporter()
          .withImportOption(new ImportOption.DoNotIncludeTests())
          // The optional metrics module is outside DESIGN §2's table (see DESIGN §1.1).
          .withImportOption(location -> !location.contains("/io/entire/transport/micrometer/"))
          // So is the optional JGit module, which sits above bootstrap (DESIGN §9d).
          .withImportOption(location -> !location.contains("/io/entire/transport/jgit/"))
          .importPackages(ROOT);

  private static final TransportArchitectureRules RULES =
      TransportArchitectureRules.forRootPackage(ROOT);

  static Stream<String> ruleNames() {
    return RULES.all().keySet().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("ruleNames")
  void productionCodeObeysTheRule(String ruleName) {
    RULES.all().get(ruleName).check(PRODUCTION_CLASSES);
  }

  @Test
  void importsTheLibraryButNeitherTestsNorFixtures() {
    assertTrue(
        PRODUCTION_CLASSES.contain(
            "io.entire.transport.application.service.ReplicaTransportService"));
    assertTrue(PRODUCTION_CLASSES.contain("io.entire.transport.domain.ReplicaSet"));
    assertFalse(
        PRODUCTION_CLASSES.stream()
            .anyMatch(javaClass -> javaClass.getPackageName().startsWith(ROOT + ".architecture")),
        "test classes of architecture-tests were imported as production code");
  }
}
