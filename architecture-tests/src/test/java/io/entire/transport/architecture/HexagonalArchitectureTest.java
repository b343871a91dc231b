package io.entire.transport.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The layout builder refuses declarations that would make the rules meaningless. */
class HexagonalArchitectureTest {

  private static HexagonalArchitecture.Builder complete() {
    return HexagonalArchitecture.underRootPackage("com.example")
        .domain("domain")
        .application("application")
        .inboundPorts("application.port.in")
        .outboundPorts("application.port.out")
        .services("application.service")
        .adapters("adapters")
        .adapter("web", "adapters.web", "org.example.web..")
        .compositionRoot("boot")
        .demo("demo")
        .testSupport("testing");
  }

  @Test
  void theProjectLayoutDeclaresEveryModuleOfTheDesignTable() {
    HexagonalArchitecture layout =
        TransportArchitectureRules.entireTransportLayout("io.entire.transport");

    assertEquals(
        List.of(
            "io.entire.transport.domain",
            "io.entire.transport.application",
            "io.entire.transport.application.port.in",
            "io.entire.transport.application.port.out",
            "io.entire.transport.application.service",
            "io.entire.transport.adapters",
            "io.entire.transport.adapters.http",
            "io.entire.transport.adapters.auth",
            "io.entire.transport.adapters.cache",
            "io.entire.transport.adapters.git",
            "io.entire.transport.bootstrap",
            "io.entire.transport.demo",
            "io.entire.transport.testkit"),
        layout.declaredPackages().stream().map(DeclaredPackage::name).toList());
    assertEquals(
        List.of("http", "auth"),
        layout.adaptersAllowedToUse(TransportArchitectureRules.HTTP_CLIENT).stream()
            .map(HexagonalArchitecture.Adapter::name)
            .toList());
  }

  @Test
  void anIncompleteDeclarationNamesTheMissingPart() {
    HexagonalArchitecture.Builder withoutTestSupport =
        HexagonalArchitecture.underRootPackage("com.example")
            .domain("domain")
            .application("application")
            .inboundPorts("application.port.in")
            .outboundPorts("application.port.out")
            .services("application.service")
            .adapters("adapters")
            .adapter("web", "adapters.web")
            .compositionRoot("boot")
            .demo("demo");

    IllegalStateException error =
        assertThrows(IllegalStateException.class, withoutTestSupport::build);
    assertTrue(error.getMessage().contains("testSupport"), error.getMessage());
  }

  @Test
  void aPackageNameThatIsNotJavaIsRefusedWithItsRole() {
    IllegalArgumentException error =
        assertThrows(IllegalArgumentException.class, () -> complete().domain("do-main"));

    assertEquals(
        "package of domain is not a Java package name: 'com.example.do-main'", error.getMessage());
  }

  @Test
  void anAdapterDeclaredTwiceIsRefused() {
    IllegalArgumentException error =
        assertThrows(
            IllegalArgumentException.class, () -> complete().adapter("web", "adapters.web2"));

    assertEquals("adapter 'web' declared twice", error.getMessage());
  }

  @Test
  void anAllowedLibraryMustBeAPackagePattern() {
    IllegalArgumentException error =
        assertThrows(
            IllegalArgumentException.class,
            () -> complete().adapter("db", "adapters.db", "org.example.db"));

    assertTrue(error.getMessage().contains("org.example.db"), error.getMessage());
  }

  @Test
  void portsAndServicesMustLieInsideTheApplication() {
    IllegalStateException error =
        assertThrows(
            IllegalStateException.class, () -> complete().inboundPorts("ports.in").build());

    assertTrue(error.getMessage().contains("com.example.ports.in"), error.getMessage());
  }

  @Test
  void adaptersMustLieInsideTheAdaptersPackage() {
    IllegalStateException error =
        assertThrows(
            IllegalStateException.class, () -> complete().adapter("db", "database").build());

    assertTrue(error.getMessage().contains("com.example.database"), error.getMessage());
  }

  @Test
  void theDemoMustNotLieInsideTheCompositionRoot() {
    IllegalStateException error =
        assertThrows(IllegalStateException.class, () -> complete().demo("boot.demo").build());

    assertTrue(error.getMessage().contains("must not enclose"), error.getMessage());
    assertTrue(error.getMessage().contains("com.example.boot.demo"), error.getMessage());
  }

  @Test
  void topLevelModulesMustNotNest() {
    IllegalStateException error =
        assertThrows(
            IllegalStateException.class, () -> complete().testSupport("boot.testing").build());

    assertTrue(error.getMessage().contains("must not enclose"), error.getMessage());
  }
}
