package io.entire.transport.bootstrap.helper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

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
  void loadsEachListedClassInOrder_withoutInitialisingIt_andSkipsWhatIsNotAClassOrNotFound()
      throws IOException {
    Path list = temp.resolve("helper-classes.txt");
    Files.writeString(
        list,
        String.join(
            "\n",
            "# a class list",
            NotToBeInitialised.class.getName().replace('.', '/') + " id: 7",
            "io/entire/transport/NoSuchClass",
            "@lambda-proxy java/lang/Runnable run ()Ljava/lang/Runnable; ()V",
            "@cp java/lang/Object 8 38",
            "",
            "java/util/concurrent/Phaser",
            StartupClassList.END_OF_PRELOAD,
            "java/util/concurrent/Exchanger"));
    RecordingLoader loader = new RecordingLoader();

    int loaded = StartupClassList.preload(list, loader);

    assertEquals(2, loaded);
    assertEquals(
        List.of(
            NotToBeInitialised.class.getName(),
            "io.entire.transport.NoSuchClass",
            "java.util.concurrent.Phaser"),
        loader.asked.subList(0, 3),
        "the class lines' names, in the list's order");
    assertFalse(loader.asked.contains("java.util.concurrent.Exchanger"), "none after the end");
    assertEquals(List.of(), INITIALISED, "loaded, not initialised");
  }

  @Test
  void aMissingList_loadsNothing_andThrowsNothing() {
    assertEquals(0, StartupClassList.preload(temp.resolve("absent.txt"), new RecordingLoader()));
  }
}
