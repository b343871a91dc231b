package io.entire.transport.adapters.git;

import java.math.BigInteger;
import java.util.Locale;
import java.util.Optional;

/**
 * git's boolean config values (git-config(1) "boolean"): {@code true/yes/on}, {@code false/no/off},
 * case-insensitive; the empty string is false; a key without a value is true; and an integer —
 * decimal, {@code 0x} hex or {@code 0} octal, optionally with a {@code k}, {@code m} or {@code g}
 * unit, at most {@code INT_MAX} in magnitude, leading white space allowed as {@code strtoimax}
 * allows it — is true unless it is zero. Other spaces are refused, as git refuses {@code " true"}
 * and {@code "1 "}.
 */
final class GitBoolean {
  private GitBoolean() {}

  /**
   * Parses a value.
   *
   * @param value the value, null for a key without one
   * @return the boolean, or empty when git would refuse the value
   */
  static Optional<Boolean> parse(String value) {
    if (value == null) {
      return Optional.of(true);
    }
    switch (value.toLowerCase(Locale.ROOT)) {
      case "true":
      case "yes":
      case "on":
        return Optional.of(true);
      case "false":
      case "no":
      case "off":
      case "":
        return Optional.of(false);
      default:
        return integer(value).map(number -> number.signum() != 0);
    }
  }

  private static Optional<BigInteger> integer(String value) {
    // Like strtoimax, git skips leading white space before the number (not after it).
    String digits = value.replaceFirst("^[ \\t\\n\\u000B\\f\\r]+", "");
    int shift = 0;
    if (!digits.isEmpty()) {
      int unit = "kmg".indexOf(Character.toLowerCase(digits.charAt(digits.length() - 1)));
      if (unit >= 0) {
        shift = 10 * (unit + 1);
        digits = digits.substring(0, digits.length() - 1);
      }
    }
    String sign = "";
    if (digits.startsWith("-") || digits.startsWith("+")) {
      sign = digits.substring(0, 1).replace("+", "");
      digits = digits.substring(1);
    }
    int radix;
    if (digits.matches("0[xX][0-9a-fA-F]+")) {
      radix = 16;
      digits = digits.substring(2);
    } else if (digits.matches("0[0-7]+")) {
      radix = 8;
    } else if (digits.matches("0|[1-9][0-9]*")) {
      radix = 10;
    } else {
      return Optional.empty();
    }
    BigInteger number = new BigInteger(sign + digits, radix).shiftLeft(shift);
    // git reads the number (times its unit) into an int and refuses |n| > INT_MAX, not true.
    return number.abs().bitLength() < 32 ? Optional.of(number) : Optional.empty();
  }
}
