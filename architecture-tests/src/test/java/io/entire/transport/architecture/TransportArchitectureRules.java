package io.entire.transport.architecture;

import static com.tngtech.archunit.base.DescribedPredicate.alwaysTrue;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.onionArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaAccess;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaMethodCall;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.CompositeArchRule;
import com.tngtech.archunit.library.Architectures.OnionArchitecture;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The ArchUnit rules that enforce DESIGN §2 (the module table), defined over a {@link
 * HexagonalArchitecture} so the very same rule objects check the real code (root {@code
 * io.entire.transport}) and the deliberately broken fixtures that prove each rule can fail.
 *
 * <p>Every rule is composed with {@link NonEmptyPackages}: it fails when any declared package holds
 * no class, so a misspelt package cannot make it pass vacuously. Every rule also refuses to run
 * over an empty selection ({@code allowEmptyShould(false)}).
 *
 * <p>Immutable and thread-safe.
 */
final class TransportArchitectureRules {

  /** The JDK's own packages. */
  static final String JDK = "java..";

  /** JDK extension packages (TLS, security) an adapter may need; Guice's are banned separately. */
  static final String JDK_EXTENSIONS = "javax..";

  static final String LOGGING = "org.slf4j..";

  /**
   * The {@code @API} annotation that marks internals (L7). Every module may carry it, the domain
   * too: it is an annotation without behaviour or dependencies, read only by tools and the
   * public-API listing, so it does not break "the domain depends on the JDK only" in spirit.
   */
  static final String API_MARKERS = "org.apiguardian..";

  static final String HTTP_CLIENT = "org.apache.hc..";
  static final String JACKSON = "com.fasterxml.jackson..";
  static final List<String> DEPENDENCY_INJECTION =
      List.of("com.google.inject..", "jakarta.inject..", "javax.inject..");

  /** The simple name of the inbound port's configuration record. */
  static final String TRANSPORT_CONFIG = "TransportConfig";

  /** {@link #TRANSPORT_CONFIG}'s members that are the client's settings (issue 9 item 6). */
  static final Set<String> CLIENT_SETTINGS =
      Set.of("skipTlsVerify", "userAgent", "connectTimeout", "readTimeout", "lowSpeedLimit");

  private final HexagonalArchitecture architecture;

  TransportArchitectureRules(HexagonalArchitecture architecture) {
    this.architecture = architecture;
  }

  /** The rules for the layout of DESIGN §2 under {@code rootPackage}. */
  static TransportArchitectureRules forRootPackage(String rootPackage) {
    return new TransportArchitectureRules(entireTransportLayout(rootPackage));
  }

  /** DESIGN §2's module table as package declarations under {@code rootPackage}. */
  static HexagonalArchitecture entireTransportLayout(String rootPackage) {
    return HexagonalArchitecture.underRootPackage(rootPackage)
        .domain("domain")
        .application("application")
        .inboundPorts("application.port.in")
        .outboundPorts("application.port.out")
        .services("application.service")
        .adapters("adapters")
        .adapter("http", "adapters.http", HTTP_CLIENT)
        .adapter("auth", "adapters.auth", HTTP_CLIENT, JACKSON)
        .adapter("cache", "adapters.cache", JACKSON)
        .adapter("git", "adapters.git")
        .compositionRoot("bootstrap")
        .demo("demo")
        .testSupport("testkit")
        .build();
  }

  HexagonalArchitecture architecture() {
    return architecture;
  }

  /** Every declared package holds at least one class. */
  ArchRule declaredPackagesAreNotEmpty() {
    return NonEmptyPackages.rule(architecture.declaredPackages());
  }

  /** DESIGN §2: the domain depends on the JDK only. */
  ArchRule domainDependsOnTheJdkOnly() {
    DeclaredPackage domain = architecture.domain();
    return guarded(
        classes()
            .that()
            .resideInAPackage(domain.pattern())
            .should()
            .onlyDependOnClassesThat()
            .resideInAnyPackage(domain.pattern(), JDK, API_MARKERS)
            .because("DESIGN §2: the domain depends on the JDK only (and the @API marker, L7)"));
  }

  /**
   * DESIGN §2: the domain has no I/O, no threads, no clocks and no randomness; they come in through
   * parameters and ports.
   */
  ArchRule domainHasNoIoThreadsClocksOrRandomness() {
    return guarded(
        noClasses()
            .that()
            .resideInAPackage(architecture.domain().pattern())
            .should()
            .dependOnClassesThat(SideEffects.TYPES)
            .orShould()
            .callMethodWhere(SideEffects.CALLS)
            .because(
                "DESIGN §2: the domain has no I/O, no threads, no clocks and no randomness;"
                    + " they come in through parameters and ports"));
  }

  /** DESIGN §2: the application depends on the domain, the JDK and SLF4J only. */
  ArchRule applicationDependsOnDomainJdkAndLoggingOnly() {
    return guarded(
        classes()
            .that()
            .resideInAPackage(architecture.application().pattern())
            .should()
            .onlyDependOnClassesThat()
            .resideInAnyPackage(
                architecture.application().pattern(),
                architecture.domain().pattern(),
                JDK,
                LOGGING,
                API_MARKERS)
            .because(
                "DESIGN §2: the application depends on the domain (and the JDK, SLF4J, the @API"
                    + " marker) only"));
  }

  /** DESIGN §2: adapters never depend on each other. */
  ArchRule adaptersDoNotDependOnEachOther() {
    return guarded(
        slices()
            .matching(architecture.adaptersRoot().name() + ".(*)..")
            .namingSlices("adapter '$1'")
            .should()
            .notDependOnEachOther()
            .because("DESIGN §2: adapters never depend on each other"));
  }

  /**
   * DESIGN §2: each adapter depends only on the application, the domain, the JDK, SLF4J and the
   * libraries the module table grants it.
   */
  ArchRule adaptersUseOnlyTheirAllowedLibraries() {
    List<ArchRule> perAdapter = new ArrayList<>();
    for (HexagonalArchitecture.Adapter adapter : architecture.adapters()) {
      List<String> allowed = new ArrayList<>();
      allowed.add(adapter.declaredPackage().pattern());
      allowed.add(architecture.application().pattern());
      allowed.add(architecture.domain().pattern());
      allowed.add(JDK);
      allowed.add(JDK_EXTENSIONS);
      allowed.add(LOGGING);
      allowed.add(API_MARKERS);
      allowed.addAll(adapter.allowedLibraries());
      perAdapter.add(
          classes()
              .that()
              .resideInAPackage(adapter.declaredPackage().pattern())
              .should()
              .onlyDependOnClassesThat()
              .resideInAnyPackage(allowed.toArray(String[]::new))
              .because(
                  "DESIGN §2: adapter '"
                      + adapter.name()
                      + "' may use the application, the domain, the JDK, SLF4J and "
                      + (adapter.allowedLibraries().isEmpty()
                          ? "no other library"
                          : adapter.allowedLibraries())));
    }
    return guarded(perAdapter.toArray(ArchRule[]::new))
        .as(
            "each adapter should only depend on the application, the domain, the JDK, SLF4J and"
                + " the libraries granted to it "
                + grantedLibraries());
  }

  /** DESIGN §2: only bootstrap knows Guice (and the javax/jakarta.inject annotations). */
  ArchRule onlyTheCompositionRootKnowsGuice() {
    return guarded(
        noClasses()
            .that(inRoot().and(outside(architecture.compositionRoot())))
            .should()
            .dependOnClassesThat()
            .resideInAnyPackage(DEPENDENCY_INJECTION.toArray(String[]::new))
            .because("DESIGN §2: only bootstrap knows Guice"));
  }

  /** DESIGN §2: only adapters-http and adapters-auth know HttpClient 5. */
  ArchRule onlyGrantedAdaptersKnowHttpClient() {
    return guarded(onlyGrantedAdaptersUse(HTTP_CLIENT, "HttpClient 5"));
  }

  /** DESIGN §2: only adapters know Jackson. */
  ArchRule onlyAdaptersKnowJackson() {
    return guarded(
        noClasses()
            .that(inRoot().and(outside(architecture.adaptersRoot())))
            .should()
            .dependOnClassesThat()
            .resideInAPackage(JACKSON)
            .because("DESIGN §2: only adapters know Jackson"));
  }

  /**
   * DESIGN §2: testkit is never a dependency of the library; only the demo (module {@code demo},
   * outside the library) uses it.
   */
  ArchRule onlyTheDemoUsesTheTestkit() {
    return guarded(
        noClasses()
            .that(
                inRoot().and(outside(architecture.testSupport())).and(outside(architecture.demo())))
            .should()
            .dependOnClassesThat()
            .resideInAPackage(architecture.testSupport().pattern())
            .because("DESIGN §2: testkit is never a runtime dependency of the library"));
  }

  /**
   * DESIGN §2: the testkit is independent of the library it tests (it only speaks HTTP and git).
   */
  ArchRule testkitDoesNotDependOnTheLibrary() {
    return guarded(
        noClasses()
            .that()
            .resideInAPackage(architecture.testSupport().pattern())
            .should()
            .dependOnClassesThat(inRoot().and(outside(architecture.testSupport())))
            .because(
                "DESIGN §2: the testkit depends on the JDK (and what it needs), not the library"));
  }

  /**
   * Issue 9: the inbound port never depends on the outbound ports. The outbound ports may carry the
   * values a caller hands in (a cancellation, a request body); the other direction would make the
   * two packages a cycle.
   */
  ArchRule inboundPortsDoNotDependOnOutboundPorts() {
    return guarded(
        noClasses()
            .that()
            .resideInAPackage(architecture.inboundPorts().pattern())
            .should()
            .dependOnClassesThat()
            .resideInAPackage(architecture.outboundPorts().pattern())
            .because("the port packages are free of cycles: port.out may use port.in, not back"));
  }

  /**
   * Issue 9 item 6: the application service reads no client setting (timeouts, TLS, User-Agent,
   * low-speed limit) from a transport's configuration: the client owns them, and what the service
   * needs of them comes with the client's parts. Any access counts (a call or a method reference),
   * on the record or on its builder.
   */
  ArchRule servicesReadNoClientSettingsFromTheConfiguration() {
    String config = architecture.inboundPorts().name() + "." + TRANSPORT_CONFIG;
    Set<String> owners = Set.of(config, config + "$Builder");
    DescribedPredicate<JavaAccess<?>> clientSetting =
        DescribedPredicate.describe(
            "read or set a client setting " + CLIENT_SETTINGS + " of " + config,
            access ->
                owners.contains(access.getTargetOwner().getName())
                    && CLIENT_SETTINGS.contains(access.getName()));
    return guarded(
        noClasses()
            .that()
            .resideInAPackage(architecture.services().pattern())
            .should()
            .accessTargetWhere(clientSetting)
            .because(
                "issue 9 item 6: connection settings are the client's; the service takes what it"
                    + " needs of them from the client's parts"));
  }

  /**
   * Issue 9 item 6: ports are interfaces and values, so no class of the port packages does file I/O
   * ({@code java.nio.file}, {@code java.nio.channels}, {@code java.io.File*}). Spooling a request
   * to a temp file is the git adapter's. The one exception is {@code RequestBody.ofFile} (and the
   * body it returns): a body over a caller's file, which names the file ({@code Path}) and opens it
   * per {@code open()} ({@code Files}), holding no resource, so a caller with a pack on disk needs
   * no adapter; it is allowed exactly those two types, nothing else.
   */
  ArchRule portsDoNoFileIo() {
    return guarded(
        classes()
            .that()
            .resideInAPackage(architecture.application().name() + ".port..")
            .should(new NoFileIoButOfFile(architecture.inboundPorts().name() + ".RequestBody"))
            .because("issue 9 item 6: ports are interfaces and values; file I/O is an adapter's"));
  }

  /** DESIGN §2: no cycles between the top-level packages (modules) under the root package. */
  ArchRule modulesAreFreeOfCycles() {
    return guarded(
        slices()
            .matching(architecture.rootPackage() + ".(*)..")
            .namingSlices("module '$1'")
            .should()
            .beFreeOfCycles()
            .because("DESIGN §2: the module graph is acyclic"));
  }

  /**
   * DESIGN §2 as an onion: domain model at the centre, the ports around it (they may use the domain
   * but never the service that implements or drives them), the application service around those,
   * and the adapters outside, isolated from each other. Bootstrap is the composition root and may
   * touch everything, and so may the demo on top of it; testkit stands outside the library. Any
   * other class fails the rule, so a new package must be placed in the table first.
   */
  ArchRule onionArchitectureHolds() {
    OnionArchitecture onion =
        onionArchitecture()
            .domainModels(architecture.domain().pattern())
            .domainServices(
                architecture.inboundPorts().pattern(), architecture.outboundPorts().pattern())
            .applicationServices(architecture.services().pattern())
            .withOptionalLayers(false);
    for (HexagonalArchitecture.Adapter adapter : architecture.adapters()) {
      onion = onion.adapter(adapter.name(), adapter.declaredPackage().pattern());
    }
    onion =
        onion
            // The root package itself holds the client API (EntireClient, L1), which is part of
            // the composition root: it builds the parts, like bootstrap.
            .ignoreDependency(
                resideInAnyPackage(
                    architecture.compositionRoot().pattern(),
                    architecture.demo().pattern(),
                    architecture.rootPackage()),
                alwaysTrue())
            .ensureAllClassesAreContainedInArchitectureIgnoring(
                architecture.compositionRoot().pattern(),
                architecture.demo().pattern(),
                architecture.testSupport().pattern(),
                architecture.rootPackage());
    return guarded(onion.because("DESIGN §2: hexagonal modules, dependencies point inwards"));
  }

  /** Every rule above, by name. */
  Map<String, ArchRule> all() {
    Map<String, ArchRule> rules = new LinkedHashMap<>();
    rules.put("declaredPackagesAreNotEmpty", declaredPackagesAreNotEmpty());
    rules.put("domainDependsOnTheJdkOnly", domainDependsOnTheJdkOnly());
    rules.put("domainHasNoIoThreadsClocksOrRandomness", domainHasNoIoThreadsClocksOrRandomness());
    rules.put(
        "applicationDependsOnDomainJdkAndLoggingOnly",
        applicationDependsOnDomainJdkAndLoggingOnly());
    rules.put("adaptersDoNotDependOnEachOther", adaptersDoNotDependOnEachOther());
    rules.put("adaptersUseOnlyTheirAllowedLibraries", adaptersUseOnlyTheirAllowedLibraries());
    rules.put("onlyTheCompositionRootKnowsGuice", onlyTheCompositionRootKnowsGuice());
    rules.put("onlyGrantedAdaptersKnowHttpClient", onlyGrantedAdaptersKnowHttpClient());
    rules.put("onlyAdaptersKnowJackson", onlyAdaptersKnowJackson());
    rules.put("onlyTheDemoUsesTheTestkit", onlyTheDemoUsesTheTestkit());
    rules.put("testkitDoesNotDependOnTheLibrary", testkitDoesNotDependOnTheLibrary());
    rules.put("inboundPortsDoNotDependOnOutboundPorts", inboundPortsDoNotDependOnOutboundPorts());
    rules.put(
        "servicesReadNoClientSettingsFromTheConfiguration",
        servicesReadNoClientSettingsFromTheConfiguration());
    rules.put("portsDoNoFileIo", portsDoNoFileIo());
    rules.put("modulesAreFreeOfCycles", modulesAreFreeOfCycles());
    rules.put("onionArchitectureHolds", onionArchitectureHolds());
    return rules;
  }

  private Map<String, List<String>> grantedLibraries() {
    Map<String, List<String>> granted = new LinkedHashMap<>();
    architecture
        .adapters()
        .forEach(adapter -> granted.put(adapter.name(), adapter.allowedLibraries()));
    return granted;
  }

  private ArchRule onlyGrantedAdaptersUse(String library, String libraryName) {
    List<HexagonalArchitecture.Adapter> granted = architecture.adaptersAllowedToUse(library);
    DescribedPredicate<JavaClass> notGranted = inRoot();
    for (HexagonalArchitecture.Adapter adapter : granted) {
      notGranted = notGranted.and(outside(adapter.declaredPackage()));
    }
    return noClasses()
        .that(notGranted)
        .should()
        .dependOnClassesThat()
        .resideInAPackage(library)
        .because(
            "DESIGN §2: only "
                + granted.stream().map(a -> "adapter '" + a.name() + "'").toList()
                + " know "
                + libraryName);
  }

  private DescribedPredicate<JavaClass> inRoot() {
    return resideInAPackage(architecture.rootPackage() + "..");
  }

  private static DescribedPredicate<JavaClass> outside(DeclaredPackage declared) {
    return DescribedPredicate.not(resideInAPackage(declared.pattern()))
        .as("outside of " + declared);
  }

  /**
   * Combines {@code rules} and guards them with the non-empty check of every declared package, so
   * no rule can pass because it looked at nothing.
   */
  private ArchRule guarded(ArchRule... rules) {
    ArchRule combined = rules.length == 1 ? rules[0] : CompositeArchRule.of(List.of(rules));
    return new LayoutGuardedRule(declaredPackagesAreNotEmpty(), combined);
  }

  /** What the domain must not touch: I/O, threads, clocks and randomness. */
  private static final class SideEffects {
    private static final Set<String> IO_THREAD_CLOCK_RANDOM_TYPES =
        Set.of(
            "java.io.File",
            "java.io.FileInputStream",
            "java.io.FileOutputStream",
            "java.io.FileReader",
            "java.io.FileWriter",
            "java.io.RandomAccessFile",
            "java.io.PrintStream",
            "java.net.Socket",
            "java.net.ServerSocket",
            "java.net.DatagramSocket",
            "java.net.URLConnection",
            "java.net.HttpURLConnection",
            "java.lang.Thread",
            "java.lang.ThreadLocal",
            "java.lang.ProcessBuilder",
            "java.lang.Process",
            "java.lang.Runtime",
            "java.util.Timer",
            "java.util.concurrent.Executor",
            "java.util.concurrent.ExecutorService",
            "java.util.concurrent.Executors",
            "java.util.concurrent.CompletableFuture",
            "java.util.concurrent.ThreadLocalRandom",
            "java.util.Random",
            "java.util.SplittableRandom",
            "java.security.SecureRandom",
            "java.time.Clock",
            "java.time.InstantSource");

    private static final List<String> IO_PACKAGES =
        List.of("java.nio.file..", "java.nio.channels..", "java.net.http..");

    static final DescribedPredicate<JavaClass> TYPES =
        DescribedPredicate.<JavaClass>describe(
                "perform I/O, start threads, read clocks or draw random numbers",
                javaClass -> IO_THREAD_CLOCK_RANDOM_TYPES.contains(javaClass.getName()))
            .or(resideInAnyPackage(IO_PACKAGES.toArray(String[]::new)));

    private static final Map<String, Set<String>> FORBIDDEN_STATIC_CALLS =
        Map.of(
            "java.lang.System",
            Set.of("currentTimeMillis", "nanoTime", "getenv", "getProperty", "exit"),
            "java.lang.Math",
            Set.of("random"),
            "java.util.UUID",
            Set.of("randomUUID"));

    static final DescribedPredicate<JavaMethodCall> CALLS =
        DescribedPredicate.describe(
            "read the clock, the environment or a random source",
            call -> {
              String owner = call.getTargetOwner().getName();
              String method = call.getName();
              boolean clockRead = owner.startsWith("java.time.") && method.equals("now");
              return clockRead
                  || FORBIDDEN_STATIC_CALLS.getOrDefault(owner, Set.of()).contains(method);
            });

    private SideEffects() {}
  }
}
