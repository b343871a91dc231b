package io.entire.transport.domain;

import java.util.Set;

/**
 * A tiny public suffix list for tests: knows {@code com}, {@code dev}, {@code io}, {@code uk},
 * {@code co.uk} and {@code github.io}; anything else falls back to the last label (the implicit
 * {@code *} rule).
 */
final class TestPublicSuffixes implements PublicSuffixList {
  static final TestPublicSuffixes INSTANCE = new TestPublicSuffixes();

  private static final Set<String> SUFFIXES =
      Set.of("com", "dev", "io", "uk", "co.uk", "github.io");

  @Override
  public String publicSuffixOf(String hostname) {
    String longest = null;
    for (String suffix : SUFFIXES) {
      if ((hostname.equals(suffix) || hostname.endsWith("." + suffix))
          && (longest == null || suffix.length() > longest.length())) {
        longest = suffix;
      }
    }
    return longest != null ? longest : LAST_LABEL.publicSuffixOf(hostname);
  }
}
