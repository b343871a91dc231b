package io.entire.transport.bootstrap.helper;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The classes a command loads, listed at build time (DESIGN §7), which a warm-up thread loads while
 * {@code main} works when the JVM runs without a startup archive: on a first run (the archive being
 * made), with {@code ENTIRE_STARTUP_ARCHIVE=off}, or where no archive can be made. Reading, parsing
 * and defining ~550 classes of the jar is then about half of a command's time, and on a second core
 * it overlaps {@code main}'s own work (a first ls-remote ~45 ms faster here).
 *
 * <p>The launcher names the list in the system property {@value #PROPERTY}: a JVM class list
 * ({@code -XX:SharedClassListFile} format), whose class lines ({@code java/util/Foo}, maybe
 * followed by {@code id: <n>}) name the classes in the order a training run loaded them; lines
 * starting with {@code @} or {@code #} are not classes, and the line {@value #END_OF_PRELOAD} ends
 * what is preloaded (below it the build lists the classes of the JDK's own archive, for the startup
 * archive a first run makes). Loading runs no code of the class (no static initialiser); a name
 * that is not found is skipped: the list is a hint, never a requirement.
 *
 * <p>Stateless.
 */
final class StartupClassList {
  /** The system property that names the list. */
  static final String PROPERTY = "entire.helper.startupClasses";

  /** The line after which the list holds nothing to preload. */
  static final String END_OF_PRELOAD = "# end of preload";

  private StartupClassList() {}

  /**
   * Loads each listed class that {@code loader} finds, without initialising it.
   *
   * @return how many classes were loaded (or were already)
   */
  static int preload(Path list, ClassLoader loader) {
    int loaded = 0;
    try (BufferedReader lines = Files.newBufferedReader(list, StandardCharsets.UTF_8)) {
      for (String line = lines.readLine();
          line != null && !line.equals(END_OF_PRELOAD);
          line = lines.readLine()) {
        if (line.isEmpty() || line.charAt(0) == '@' || line.charAt(0) == '#') {
          continue;
        }
        int end = line.indexOf(' ');
        String name = (end < 0 ? line : line.substring(0, end)).replace('/', '.');
        try {
          Class.forName(name, false, loader);
          loaded++;
        } catch (ClassNotFoundException | LinkageError e) {
          // Another JDK's or another build's class: only a hint.
        }
      }
    } catch (IOException | RuntimeException e) {
      // An unreadable list costs the head start, nothing else.
    }
    return loaded;
  }
}
