package io.entire.transport.bootstrap.helper;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The build's list of the classes a start loads, preloaded when there is no startup archive. */
class StartupClassListTest {
  @TempDir Path temp;

  /** Records the names it is asked for; finds the test's classes and the JDK's only. */
  private static final class RecordingLoader extends ClassLoader {
    final List<String> asked = new ArrayList<>();

    RecordingLoader() {
      super(StartupClassListTest.class.getClassLoader());
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
      asked.add(name);
      return super.loadClass(name, resolve);
    }
  }

  /** Classes whose static initialiser ran (kept here: reading theirs would run it). */
  static final List<String> INITIALISED = new java.util.concurrent.CopyOnWriteArrayList<>();

  /** Loading it must not run it. */
  static final class NotToBeInitialised {
    static {
      INITIALISED.add(NotToBeInitialised.class.getName());
    }
  }

  @Test
  void loadsEachListedClassInOrder_withoutInitialisingIt_andSkipsWhatIsNotFound()
      throws IOException {
    Path list = temp.resolve("classes.txt");
    Files.writeString(
        list,
        String.join(
            "\n",
            NotToBeInitialised.class.getName(),
            "io.entire.transport.NoSuchClass",
            "not a class name ;-)",
            "",
            "java.util.concurrent.Phaser"));
    RecordingLoader loader = new RecordingLoader();

    int loaded = StartupClassList.preload(list, loader);

    assertEquals(2, loaded);
    // In the list's order; a name that cannot be a class is refused before any loader is asked.
    assertEquals(
        List.of(
            NotToBeInitialised.class.getName(),
            "io.entire.transport.NoSuchClass",
            "java.util.concurrent.Phaser"),
        loader.asked.stream().filter(n -> !n.contains(" ") && !n.isEmpty()).toList());
    assertEquals(List.of(), INITIALISED, "loaded, not initialised");
  }

  @Test
  void aMissingList_loadsNothing_andThrowsNothing() {
    assertEquals(0, StartupClassList.preload(temp.resolve("absent.txt"), new RecordingLoader()));
  }
}
