package io.entire.transport.adapters.http;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The little DER (ITU-T X.690) the key conversions of {@link PemKey} need: writing a SEQUENCE,
 * OCTET STRING and the fixed AlgorithmIdentifiers, and splitting a SEQUENCE into its elements.
 */
final class Der {
  static final int SEQUENCE = 0x30;
  static final int OCTET_STRING = 0x04;
  static final int OBJECT_IDENTIFIER = 0x06;

  /** The context-specific constructed tag [0], where SEC1 keeps the curve. */
  static final int CONTEXT_0 = 0xa0;

  /** INTEGER 0: the version of a PKCS#8 PrivateKeyInfo. */
  static final byte[] VERSION_0 = {0x02, 0x01, 0x00};

  /** AlgorithmIdentifier rsaEncryption (1.2.840.113549.1.1.1) with NULL parameters. */
  static final byte[] RSA_ALGORITHM = {
    0x30,
    0x0d,
    0x06,
    0x09,
    0x2a,
    (byte) 0x86,
    0x48,
    (byte) 0x86,
    (byte) 0xf7,
    0x0d,
    0x01,
    0x01,
    0x01,
    0x05,
    0x00
  };

  /** OBJECT IDENTIFIER id-ecPublicKey (1.2.840.10045.2.1). */
  static final byte[] EC_PUBLIC_KEY = {
    0x06, 0x07, 0x2a, (byte) 0x86, 0x48, (byte) 0xce, 0x3d, 0x02, 0x01
  };

  /**
   * One element: its tag and its whole encoding.
   *
   * @param tag the identifier octet
   * @param encoded tag, length and content
   * @param content the content only
   */
  record Element(int tag, byte[] encoded, byte[] content) {}

  private Der() {}

  /** Encodes a value from its tag and content. */
  static byte[] encode(int tag, byte[]... contents) {
    ByteArrayOutputStream content = new ByteArrayOutputStream();
    for (byte[] part : contents) {
      content.writeBytes(part);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(tag);
    int length = content.size();
    if (length < 0x80) {
      out.write(length);
    } else {
      int octets = (Integer.SIZE - Integer.numberOfLeadingZeros(length) + 7) / 8;
      out.write(0x80 | octets);
      for (int shift = (octets - 1) * 8; shift >= 0; shift -= 8) {
        out.write(length >>> shift);
      }
    }
    out.writeBytes(content.toByteArray());
    return out.toByteArray();
  }

  /**
   * The elements inside a SEQUENCE.
   *
   * @return the elements, or empty when {@code der} is not exactly one well-formed SEQUENCE
   */
  static Optional<List<Element>> sequence(byte[] der) {
    Optional<Element> outer = element(der, 0).filter(e -> e.encoded().length == der.length);
    if (outer.isEmpty() || outer.get().tag() != SEQUENCE) {
      return Optional.empty();
    }
    byte[] content = outer.get().content();
    List<Element> elements = new ArrayList<>();
    for (int offset = 0; offset < content.length; ) {
      Optional<Element> next = element(content, offset);
      if (next.isEmpty()) {
        return Optional.empty();
      }
      elements.add(next.get());
      offset += next.get().encoded().length;
    }
    return Optional.of(elements);
  }

  /** Reads the element at {@code offset}: definite lengths only, as DER requires. */
  private static Optional<Element> element(byte[] der, int offset) {
    if (offset + 2 > der.length) {
      return Optional.empty();
    }
    int tag = der[offset] & 0xff;
    int first = der[offset + 1] & 0xff;
    int header = 2;
    long length = first;
    if (first >= 0x80) {
      int octets = first & 0x7f;
      if (octets == 0 || octets > 3 || offset + 2 + octets > der.length) {
        return Optional.empty();
      }
      length = 0;
      for (int i = 0; i < octets; i++) {
        length = (length << 8) | (der[offset + 2 + i] & 0xff);
      }
      header += octets;
    }
    int end = offset + header + (int) length;
    if (end > der.length) {
      return Optional.empty();
    }
    return Optional.of(
        new Element(
            tag,
            Arrays.copyOfRange(der, offset, end),
            Arrays.copyOfRange(der, offset + header, end)));
  }
}
