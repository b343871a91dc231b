package io.entire.transport.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Small classes (issue 9, item 7; docs/DESIGN.md §1): no source file under any module's {@code
 * src/main} is longer than {@value #MAX_LINES} lines. A class that grows past it is split along its
 * seams rather than the limit raised.
 */
class SmallClassesTest {
  static final int MAX_LINES = 400;

  @Test
  void noMainSourceFileIsLongerThanTheLimit() throws IOException {
    Path root = PublicApiTest.repositoryRoot();
    List<String> tooLong = new ArrayList<>();
    int checked = 0;
    try (Stream<Path> files = Files.walk(root)) {
      for (Path file : (Iterable<Path>) files::iterator) {
        String path = root.relativize(file).toString().replace('\\', '/');
        if (!path.endsWith(".java") || !path.contains("/src/main/") || path.contains("/target/")) {
          continue;
        }
        checked++;
        long lines;
        try (Stream<String> text = Files.lines(file)) {
          lines = text.count();
        }
        if (lines > MAX_LINES) {
          tooLong.add(path + " (" + lines + " lines)");
        }
      }
    }
    assertTrue(checked > 100, "found the sources under " + root + ": " + checked);
    assertEquals(List.of(), tooLong, "split these classes along their seams");
  }
}
