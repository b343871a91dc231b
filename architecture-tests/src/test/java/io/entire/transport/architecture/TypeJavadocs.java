package io.entire.transport.architecture;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Finds the Javadoc comment of a type in the source tree (L7). Javadoc is not in class files, so
 * the check that every API type documents itself reads the {@code .java} file: the type's comment
 * is the {@code /** ... *}{@code /} block directly before its declaration (annotations and
 * modifiers may stand between them).
 *
 * <p>A plain text scan, not a Java parser: it is enough for sources formatted by
 * google-java-format, where each declaration starts with its modifiers and keyword. Immutable and
 * thread-safe.
 */
final class TypeJavadocs {

  private final List<Path> sourceRoots;

  private TypeJavadocs(List<Path> sourceRoots) {
    this.sourceRoots = List.copyOf(sourceRoots);
  }

  /** The main source roots ({@code <module>/src/main/java}) of every module under {@code root}. */
  static TypeJavadocs underRepository(Path root) {
    try (Stream<Path> modules = Files.list(root)) {
      return new TypeJavadocs(
          modules
              .map(module -> module.resolve("src/main/java"))
              .filter(Files::isDirectory)
              .sorted()
              .toList());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list the modules of " + root, e);
    }
  }

  /** Over the given source roots (for the fixtures). */
  static TypeJavadocs underSourceRoots(List<Path> sourceRoots) {
    return new TypeJavadocs(sourceRoots);
  }

  /**
   * The Javadoc of the type with binary name {@code typeName} (nested types as {@code
   * Outer$Inner}), empty when its file or comment is not found.
   */
  Optional<String> of(String typeName) {
    String topLevel =
        typeName.contains("$") ? typeName.substring(0, typeName.indexOf('$')) : typeName;
    String simpleName =
        typeName.substring(Math.max(typeName.lastIndexOf('.'), typeName.lastIndexOf('$')) + 1);
    Optional<Path> file =
        sourceRoots.stream()
            .map(sourceRoot -> sourceRoot.resolve(topLevel.replace('.', '/') + ".java"))
            .filter(Files::isRegularFile)
            .findFirst();
    return file.flatMap(path -> javadocBefore(read(path), simpleName));
  }

  private static Optional<String> javadocBefore(String source, String simpleName) {
    Pattern declaration =
        Pattern.compile(
            "/\\*\\*((?:(?!\\*/).)*)\\*/\\s*" // the comment
                + "(?:@[\\w.]+(?:\\([^)]*\\))?\\s*)*" // annotations
                + "(?:(?:public|protected|private|static|final|abstract|sealed|non-sealed"
                + "|strictfp)\\s+)*"
                + "(?:class|interface|enum|record|@interface)\\s+"
                + Pattern.quote(simpleName)
                + "\\b",
            Pattern.DOTALL);
    Matcher matcher = declaration.matcher(source);
    return matcher.find() ? Optional.of(matcher.group(1)) : Optional.empty();
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }
}
