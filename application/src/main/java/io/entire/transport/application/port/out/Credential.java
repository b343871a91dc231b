package io.entire.transport.application.port.out;

import io.entire.transport.domain.Headers;

/**
 * A credential as headers to add to a request. Adapters may return their own implementation to
 * recognise it again in {@link CredentialPort#rejected} / {@link CredentialPort#accepted}.
 *
 * <p>Implementations must be immutable and must not reveal secrets in {@code toString()}.
 *
 * @since 0.1
 */
public interface Credential {

  /** No credential: adds nothing. */
  Credential NONE =
      new Credential() {
        @Override
        public Headers headers() {
          return Headers.empty();
        }

        @Override
        public String toString() {
          return "Credential[none]";
        }
      };

  /** Returns the headers to add (typically {@code Authorization}). */
  Headers headers();

  /** A credential of one header; its {@code toString()} shows only the header name. */
  static Credential header(String name, String value) {
    Headers headers = Headers.empty().with(name, value);
    return new Credential() {
      @Override
      public Headers headers() {
        return headers;
      }

      @Override
      public String toString() {
        return "Credential[" + name + "]";
      }
    };
  }
}
