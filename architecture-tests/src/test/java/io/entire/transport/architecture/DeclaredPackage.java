package io.entire.transport.architecture;

import com.tngtech.archunit.core.domain.JavaClass;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A package the architecture declares, with the role it plays there (for example "adapter 'http'").
 * It stands for the package and all of its subpackages.
 *
 * <p>Immutable and thread-safe.
 *
 * @param role what the package is in the architecture, used in rule descriptions and violations
 * @param name the fully qualified package name
 */
record DeclaredPackage(String role, String name) {

  private static final Pattern PACKAGE_NAME =
      Pattern.compile(
          "\\p{javaJavaIdentifierStart}\\p{javaJavaIdentifierPart}*"
              + "(\\.\\p{javaJavaIdentifierStart}\\p{javaJavaIdentifierPart}*)*");

  DeclaredPackage {
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(name, "name");
    if (!PACKAGE_NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "package of " + role + " is not a Java package name: '" + name + "'");
    }
  }

  /** The ArchUnit package pattern covering this package and its subpackages. */
  String pattern() {
    return name + "..";
  }

  /** Whether {@code javaClass} lives in this package or one of its subpackages. */
  boolean contains(JavaClass javaClass) {
    String packageName = javaClass.getPackageName();
    return packageName.equals(name) || packageName.startsWith(name + ".");
  }

  /** Whether {@code other} is this package or one of its subpackages. */
  boolean encloses(DeclaredPackage other) {
    return other.name.equals(name) || other.name.startsWith(name + ".");
  }

  @Override
  public String toString() {
    return role + " (" + name + ")";
  }
}
