package io.entire.transport.architecture;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import java.util.Optional;
import java.util.Set;

/**
 * The condition of {@link TransportArchitectureRules#portsDoNoFileIo()}: a class depends on no file
 * I/O type ({@code java.nio.file..}, {@code java.nio.channels..}, {@code java.io.File*}, {@code
 * java.io.RandomAccessFile}), except that the request body's {@code ofFile(Path)} factory, and the
 * classes declared inside it (the body it returns), may use {@code java.nio.file.Path} and {@code
 * java.nio.file.Files}.
 *
 * <p>ArchUnit's dependencies name their origin but not as an object: a dependency belongs to {@code
 * ofFile} when its description starts with that method's description ({@code Method
 * <…RequestBody.ofFile(java.nio.file.Path)>}), which is how ArchUnit describes every dependency of
 * a code unit (its parameters, calls, accesses).
 *
 * <p>Immutable and thread-safe.
 */
final class NoFileIoButOfFile extends ArchCondition<JavaClass> {
  private static final Set<String> FILE_IO_PACKAGES = Set.of("java.nio.file", "java.nio.channels");
  private static final Set<String> FILE_IO_TYPES =
      Set.of(
          "java.io.File",
          "java.io.FileDescriptor",
          "java.io.FileInputStream",
          "java.io.FileOutputStream",
          "java.io.FileReader",
          "java.io.FileWriter",
          "java.io.RandomAccessFile");
  private static final Set<String> ALLOWED_IN_OF_FILE =
      Set.of("java.nio.file.Path", "java.nio.file.Files");
  private static final String OF_FILE = "ofFile";

  private final String requestBody;

  /**
   * @param requestBody the fully qualified name of the request body type that may hold {@code
   *     ofFile(Path)}
   */
  NoFileIoButOfFile(String requestBody) {
    super(
        "use no file I/O (java.nio.file, java.nio.channels, java.io.File*) except Path and Files in "
            + requestBody
            + "."
            + OF_FILE
            + "(Path)");
    this.requestBody = requestBody;
  }

  @Override
  public void check(JavaClass javaClass, ConditionEvents events) {
    Optional<JavaCodeUnit> ofFile = ofFile(javaClass);
    boolean insideOfFile =
        javaClass.getEnclosingCodeUnit().filter(unit -> isOfFile(unit)).isPresent();
    for (Dependency dependency : javaClass.getDirectDependenciesFromSelf()) {
      JavaClass target = dependency.getTargetClass().getBaseComponentType();
      if (!isFileIo(target)) {
        continue;
      }
      boolean fromOfFile =
          insideOfFile
              || ofFile
                  .filter(
                      unit -> dependency.getDescription().startsWith(unit.getDescription() + " "))
                  .isPresent();
      if (!(fromOfFile && ALLOWED_IN_OF_FILE.contains(target.getName()))) {
        events.add(SimpleConditionEvent.violated(dependency, dependency.getDescription()));
      }
    }
  }

  private Optional<JavaCodeUnit> ofFile(JavaClass javaClass) {
    return javaClass.getCodeUnits().stream().filter(this::isOfFile).findFirst();
  }

  private boolean isOfFile(JavaCodeUnit unit) {
    return unit.getOwner().getName().equals(requestBody)
        && unit.getName().equals(OF_FILE)
        && unit.getRawParameterTypes().size() == 1
        && unit.getRawParameterTypes().get(0).getName().equals("java.nio.file.Path");
  }

  private static boolean isFileIo(JavaClass type) {
    String packageName = type.getPackageName();
    return FILE_IO_PACKAGES.stream()
            .anyMatch(io -> packageName.equals(io) || packageName.startsWith(io + "."))
        || FILE_IO_TYPES.contains(type.getName());
  }
}
