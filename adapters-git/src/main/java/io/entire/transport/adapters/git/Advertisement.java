package io.entire.transport.adapters.git;

import io.entire.transport.domain.GitService;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An {@code info/refs} answer of a smart-HTTP server, without its {@code # service=} section: a
 * protocol v2 capability advertisement, or a v0/v1 ref advertisement with its refs, capabilities
 * and symrefs parsed (G3, G4). The body is what {@code git fetch-pack}/{@code git send-pack} and
 * git itself are fed.
 *
 * <p>Immutable and thread-safe.
 */
final class Advertisement {

  /** The protocol version the server answered with. */
  enum Version {
    V0,
    V1,
    V2
  }

  /** One advertised ref. */
  record Ref(String oid, String name) {}

  private static final String CAPABILITIES_REF = "capabilities^{}";

  /** What receive-pack advertises for the tips of alternates; not a ref, never listed. */
  private static final String HAVE = ".have";

  /** The object formats git knows ({@code hash_algo_by_name}). */
  private static final List<String> OBJECT_FORMATS = List.of("sha1", "sha256");

  /**
   * The most of an {@code info/refs} body the helper holds (hardening_5). The ref advertisement is
   * parsed and handed to git whole, as git's own http helper does (it buffers info/refs too), so it
   * has to fit in memory; 64 MiB is several times the advertisement of a repository with a million
   * refs. The same limit serves the v2 capability advertisement: a server that does not speak v2
   * answers that request with its v0 ref advertisement, which the helper then lists.
   */
  static final int DEFAULT_MAX_BYTES = 64 * 1024 * 1024;

  private final GitService service;
  private final byte[] body;
  private final Version version;
  private final List<Ref> refs;
  private final Map<String, String> symrefs;
  private final String objectFormat;

  private Advertisement(
      GitService service,
      byte[] body,
      Version version,
      List<Ref> refs,
      Map<String, String> symrefs,
      String objectFormat) {
    this.service = service;
    this.body = body;
    this.version = version;
    this.refs = refs;
    this.symrefs = symrefs;
    this.objectFormat = objectFormat;
  }

  /**
   * Reads an {@code info/refs} body of at most {@code maxBytes} bytes and parses it. A longer body
   * (an endless one, or a small gzip body that inflates to gigabytes) is refused as soon as it
   * passes the limit, so only the limit is ever held in memory (hardening_5).
   *
   * @param in the body; read up to its end or one byte past the limit, not closed
   * @param service the service that was asked for
   * @param origin where it came from, for messages (e.g. the repository URL)
   * @param maxBytes the limit
   * @return the advertisement
   * @throws IOException a {@link PktLineException} naming the limit, or what is wrong with it
   */
  static Advertisement read(InputStream in, GitService service, String origin, int maxBytes)
      throws IOException {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    byte[] buffer = new byte[64 * 1024];
    int n;
    while ((n = in.read(buffer)) >= 0) {
      if (n > maxBytes - body.size()) {
        throw new PktLineException(
            "info/refs response of " + origin + " is larger than " + describeSize(maxBytes));
      }
      body.write(buffer, 0, n);
    }
    return parse(body.toByteArray(), service, origin);
  }

  private static String describeSize(int bytes) {
    int mib = 1024 * 1024;
    return bytes % mib == 0 ? bytes / mib + " MiB" : bytes + " bytes";
  }

  /**
   * Parses an {@code info/refs} body.
   *
   * @param raw the whole body, possibly starting with a {@code # service=} section
   * @param service the service that was asked for
   * @param origin where it came from, for messages (e.g. the repository URL)
   * @return the advertisement
   * @throws IOException a {@link PktLineException} naming what is wrong
   */
  static Advertisement parse(byte[] raw, GitService service, String origin) throws IOException {
    String source = "info/refs response of " + origin;
    if (raw.length == 0) {
      throw new PktLineException("protocol error in " + source + ": empty response");
    }
    ByteArrayInputStream in = new ByteArrayInputStream(raw);
    PktLineReader reader = new PktLineReader(in, source);
    PktLine first;
    try {
      first = reader.readRequired("the first packet");
    } catch (PktLineException e) {
      throw new PktLineException(e.getMessage() + " (is this a smart git HTTP server?)");
    }
    int bodyStart = 0;
    if (first.isData() && first.text().startsWith("# service=")) {
      String expected = "# service=" + service.serviceName();
      if (!first.text().equals(expected)) {
        throw reader.error(
            "expected '" + expected + "', got '" + PeerText.printable(first.text()) + "'");
      }
      // The section may carry further metadata lines up to its flush; git ignores them.
      PktLine line;
      do {
        line = reader.readRequired("the flush ending the service section");
      } while (!line.isFlush());
      bodyStart = raw.length - in.available();
    }
    byte[] body = Arrays.copyOfRange(raw, bodyStart, raw.length);
    return parseBody(body, service, source);
  }

  private static Advertisement parseBody(byte[] body, GitService service, String source)
      throws IOException {
    PktLineReader reader = new PktLineReader(new ByteArrayInputStream(body), source);
    PktLine line = reader.readRequired("the advertisement");
    Version version = Version.V0;
    if (line.isData() && line.text().equals("version 2")) {
      checkCapabilityAdvertisement(reader);
      return new Advertisement(service, body, Version.V2, List.of(), Map.of(), null);
    }
    if (line.isData() && line.text().equals("version 1")) {
      version = Version.V1;
      line = reader.readRequired("the ref advertisement");
    }
    List<Ref> refs = new ArrayList<>();
    Map<String, String> symrefs = new LinkedHashMap<>();
    String objectFormat = null;
    boolean first = true;
    while (!line.isFlush()) {
      if (!line.isData()) {
        throw reader.error("unexpected " + line.type() + " packet in a ref advertisement");
      }
      String text = line.text();
      if (text.startsWith("ERR ")) {
        throw new PktLineException("remote error: " + PeerText.printable(text.substring(4)));
      }
      if (text.startsWith("shallow ")) {
        line = reader.readRequired("the flush ending the ref advertisement");
        continue;
      }
      String refPart = text;
      int nul = text.indexOf('\0');
      if (nul >= 0) {
        if (!first) {
          throw reader.error("capabilities after the first ref line");
        }
        refPart = text.substring(0, nul);
        for (String capability : text.substring(nul + 1).split(" ")) {
          if (capability.startsWith("symref=")) {
            String spec = capability.substring("symref=".length());
            int colon = spec.indexOf(':');
            if (colon > 0 && colon < spec.length() - 1) {
              String name = spec.substring(0, colon);
              String target = spec.substring(colon + 1);
              // The target goes to git as `@<target> <name>` (G3), so it is checked like a ref.
              if (!RefName.isValid(name) || !RefName.isValid(target)) {
                throw new PktLineException(
                    "invalid symref " + PeerText.quoted(spec) + " in " + source);
              }
              symrefs.put(name, target);
            }
          } else if (capability.startsWith("object-format=")) {
            objectFormat = capability.substring("object-format=".length());
            if (!OBJECT_FORMATS.contains(objectFormat)) {
              throw new PktLineException(
                  "unsupported object format " + PeerText.quoted(objectFormat) + " in " + source);
            }
          }
        }
      }
      int space = refPart.indexOf(' ');
      if (space < 0 || !ObjectId.isHex(refPart.substring(0, space))) {
        throw reader.error("malformed ref line '" + PeerText.printable(refPart) + "'");
      }
      String name = refPart.substring(space + 1);
      if (name.isEmpty()) {
        throw reader.error("ref line without a ref name");
      }
      if (!(first && name.equals(CAPABILITIES_REF))) {
        // hardening_1: `list` relays names to git line by line; one carrying a line feed would
        // let the server write helper lines of its own. Refuse the whole advertisement.
        if (!name.equals(HAVE) && !RefName.isValidAdvertised(name)) {
          throw new PktLineException("invalid ref name " + PeerText.quoted(name) + " in " + source);
        }
        refs.add(new Ref(refPart.substring(0, space), name));
      }
      first = false;
      line = reader.readRequired("the flush ending the ref advertisement");
    }
    return new Advertisement(
        service,
        body,
        version,
        Collections.unmodifiableList(refs),
        Collections.unmodifiableMap(symrefs),
        objectFormat);
  }

  /**
   * Checks that a v2 capability advertisement is whole packets up to one flush and nothing after:
   * git reads it as pkt-lines, and trailing bytes would be taken for the answer to its first
   * request.
   */
  private static void checkCapabilityAdvertisement(PktLineReader reader) throws IOException {
    PktLine line;
    do {
      line = reader.readRequired("the flush ending the capability advertisement");
    } while (!line.isFlush());
    if (reader.read() != null) {
      throw reader.error("data after the flush ending the capability advertisement");
    }
  }

  /** Returns the service this advertisement is for. */
  GitService service() {
    return service;
  }

  /** Returns the body without the {@code # service=} section (a copy). */
  byte[] body() {
    return body.clone();
  }

  /** Returns the protocol version the server answered with. */
  Version version() {
    return version;
  }

  /** Returns the advertised refs (v0/v1), without the {@code capabilities^{}} placeholder. */
  List<Ref> refs() {
    return refs;
  }

  /** Returns the symrefs from the {@code symref=} capabilities, e.g. HEAD → refs/heads/main. */
  Map<String, String> symrefs() {
    return symrefs;
  }

  /** Returns the object format: the {@code object-format=} capability, else {@code sha1}. */
  String objectFormat() {
    return objectFormat == null ? "sha1" : objectFormat;
  }

  /**
   * The answer to {@code list} / {@code list for-push} (G3): {@code :object-format} when asked,
   * then {@code <oid> <ref>} lines, {@code @<target> <ref>} for symrefs, ending with a blank line.
   *
   * @param forPush keep only real {@code refs/…} names, as git does for pushes
   * @param withObjectFormat whether git set {@code option object-format true}
   */
  String listing(boolean forPush, boolean withObjectFormat) {
    StringBuilder out = new StringBuilder();
    if (withObjectFormat) {
      out.append(":object-format ").append(objectFormat()).append('\n');
    }
    for (Ref ref : refs) {
      if (ref.name().equals(".have")) {
        continue;
      }
      if (forPush && (!ref.name().startsWith("refs/") || ref.name().endsWith("^{}"))) {
        continue;
      }
      String target = symrefs.get(ref.name());
      if (target != null) {
        out.append('@').append(target).append(' ').append(ref.name()).append('\n');
      } else {
        out.append(ref.oid()).append(' ').append(ref.name()).append('\n');
      }
    }
    return out.append('\n').toString();
  }
}
