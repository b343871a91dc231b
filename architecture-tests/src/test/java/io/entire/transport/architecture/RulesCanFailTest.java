package io.entire.transport.architecture;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.Location;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Proves that every DESIGN §2 rule can fail: the same rule definitions that check the production
 * code are applied to the fixture code bases. The conforming fixture passes every rule (so the
 * rules accept a correct layout), and each rule flags exactly the classes of the violating fixture
 * that were written to break it; a misspelt or empty declared package fails every rule.
 */
class RulesCanFailTest {

  private static final String FIXTURES = "io.entire.transport.architecture.fixture";
  private static final String CONFORMING = FIXTURES + ".conforming";
  private static final String VIOLATING = FIXTURES + ".violating";

  private static final JavaClasses CONFORMING_CLASSES =
      new ClassFileImporter().importPackages(CONFORMING);
  private static final JavaClasses VIOLATING_CLASSES =
      new ClassFileImporter().importPackages(VIOLATING);

  /** The conforming fixture with one declared layer left empty. */
  private static final JavaClasses CONFORMING_CLASSES_WITHOUT_GIT_ADAPTER =
      new ClassFileImporter()
          .withImportOption(
              (Location location) -> !location.contains("/fixture/conforming/adapters/git/"))
          .importPackages(CONFORMING);

  private static final TransportArchitectureRules CONFORMING_RULES =
      TransportArchitectureRules.forRootPackage(CONFORMING);
  private static final TransportArchitectureRules VIOLATING_RULES =
      TransportArchitectureRules.forRootPackage(VIOLATING);

  static Stream<String> ruleNames() {
    return CONFORMING_RULES.all().keySet().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("ruleNames")
  void conformingFixturePassesEveryRule(String ruleName) {
    EvaluationResult result = CONFORMING_RULES.all().get(ruleName).evaluate(CONFORMING_CLASSES);

    assertFalse(result.hasViolation(), () -> result.getFailureReport().toString());
  }

  /** Each rule, with the violating fixture classes written to break it (relative names). */
  static Stream<Arguments> violations() {
    return Stream.of(
        arguments("domainDependsOnTheJdkOnly", List.of("domain.LoggingNode")),
        arguments(
            "domainHasNoIoThreadsClocksOrRandomness",
            List.of("domain.WallClockPolicy", "domain.DiceRollingPolicy")),
        arguments(
            "applicationDependsOnDomainJdkAndLoggingOnly",
            List.of("application.service.AdapterAwareService")),
        arguments("adaptersDoNotDependOnEachOther", List.of("adapters.cache.HttpReusingCache")),
        arguments(
            "adaptersUseOnlyTheirAllowedLibraries",
            List.of("adapters.git.JsonSpeakingHelper", "adapters.cache.HttpReusingCache")),
        arguments("onlyTheCompositionRootKnowsGuice", List.of("testkit.GuicedCluster")),
        arguments("onlyGrantedAdaptersKnowHttpClient", List.of("bootstrap.HttpClientFactory")),
        arguments("onlyAdaptersKnowJackson", List.of("bootstrap.JsonSettings")),
        arguments(
            "onlyTheDemoUsesTheTestkit",
            List.of("bootstrap.TestkitLeakingWiring", "bootstrap.demo.LeftBehindDemo")),
        arguments("testkitDoesNotDependOnTheLibrary", List.of("testkit.LibraryAwareCluster")),
        arguments(
            "inboundPortsDoNotDependOnOutboundPorts",
            List.of("application.port.in.ListenerAwareUseCase")),
        arguments(
            "servicesReadNoClientSettingsFromTheConfiguration",
            List.of(
                "application.service.TimeoutReadingService.budget(",
                "application.service.TimeoutReadingService.budgetLater(")),
        arguments(
            "portsDoNoFileIo",
            List.of(
                "application.port.in.RequestBody.spool(",
                "application.port.out.SpoolDirectoryPort")),
        arguments(
            "modulesAreFreeOfCycles",
            List.of("domain.ServiceAwareNode", "application.service.FetchService")),
        arguments(
            "onionArchitectureHolds",
            List.of(
                "application.service.AdapterAwareService",
                "adapters.cache.HttpReusingCache",
                "application.port.out.ServiceAwarePort",
                "domain.ServiceAwareNode",
                "util.Strings")));
  }

  @ParameterizedTest(name = "{0} flags {1}")
  @MethodSource("violations")
  void violatingFixtureBreaksTheRule(String ruleName, List<String> culprits) {
    EvaluationResult result = VIOLATING_RULES.all().get(ruleName).evaluate(VIOLATING_CLASSES);

    assertTrue(result.hasViolation(), ruleName + " found no violation in the violating fixture");
    String report = result.getFailureReport().toString();
    assertAll(
        culprits.stream()
            .map(
                culprit ->
                    () ->
                        assertTrue(
                            report.contains(VIOLATING + "." + culprit),
                            ruleName + " did not flag " + culprit + ":\n" + report)));
  }

  @Test
  void portsDoNoFileIoAllowsExactlyRequestBodyOfFile() {
    EvaluationResult result = VIOLATING_RULES.portsDoNoFileIo().evaluate(VIOLATING_CLASSES);
    List<String> violations = result.getFailureReport().getDetails();
    String requestBody = VIOLATING + ".application.port.in.RequestBody";

    // The violating RequestBody's ofFile(Path) and the body it returns use Path and Files only.
    assertTrue(
        violations.stream()
            .noneMatch(
                v ->
                    v.startsWith("Method <" + requestBody + ".ofFile(")
                        || v.contains(requestBody + "$")),
        () -> String.join("\n", violations));
    // spool(…) in the same type is flagged, for each file I/O type it uses.
    assertEquals(
        7,
        violations.stream().filter(v -> v.startsWith("Method <" + requestBody + ".spool(")).count(),
        () -> String.join("\n", violations));
  }

  @Test
  void everyRuleHasAViolatingFixture() {
    Set<String> proven = new HashSet<>();
    violations().forEach(arguments -> proven.add((String) arguments.get()[0]));
    // The layout check is proven by the misspelt and missing package tests below.
    proven.add("declaredPackagesAreNotEmpty");

    assertEquals(CONFORMING_RULES.all().keySet(), proven);
  }

  @Test
  void theViolatingFixtureIsCompleteSoItsViolationsAreNotLayoutErrors() {
    EvaluationResult result =
        VIOLATING_RULES.declaredPackagesAreNotEmpty().evaluate(VIOLATING_CLASSES);

    assertFalse(result.hasViolation(), () -> result.getFailureReport().toString());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("ruleNames")
  void aMisspeltAdapterPackageFailsEveryRule(String ruleName) {
    TransportArchitectureRules misspelt =
        new TransportArchitectureRules(
            HexagonalArchitecture.underRootPackage(CONFORMING)
                .domain("domain")
                .application("application")
                .inboundPorts("application.port.in")
                .outboundPorts("application.port.out")
                .services("application.service")
                .adapters("adapters")
                .adapter("http", "adapters.htpp", TransportArchitectureRules.HTTP_CLIENT)
                .adapter(
                    "auth",
                    "adapters.auth",
                    TransportArchitectureRules.HTTP_CLIENT,
                    TransportArchitectureRules.JACKSON)
                .adapter("cache", "adapters.cache", TransportArchitectureRules.JACKSON)
                .adapter("git", "adapters.git")
                .compositionRoot("bootstrap")
                .demo("demo")
                .testSupport("testkit")
                .build());

    EvaluationResult result = misspelt.all().get(ruleName).evaluate(CONFORMING_CLASSES);

    assertTrue(result.hasViolation(), ruleName + " passed with a misspelt adapter package");
    assertTrue(
        result
            .getFailureReport()
            .toString()
            .contains(CONFORMING + ".adapters.htpp) holds no classes"),
        () -> result.getFailureReport().toString());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("ruleNames")
  void aDeclaredLayerWithoutClassesFailsEveryRule(String ruleName) {
    EvaluationResult result =
        CONFORMING_RULES.all().get(ruleName).evaluate(CONFORMING_CLASSES_WITHOUT_GIT_ADAPTER);

    assertTrue(result.hasViolation(), ruleName + " passed with an empty adapter layer");
    assertTrue(
        result
            .getFailureReport()
            .toString()
            .contains(CONFORMING + ".adapters.git) holds no classes"),
        () -> result.getFailureReport().toString());
  }

  @Test
  void checkThrowsOnAViolationAndGuardedRulesRefuseToAllowEmptySelections() {
    ArchRule rule = VIOLATING_RULES.domainDependsOnTheJdkOnly();

    assertThrows(AssertionError.class, () -> rule.check(VIOLATING_CLASSES));
    assertThrows(UnsupportedOperationException.class, () -> rule.allowEmptyShould(true));
  }
}
