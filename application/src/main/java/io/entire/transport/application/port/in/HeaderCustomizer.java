package io.entire.transport.application.port.in;

import io.entire.transport.domain.Headers;

/**
 * Adds or changes headers of a service request, after the transport's defaults (S1). Applied on
 * every attempt and carried across redirects (X4). Must be stateless or thread-safe; it must not
 * set {@code Authorization} (credentials come from the credential port).
 *
 * @since 0.1
 */
@FunctionalInterface
public interface HeaderCustomizer {

  /**
   * Returns the headers to send.
   *
   * @param headers the headers so far
   * @return the headers to use, usually {@code headers.with(…)}
   */
  Headers customize(Headers headers);

  /** A customizer that sets one header. */
  static HeaderCustomizer set(String name, String value) {
    Headers.Field validated = new Headers.Field(name, value);
    return h -> h.with(validated.name(), validated.value());
  }
}
