package io.entire.transport.domain;

import static org.apiguardian.api.API.Status.INTERNAL;

import java.util.Objects;
import org.apiguardian.api.API;

/**
 * The rule for a {@code User-Agent} value that can go on the wire: printable and not blank. The
 * client's builder, the transport's configuration and the HTTP adapter's settings all check with
 * it.
 *
 * <p>Stateless and thread-safe.
 */
@API(status = INTERNAL)
public final class UserAgent {
  private UserAgent() {}

  /**
   * Returns {@code userAgent} when it can go on the wire.
   *
   * @param userAgent the value
   * @return the value
   * @throws IllegalArgumentException when it is blank or holds a control character (the message
   *     quotes it with control characters shown as {@code ?})
   * @throws NullPointerException when it is null
   */
  public static String require(String userAgent) {
    Objects.requireNonNull(userAgent, "userAgent");
    if (userAgent.isBlank() || ControlCharacters.in(userAgent)) {
      throw new IllegalArgumentException(
          "userAgent must be printable and not blank: \""
              + userAgent.replaceAll("\\p{Cntrl}", "?")
              + "\"");
    }
    return userAgent;
  }
}
