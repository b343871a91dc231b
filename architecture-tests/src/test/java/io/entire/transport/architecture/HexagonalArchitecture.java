package io.entire.transport.architecture;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The declared package layout of a hexagonal code base: a domain, an application with inbound
 * ports, outbound ports and services, a set of adapters (each with the third-party libraries it may
 * use), a composition root, a demo beside it (the one user of test support), and a test-support
 * package.
 *
 * <p>Built with {@link #underRootPackage(String)}, in the style of buckpal's architecture test:
 * package names are given relative to the root package, and every one of them becomes a {@link
 * DeclaredPackage} that {@link TransportArchitectureRules} requires to be non-empty, so a typo in a
 * declaration fails the rules instead of making them pass vacuously.
 *
 * <p>Immutable and thread-safe once built; the builder is not thread-safe.
 */
final class HexagonalArchitecture {

  private final String rootPackage;
  private final DeclaredPackage domain;
  private final DeclaredPackage application;
  private final DeclaredPackage inboundPorts;
  private final DeclaredPackage outboundPorts;
  private final DeclaredPackage services;
  private final DeclaredPackage adaptersRoot;
  private final Map<String, Adapter> adapters;
  private final DeclaredPackage compositionRoot;
  private final DeclaredPackage demo;
  private final DeclaredPackage testSupport;

  private HexagonalArchitecture(Builder builder) {
    this.rootPackage = builder.rootPackage;
    this.domain = required(builder.domain, "domain");
    this.application = required(builder.application, "application");
    this.inboundPorts = required(builder.inboundPorts, "inboundPorts");
    this.outboundPorts = required(builder.outboundPorts, "outboundPorts");
    this.services = required(builder.services, "services");
    this.adaptersRoot = required(builder.adaptersRoot, "adapters");
    this.compositionRoot = required(builder.compositionRoot, "compositionRoot");
    this.demo = required(builder.demo, "demo");
    this.testSupport = required(builder.testSupport, "testSupport");
    if (builder.adapters.isEmpty()) {
      throw new IllegalStateException("no adapter declared: call adapter(name, package, ...)");
    }
    this.adapters = Collections.unmodifiableMap(new LinkedHashMap<>(builder.adapters));

    requireInside(application, inboundPorts);
    requireInside(application, outboundPorts);
    requireInside(application, services);
    for (Adapter adapter : adapters.values()) {
      requireInside(adaptersRoot, adapter.declaredPackage());
    }
    List<DeclaredPackage> topLevel =
        List.of(domain, application, adaptersRoot, compositionRoot, demo, testSupport);
    for (DeclaredPackage outer : topLevel) {
      for (DeclaredPackage inner : topLevel) {
        if (outer != inner && outer.encloses(inner)) {
          throw new IllegalStateException(outer + " must not enclose " + inner);
        }
      }
    }
  }

  /** Starts a declaration whose relative package names resolve under {@code rootPackage}. */
  static Builder underRootPackage(String rootPackage) {
    return new Builder(rootPackage);
  }

  String rootPackage() {
    return rootPackage;
  }

  DeclaredPackage domain() {
    return domain;
  }

  DeclaredPackage application() {
    return application;
  }

  DeclaredPackage inboundPorts() {
    return inboundPorts;
  }

  DeclaredPackage outboundPorts() {
    return outboundPorts;
  }

  DeclaredPackage services() {
    return services;
  }

  /** The package that holds every adapter (one subpackage per adapter). */
  DeclaredPackage adaptersRoot() {
    return adaptersRoot;
  }

  /** The adapters in declaration order. */
  List<Adapter> adapters() {
    return List.copyOf(adapters.values());
  }

  /** The adapters that declared {@code libraryPattern} among their allowed libraries. */
  List<Adapter> adaptersAllowedToUse(String libraryPattern) {
    return adapters.values().stream()
        .filter(adapter -> adapter.allowedLibraries().contains(libraryPattern))
        .toList();
  }

  DeclaredPackage compositionRoot() {
    return compositionRoot;
  }

  /**
   * The demo: a top-level package of its own (its own module, on top of the composition root), the
   * one place allowed to use test support.
   */
  DeclaredPackage demo() {
    return demo;
  }

  DeclaredPackage testSupport() {
    return testSupport;
  }

  /** Every declared package, each of which must hold at least one class. */
  List<DeclaredPackage> declaredPackages() {
    List<DeclaredPackage> all = new ArrayList<>();
    all.add(domain);
    all.add(application);
    all.add(inboundPorts);
    all.add(outboundPorts);
    all.add(services);
    all.add(adaptersRoot);
    adapters.values().forEach(adapter -> all.add(adapter.declaredPackage()));
    all.add(compositionRoot);
    all.add(demo);
    all.add(testSupport);
    return List.copyOf(all);
  }

  private static DeclaredPackage required(DeclaredPackage declared, String builderMethod) {
    if (declared == null) {
      throw new IllegalStateException("architecture incomplete: call " + builderMethod + "(...)");
    }
    return declared;
  }

  private static void requireInside(DeclaredPackage outer, DeclaredPackage inner) {
    if (outer.equals(inner) || !outer.encloses(inner)) {
      throw new IllegalStateException(inner + " must be a subpackage of " + outer);
    }
  }

  /**
   * An adapter: its package and the third-party library packages (ArchUnit patterns such as {@code
   * "org.apache.hc.."}) it may use beyond the JDK, logging, the application and the domain.
   *
   * @param name the adapter's short name, unique within the architecture
   * @param declaredPackage where its classes live
   * @param allowedLibraries package patterns of the libraries it may depend on
   */
  record Adapter(String name, DeclaredPackage declaredPackage, List<String> allowedLibraries) {
    Adapter {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(declaredPackage, "declaredPackage");
      allowedLibraries = List.copyOf(allowedLibraries);
    }
  }

  /** Collects the declarations; {@link #build()} checks they are complete and consistent. */
  static final class Builder {
    private final String rootPackage;
    private DeclaredPackage domain;
    private DeclaredPackage application;
    private DeclaredPackage inboundPorts;
    private DeclaredPackage outboundPorts;
    private DeclaredPackage services;
    private DeclaredPackage adaptersRoot;
    private final Map<String, Adapter> adapters = new LinkedHashMap<>();
    private DeclaredPackage compositionRoot;
    private DeclaredPackage demo;
    private DeclaredPackage testSupport;

    private Builder(String rootPackage) {
      this.rootPackage = new DeclaredPackage("root package", rootPackage).name();
    }

    Builder domain(String relativePackage) {
      domain = declare("domain", relativePackage);
      return this;
    }

    Builder application(String relativePackage) {
      application = declare("application", relativePackage);
      return this;
    }

    Builder inboundPorts(String relativePackage) {
      inboundPorts = declare("inbound ports", relativePackage);
      return this;
    }

    Builder outboundPorts(String relativePackage) {
      outboundPorts = declare("outbound ports", relativePackage);
      return this;
    }

    Builder services(String relativePackage) {
      services = declare("application services", relativePackage);
      return this;
    }

    /** The package under which every adapter's package must lie. */
    Builder adapters(String relativePackage) {
      adaptersRoot = declare("adapters", relativePackage);
      return this;
    }

    /**
     * Declares one adapter.
     *
     * @param name short name, unique among adapters
     * @param relativePackage its package relative to the root package
     * @param allowedLibraries ArchUnit package patterns of the libraries it may use
     */
    Builder adapter(String name, String relativePackage, String... allowedLibraries) {
      Objects.requireNonNull(name, "name");
      if (name.isBlank()) {
        throw new IllegalArgumentException("adapter name must not be blank");
      }
      for (String library : allowedLibraries) {
        if (library == null || !library.endsWith("..") || library.length() <= 2) {
          throw new IllegalArgumentException(
              "allowed library of adapter '"
                  + name
                  + "' must be a package pattern ending in"
                  + " '..', got: "
                  + library);
        }
      }
      Adapter adapter =
          new Adapter(
              name, declare("adapter '" + name + "'", relativePackage), List.of(allowedLibraries));
      if (adapters.putIfAbsent(name, adapter) != null) {
        throw new IllegalArgumentException("adapter '" + name + "' declared twice");
      }
      return this;
    }

    /** The composition root: the only place that wires everything together. */
    Builder compositionRoot(String relativePackage) {
      compositionRoot = declare("composition root", relativePackage);
      return this;
    }

    /** The demo, beside the composition root: neither may enclose the other. */
    Builder demo(String relativePackage) {
      demo = declare("demo", relativePackage);
      return this;
    }

    Builder testSupport(String relativePackage) {
      testSupport = declare("test support", relativePackage);
      return this;
    }

    HexagonalArchitecture build() {
      return new HexagonalArchitecture(this);
    }

    private DeclaredPackage declare(String role, String relativePackage) {
      Objects.requireNonNull(relativePackage, () -> "package of " + role);
      return new DeclaredPackage(role, rootPackage + "." + relativePackage);
    }
  }
}
