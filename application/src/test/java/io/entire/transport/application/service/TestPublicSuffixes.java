package io.entire.transport.application.service;

import io.entire.transport.domain.PublicSuffixList;
import java.util.Set;

/** A tiny public suffix list: com, dev, io, uk, co.uk, github.io; else the last label. */
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
