package io.entire.transport.adapters.http;

import io.entire.transport.domain.CredentialSecrets;
import io.entire.transport.domain.Headers;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.StringJoiner;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Converts HttpClient message headers to {@link Headers}, and prints headers for debug logs. */
final class WireHeaders {
  private static final Logger log = LoggerFactory.getLogger(WireHeaders.class);

  private WireHeaders() {}

  /**
   * The headers of a received message. A field {@link Headers} refuses (a NUL in a value) is
   * dropped rather than failing the exchange: a server must not be able to crash the client.
   */
  static Headers of(HttpMessage message) {
    Headers headers = Headers.empty();
    for (Header header : message.getHeaders()) {
      try {
        headers = headers.plus(header.getName(), header.getValue());
      } catch (IllegalArgumentException e) {
        log.debug("dropping an invalid response header field named {}", printable(header));
      }
    }
    return headers;
  }

  /**
   * Request fields whose values are protocol, never a secret: the transport sets them itself. Every
   * other request field may come from a user's extra headers (N4; git's {@code http.extraHeader}
   * often carries a token), so its value is never printed.
   */
  private static final Set<String> PROTOCOL_FIELDS =
      Set.of(
          "accept",
          "accept-encoding",
          "connection",
          "content-encoding",
          "content-length",
          "content-type",
          "git-protocol",
          "host",
          "transfer-encoding",
          "user-agent",
          "x-entire-push-size");

  /** Prints request headers for a debug log: only {@link #PROTOCOL_FIELDS} show their values. */
  static String forRequestLog(Headers sent) {
    StringJoiner joined = new StringJoiner(", ", "[", "]");
    for (Headers.Field field : sent.fields()) {
      joined.add(field.name() + ": " + (isProtocol(field.name()) ? field.value() : "<redacted>"));
    }
    return joined.toString();
  }

  /**
   * Prints headers for a debug log: values of credential-bearing fields ({@link
   * Headers#isSensitive}, and {@code Set-Cookie}) are never printed.
   */
  static String forLog(Headers headers) {
    StringJoiner joined = new StringJoiner(", ", "[", "]");
    for (Headers.Field field : headers.fields()) {
      joined.add(field.name() + ": " + (isSecret(field.name()) ? "<redacted>" : field.value()));
    }
    return joined.toString();
  }

  /**
   * Prints response headers for a debug log like {@link #forLog(Headers)}, and also redacts, in any
   * field, the credential values the request carried: a server that echoes the request's {@code
   * Authorization} in a header of its own must not get the token into the log (A5).
   *
   * @param received the response headers
   * @param sent the request headers, whose values other than protocol ones are redacted wherever
   *     they appear
   */
  static String forLog(Headers received, Headers sent) {
    List<String> secrets = new ArrayList<>();
    for (Headers.Field field : sent.fields()) {
      if (!isProtocol(field.name())) {
        secrets.addAll(CredentialSecrets.of(field.value()));
      }
    }
    String printed = forLog(received);
    for (String secret : secrets) {
      printed = printed.replace(secret, "<redacted>");
    }
    return printed;
  }

  private static boolean isProtocol(String name) {
    return PROTOCOL_FIELDS.contains(name.toLowerCase(Locale.ROOT));
  }

  private static boolean isSecret(String name) {
    return Headers.isSensitive(name) || name.toLowerCase(Locale.ROOT).equals("set-cookie");
  }

  private static String printable(Header header) {
    return header.getName().replaceAll("[^\\x21-\\x7e]", "?");
  }
}
