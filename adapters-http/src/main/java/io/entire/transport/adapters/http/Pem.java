package io.entire.transport.adapters.http;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the blocks of a PEM file (RFC 7468): {@code -----BEGIN LABEL-----}, optional RFC 1421
 * headers such as {@code Proc-Type: 4,ENCRYPTED} and a blank line, base64 lines, {@code -----END
 * LABEL-----}. Text between blocks (comments, blank lines) is ignored, as OpenSSL ignores it.
 * Errors name the file and line and never the content.
 */
final class Pem {
  private static final Pattern BEGIN = Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----");

  /**
   * One block.
   *
   * @param label the label, e.g. {@code CERTIFICATE} or {@code RSA PRIVATE KEY}
   * @param headers the RFC 1421 headers, e.g. {@code Proc-Type}; usually none
   * @param der the decoded content
   * @param line the line of the BEGIN marker, from 1
   */
  record Block(String label, Map<String, String> headers, byte[] der, int line) {}

  private Pem() {}

  /**
   * Reads every block of a file.
   *
   * @throws PemException when the file is missing or unreadable, a block has no END line, or its
   *     base64 is bad
   */
  static List<Block> read(Path file) throws PemException {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.ISO_8859_1);
    } catch (NoSuchFileException e) {
      throw new PemException(file + ": no such file");
    } catch (IOException e) {
      throw new PemException(file + ": cannot be read (" + e.getClass().getSimpleName() + ")", e);
    }
    List<Block> blocks = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      Matcher begin = BEGIN.matcher(lines.get(i).strip());
      if (!begin.matches()) {
        continue;
      }
      String label = begin.group(1);
      int start = i;
      Map<String, String> headers = new LinkedHashMap<>();
      StringBuilder base64 = new StringBuilder();
      boolean inHeaders = true;
      for (i++; ; i++) {
        if (i >= lines.size()) {
          throw new PemException(
              file + ": the " + label + " block at line " + (start + 1) + " has no END line");
        }
        String line = lines.get(i).strip();
        if (line.equals("-----END " + label + "-----")) {
          break;
        }
        int colon = line.indexOf(':');
        if (inHeaders && colon > 0) {
          headers.put(line.substring(0, colon).strip(), line.substring(colon + 1).strip());
          continue;
        }
        inHeaders = false;
        base64.append(line);
      }
      try {
        byte[] der = Base64.getDecoder().decode(base64.toString());
        blocks.add(new Block(label, Map.copyOf(headers), der, start + 1));
      } catch (IllegalArgumentException e) {
        // The decoder's message quotes the offending character: it is not passed on.
        throw new PemException(
            file + ": bad base64 in the " + label + " block at line " + (start + 1));
      }
    }
    return blocks;
  }
}
