package io.entire.transport.domain;

/**
 * {@link PublicSuffixList#LAST_LABEL}: the last label is the public suffix. A class rather than a
 * lambda: a startup archive links no lambda of an interface's static initialiser ahead of time, and
 * spinning one costs a git command's start ~1 ms (DESIGN §7). Stateless, thread-safe.
 */
final class LastLabelSuffix implements PublicSuffixList {
  @Override
  public String publicSuffixOf(String hostname) {
    int dot = hostname.lastIndexOf('.');
    return dot < 0 ? hostname : hostname.substring(dot + 1);
  }
}
