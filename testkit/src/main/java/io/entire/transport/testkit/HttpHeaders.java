package io.entire.transport.testkit;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** An ordered list of HTTP header fields with case-insensitive lookup. Not thread-safe. */
final class HttpHeaders {

  private final List<Map.Entry<String, String>> entries = new ArrayList<>();

  static HttpHeaders plainText() {
    return new HttpHeaders().add("Content-Type", "text/plain; charset=utf-8");
  }

  HttpHeaders add(String name, String value) {
    entries.add(Map.entry(name, value));
    return this;
  }

  HttpHeaders set(String name, String value) {
    remove(name);
    return add(name, value);
  }

  /** Adds {@code name} only when no field of that name is present yet. */
  HttpHeaders addIfAbsent(String name, String value) {
    return contains(name) ? this : add(name, value);
  }

  void remove(String name) {
    entries.removeIf(e -> e.getKey().equalsIgnoreCase(name));
  }

  String first(String name) {
    for (Map.Entry<String, String> e : entries) {
      if (e.getKey().equalsIgnoreCase(name)) {
        return e.getValue();
      }
    }
    return null;
  }

  boolean contains(String name) {
    return first(name) != null;
  }

  List<Map.Entry<String, String>> entries() {
    return entries;
  }
}
