package io.entire.transport.application.service;

import io.entire.transport.domain.TransportException;
import java.net.URI;

/**
 * The entry domain could not be reached (C1), worded as {@code entry domain <url>: <reason>}: the
 * cold-path counterpart of {@link NodeFailure}, so the combined warm-and-cold error (W2) names the
 * entry domain once.
 */
final class EntryDomainFailure extends TransportException {
  private static final long serialVersionUID = 1L;

  EntryDomainFailure(URI entryUrl, Throwable cause) {
    super("entry domain " + entryUrl + ": " + NodeFailure.describe(cause), cause);
  }
}
