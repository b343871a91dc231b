package io.entire.transport.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * An ordered list of HTTP header fields with case-insensitive names.
 *
 * <p>Immutable and thread-safe: {@link #with} and {@link #without} return new instances. {@link
 * #toString()} redacts {@code Authorization} values, so a {@code Headers} can be logged safely.
 *
 * @since 0.1
 */
public final class Headers {
  private static final Headers EMPTY = new Headers(List.of());

  /**
   * One header field.
   *
   * @param name the field name as given
   * @param value the field value
   * @since 0.1
   */
  public record Field(String name, String value) {
    /** Validates that neither part contains CR, LF or NUL (header injection). */
    public Field {
      Objects.requireNonNull(name, "header name");
      Objects.requireNonNull(value, "header value");
      if (name.isEmpty() || containsLineBreakOrNul(name) || containsLineBreakOrNul(value)) {
        throw new IllegalArgumentException("invalid header field: " + name);
      }
    }

    @Override
    public String toString() {
      return name + ": " + (isSensitive(name) ? "<redacted>" : value);
    }
  }

  private final List<Field> fields;

  private Headers(List<Field> fields) {
    this.fields = fields;
  }

  /** No headers. */
  public static Headers empty() {
    return EMPTY;
  }

  /** Returns whether a header name carries secrets and must never be logged. */
  public static boolean isSensitive(String name) {
    String n = name.toLowerCase(Locale.ROOT);
    return n.equals("authorization") || n.equals("proxy-authorization") || n.equals("cookie");
  }

  private static boolean containsLineBreakOrNul(String s) {
    return s.indexOf('\r') >= 0 || s.indexOf('\n') >= 0 || s.indexOf('\0') >= 0;
  }

  /** These headers with {@code name} set to exactly one value, replacing earlier ones. */
  public Headers with(String name, String value) {
    Field field = new Field(name, value);
    List<Field> next = new ArrayList<>(fields.size() + 1);
    for (Field f : fields) {
      if (!f.name().equalsIgnoreCase(name)) {
        next.add(f);
      }
    }
    next.add(field);
    return new Headers(List.copyOf(next));
  }

  /** These headers plus one more field, keeping existing ones of the same name. */
  public Headers plus(String name, String value) {
    List<Field> next = new ArrayList<>(fields);
    next.add(new Field(name, value));
    return new Headers(List.copyOf(next));
  }

  /** These headers plus every field of {@code other}, each replacing fields of the same name. */
  public Headers withAll(Headers other) {
    Headers result = this;
    for (String name : other.names()) {
      result = result.without(name);
      for (String value : other.all(name)) {
        result = result.plus(name, value);
      }
    }
    return result;
  }

  /** These headers without any field named {@code name}. */
  public Headers without(String name) {
    List<Field> next = new ArrayList<>(fields.size());
    for (Field f : fields) {
      if (!f.name().equalsIgnoreCase(name)) {
        next.add(f);
      }
    }
    return next.size() == fields.size() ? this : new Headers(List.copyOf(next));
  }

  /** The first value of a header. */
  public Optional<String> first(String name) {
    for (Field f : fields) {
      if (f.name().equalsIgnoreCase(name)) {
        return Optional.of(f.value());
      }
    }
    return Optional.empty();
  }

  /** All values of a header, in order. */
  public List<String> all(String name) {
    List<String> values = new ArrayList<>();
    for (Field f : fields) {
      if (f.name().equalsIgnoreCase(name)) {
        values.add(f.value());
      }
    }
    return values;
  }

  /** Returns whether a header is present. */
  public boolean contains(String name) {
    return first(name).isPresent();
  }

  /** The distinct names, in first-seen order. */
  public List<String> names() {
    List<String> names = new ArrayList<>();
    for (Field f : fields) {
      if (names.stream().noneMatch(n -> n.equalsIgnoreCase(f.name()))) {
        names.add(f.name());
      }
    }
    return names;
  }

  /** Every field, in order. */
  public List<Field> fields() {
    return fields;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Headers other && fields.equals(other.fields);
  }

  @Override
  public int hashCode() {
    return fields.hashCode();
  }

  /** Lists the fields with sensitive values redacted. */
  @Override
  public String toString() {
    return fields.toString();
  }
}
