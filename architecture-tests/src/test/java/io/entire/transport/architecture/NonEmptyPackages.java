package io.entire.transport.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.all;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.lang.AbstractClassesTransformer;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.List;

/**
 * The rule that every declared package holds at least one imported class.
 *
 * <p>Without it a misspelt package (or a module missing from the classpath) would make every rule
 * about that package pass, because a rule over no classes finds no violation. Stateless and
 * thread-safe.
 */
final class NonEmptyPackages {

  private NonEmptyPackages() {}

  /** A rule that is violated once for each of {@code declared} that holds no imported class. */
  static ArchRule rule(List<DeclaredPackage> declared) {
    List<DeclaredPackage> packages = List.copyOf(declared);
    return all(new PackagesWithTheirClasses(packages))
        .should(holdAtLeastOneClass())
        .allowEmptyShould(false);
  }

  private static ArchCondition<PackageContents> holdAtLeastOneClass() {
    return new ArchCondition<>("hold at least one class") {
      @Override
      public void check(PackageContents contents, ConditionEvents events) {
        boolean empty = contents.classCount() == 0;
        String message =
            contents.declared()
                + (empty
                    ? " holds no classes: the declaration has a typo or the module is not on the"
                        + " classpath"
                    : " holds " + contents.classCount() + " classes");
        events.add(new SimpleConditionEvent(contents, !empty, message));
      }
    };
  }

  /** A declared package with the number of imported classes found in it. */
  private record PackageContents(DeclaredPackage declared, long classCount) {}

  private static final class PackagesWithTheirClasses
      extends AbstractClassesTransformer<PackageContents> {
    private final List<DeclaredPackage> packages;

    PackagesWithTheirClasses(List<DeclaredPackage> packages) {
      super("declared packages " + packages.stream().map(DeclaredPackage::name).toList());
      this.packages = packages;
    }

    @Override
    public Iterable<PackageContents> doTransform(JavaClasses classes) {
      return packages.stream()
          .map(
              declared ->
                  new PackageContents(
                      declared, classes.stream().filter(declared::contains).count()))
          .toList();
    }
  }
}
