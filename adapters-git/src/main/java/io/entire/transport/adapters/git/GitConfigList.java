package io.entire.transport.adapters.git;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The entries of {@code git config -z --list}, in git's order (system, global, local, worktree,
 * then {@code -c} and {@code GIT_CONFIG_*} entries), duplicates kept: an ordered multimap from key
 * to value.
 *
 * <p>git prints each entry as {@code key\nvalue\0}; a key written without {@code =} in the file (a
 * boolean {@code true}) has no {@code \n} and no value. Keys come as git prints them: section and
 * variable name lower case, a subsection (such as the URL of {@code http.<url>.proxy}) as written.
 *
 * <p>Immutable and thread-safe.
 *
 * @since 0.2
 */
public final class GitConfigList {
  /**
   * One configuration entry.
   *
   * @param key the key as git prints it, e.g. {@code http.https://example.dev/.proxy}
   * @param value the value, or null for a key written without a value (git reads it as {@code
   *     true})
   * @since 0.2
   */
  public record Entry(String key, String value) {
    /**
     * Checks the key.
     *
     * @throws NullPointerException when key is null
     */
    public Entry {
      Objects.requireNonNull(key, "key");
    }
  }

  private final List<Entry> entries;

  private GitConfigList(List<Entry> entries) {
    this.entries = List.copyOf(entries);
  }

  /**
   * A list of the given entries, in order.
   *
   * @param entries the entries; copied
   * @return the list
   */
  public static GitConfigList of(List<Entry> entries) {
    return new GitConfigList(entries);
  }

  /**
   * Parses the output of {@code git config -z --list}.
   *
   * @param output the bytes git printed (UTF-8, as git stores them)
   * @return the entries in git's order
   * @throws IllegalArgumentException when the output is not NUL-terminated entries or has an empty
   *     key (the message names the entry's position, never a value)
   */
  public static GitConfigList parse(byte[] output) {
    String text = new String(output, StandardCharsets.UTF_8);
    List<Entry> entries = new ArrayList<>();
    int start = 0;
    while (start < text.length()) {
      int end = text.indexOf('\0', start);
      if (end < 0) {
        throw new IllegalArgumentException(
            "git config output: entry " + (entries.size() + 1) + " is not NUL-terminated");
      }
      int newline = text.indexOf('\n', start);
      boolean hasValue = newline >= 0 && newline < end;
      String key = text.substring(start, hasValue ? newline : end);
      if (key.isEmpty()) {
        throw new IllegalArgumentException(
            "git config output: entry " + (entries.size() + 1) + " has an empty key");
      }
      entries.add(new Entry(key, hasValue ? text.substring(newline + 1, end) : null));
      start = end + 1;
    }
    return new GitConfigList(entries);
  }

  /** Returns every entry in git's order. */
  public List<Entry> entries() {
    return entries;
  }

  /**
   * Returns the values of one key in order (git's multi-valued view of a key).
   *
   * @param key the key, compared exactly (git prints section and name in lower case)
   * @return the values, null for a key without a value
   */
  public List<String> values(String key) {
    List<String> values = new ArrayList<>();
    for (Entry entry : entries) {
      if (entry.key().equals(key)) {
        values.add(entry.value());
      }
    }
    return values;
  }

  /** Returns the number of entries and never a value (values may hold credentials). */
  @Override
  public String toString() {
    return "GitConfigList[" + entries.size() + " entries]";
  }
}
