package io.entire.transport.architecture;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What changed between the committed listing of the public API and the listing of the compiled
 * classes (L7): lines only the classes have (added) and lines only the file has (removed).
 *
 * @param added lines of the current API missing from the committed file, in order
 * @param removed lines of the committed file the current API no longer has, in order
 */
record ListingDifference(List<String> added, List<String> removed) {

  /** The command that rewrites {@code api/public-api.txt} from the compiled classes. */
  static final String UPDATE_COMMAND =
      "mvn -B -pl architecture-tests -am verify -Dtest=PublicApiTest"
          + " -Dsurefire.failIfNoSpecifiedTests=false -Dapi.update=true";

  ListingDifference {
    added = List.copyOf(added);
    removed = List.copyOf(removed);
  }

  /** Compares {@code committed} (the file's lines) with {@code current} (the classes' lines). */
  static ListingDifference between(List<String> committed, List<String> current) {
    Set<String> committedLines = new LinkedHashSet<>(committed);
    Set<String> currentLines = new LinkedHashSet<>(current);
    List<String> added = new ArrayList<>();
    for (String line : currentLines) {
      if (!committedLines.contains(line)) {
        added.add(line);
      }
    }
    List<String> removed = new ArrayList<>();
    for (String line : committedLines) {
      if (!currentLines.contains(line)) {
        removed.add(line);
      }
    }
    return new ListingDifference(added, removed);
  }

  /** True when the file and the classes list the same API. */
  boolean isEmpty() {
    return added.isEmpty() && removed.isEmpty();
  }

  /** The failure message: every added and removed line, and how to accept the change. */
  String describe(String listingFile) {
    StringBuilder message =
        new StringBuilder("The public API differs from the committed listing ")
            .append(listingFile)
            .append(" (L7).\n");
    if (!added.isEmpty()) {
      message.append("Added (in the code, not in the file):\n");
      added.forEach(line -> message.append("+ ").append(line).append('\n'));
    }
    if (!removed.isEmpty()) {
      message.append("Removed (in the file, not in the code):\n");
      removed.forEach(line -> message.append("- ").append(line).append('\n'));
    }
    return message
        .append("If the change is intended, rewrite the listing and commit it with the change:\n  ")
        .append(UPDATE_COMMAND)
        .append('\n')
        .append("If a type is not meant for users, mark it @API(status = INTERNAL) instead.")
        .toString();
  }
}
