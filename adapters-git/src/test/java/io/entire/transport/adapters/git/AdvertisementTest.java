package io.entire.transport.adapters.git;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.entire.transport.domain.GitService;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** G3/G4: parsing info/refs answers and the `list` output. */
class AdvertisementTest {
  static final String A = "1".repeat(40);
  static final String B = "2".repeat(40);
  static final String C = "3".repeat(40);
  static final String ZERO = "0".repeat(40);
  static final String CAPS =
      "multi_ack thin-pack side-band-64k symref=HEAD:refs/heads/main object-format=sha1 agent=git/2";

  static byte[] v0UploadPack() {
    return Wire.of(
            "# service=git-upload-pack\n",
            "0000",
            A + " HEAD\0" + CAPS + "\n",
            A + " refs/heads/main\n",
            B + " refs/tags/v1\n",
            C + " refs/tags/v1^{}\n",
            "0000")
        .bytes();
  }

  private static Advertisement parse(byte[] raw, GitService service) throws IOException {
    return Advertisement.parse(raw, service, "https://node/r");
  }

  @Test
  void g3ParsesRefsCapabilitiesAndSymrefsAfterTheServiceSection() throws IOException {
    Advertisement ad = parse(v0UploadPack(), GitService.UPLOAD_PACK);
    assertEquals(Advertisement.Version.V0, ad.version());
    assertEquals(
        List.of(
            new Advertisement.Ref(A, "HEAD"),
            new Advertisement.Ref(A, "refs/heads/main"),
            new Advertisement.Ref(B, "refs/tags/v1"),
            new Advertisement.Ref(C, "refs/tags/v1^{}")),
        ad.refs());
    assertEquals(Map.of("HEAD", "refs/heads/main"), ad.symrefs());
    assertEquals("sha1", ad.objectFormat());
    assertTrue(
        new String(ad.body(), StandardCharsets.ISO_8859_1).startsWith("00" /* no service line */));
    assertTrue(!new String(ad.body(), StandardCharsets.ISO_8859_1).contains("# service="));
  }

  @Test
  void g3ListPrintsSymrefsAsAtTargetAndPeeledRefs() throws IOException {
    assertEquals(
        "@refs/heads/main HEAD\n"
            + A
            + " refs/heads/main\n"
            + B
            + " refs/tags/v1\n"
            + C
            + " refs/tags/v1^{}\n\n",
        parse(v0UploadPack(), GitService.UPLOAD_PACK).listing(false, false));
  }

  @Test
  void g3ObjectFormatLineOnlyWhenGitAskedForIt() throws IOException {
    Advertisement ad = parse(v0UploadPack(), GitService.UPLOAD_PACK);
    assertTrue(ad.listing(false, true).startsWith(":object-format sha1\n@refs/heads/main HEAD\n"));
    byte[] sha256 =
        Wire.of("6".repeat(64) + " refs/heads/main\0object-format=sha256\n", "0000").bytes();
    assertTrue(
        parse(sha256, GitService.UPLOAD_PACK)
            .listing(false, true)
            .startsWith(":object-format sha256\n" + "6".repeat(64) + " refs/heads/main\n"));
  }

  @Test
  void objectFormatDefaultsToSha1AsGitDoes() throws IOException {
    byte[] raw = Wire.of(A + " refs/heads/main\0agent=x\n", "0000").bytes();
    assertEquals(
        ":object-format sha1\n" + A + " refs/heads/main\n\n",
        parse(raw, GitService.UPLOAD_PACK).listing(false, true));
  }

  @Test
  void g3EmptyRepositorySkipsCapabilitiesPlaceholder() throws IOException {
    byte[] raw =
        Wire.of(
                "# service=git-receive-pack\n",
                "0000",
                ZERO + " capabilities^{}\0report-status delete-refs object-format=sha1\n",
                "0000")
            .bytes();
    Advertisement ad = parse(raw, GitService.RECEIVE_PACK);
    assertEquals(List.of(), ad.refs());
    assertEquals("\n", ad.listing(true, false));
    assertEquals(":object-format sha1\n\n", ad.listing(true, true));
  }

  @Test
  void g3ForPushKeepsOnlyRealRefs() throws IOException {
    byte[] raw =
        Wire.of(
                A + " refs/heads/main\0report-status\n",
                B + " .have\n",
                C + " refs/tags/v1^{}\n",
                A + " HEAD\n",
                "0000")
            .bytes();
    assertEquals(
        A + " refs/heads/main\n\n", parse(raw, GitService.RECEIVE_PACK).listing(true, false));
  }

  @Test
  void shallowLinesAndVersionOneAreHandled() throws IOException {
    byte[] raw =
        Wire.of(
                "# service=git-upload-pack\n",
                "0000",
                "version 1\n",
                A + " refs/heads/main\0shallow\n",
                "shallow " + B + "\n",
                "0000")
            .bytes();
    Advertisement ad = parse(raw, GitService.UPLOAD_PACK);
    assertEquals(Advertisement.Version.V1, ad.version());
    assertEquals(List.of(new Advertisement.Ref(A, "refs/heads/main")), ad.refs());
  }

  @Test
  void g4RecognisesVersion2WithAndWithoutServiceSection() throws IOException {
    byte[] bare = Wire.of("version 2\n", "agent=git/2\n", "ls-refs=unborn\n", "0000").bytes();
    Advertisement plain = parse(bare, GitService.UPLOAD_PACK);
    assertEquals(Advertisement.Version.V2, plain.version());
    assertArrayEquals(bare, plain.body());
    byte[] sectioned = new Wire().lines("# service=git-upload-pack\n", "0000").raw(bare).bytes();
    Advertisement withSection = parse(sectioned, GitService.UPLOAD_PACK);
    assertEquals(Advertisement.Version.V2, withSection.version());
    assertArrayEquals(bare, withSection.body());
  }

  @Test
  void extraMetadataInTheServiceSectionIsSkipped() throws IOException {
    byte[] raw =
        Wire.of(
                "# service=git-upload-pack\n",
                "some metadata\n",
                "0000",
                A + " refs/heads/x\0\n",
                "0000")
            .bytes();
    assertEquals(1, parse(raw, GitService.UPLOAD_PACK).refs().size());
  }

  @Test
  void aServiceLineForAnotherServiceIsRefused() {
    byte[] raw = Wire.of("# service=git-receive-pack\n", "0000", "0000").bytes();
    IOException e = assertThrows(IOException.class, () -> parse(raw, GitService.UPLOAD_PACK));
    assertTrue(e.getMessage().contains("expected '# service=git-upload-pack'"), e.getMessage());
  }

  @Test
  void aDumbOrHtmlAnswerIsNotSmartHttp() {
    byte[] raw = (A + "\trefs/heads/main\n").getBytes(StandardCharsets.US_ASCII);
    IOException e = assertThrows(IOException.class, () -> parse(raw, GitService.UPLOAD_PACK));
    assertTrue(e.getMessage().contains("smart git HTTP server"), e.getMessage());
    IOException html =
        assertThrows(
            IOException.class,
            () -> parse("<html>".getBytes(StandardCharsets.US_ASCII), GitService.UPLOAD_PACK));
    assertTrue(html.getMessage().contains("https://node/r"), html.getMessage());
  }

  @Test
  void emptyOrTruncatedAdvertisementsAreErrors() {
    assertThrows(IOException.class, () -> parse(new byte[0], GitService.UPLOAD_PACK));
    byte[] noFlush = Wire.of(A + " refs/heads/main\0\n").bytes();
    IOException e = assertThrows(IOException.class, () -> parse(noFlush, GitService.UPLOAD_PACK));
    assertTrue(e.getMessage().contains("stream ended before"), e.getMessage());
    byte[] onlySection = Wire.of("# service=git-upload-pack\n", "0000").bytes();
    assertThrows(IOException.class, () -> parse(onlySection, GitService.UPLOAD_PACK));
    byte[] unterminatedSection = Wire.of("# service=git-upload-pack\n").bytes();
    assertThrows(IOException.class, () -> parse(unterminatedSection, GitService.UPLOAD_PACK));
  }

  @Test
  void malformedRefLinesAreErrors() {
    for (String line :
        List.of("nonsense\n", "abc refs/heads/x\n", A + "\n", A + " \n", "Z".repeat(40) + " r\n")) {
      byte[] raw = Wire.of(line, "0000").bytes();
      assertThrows(IOException.class, () -> parse(raw, GitService.UPLOAD_PACK), line);
    }
    byte[] capsTwice = Wire.of(A + " refs/heads/a\0x\n", B + " refs/heads/b\0y\n", "0000").bytes();
    assertThrows(IOException.class, () -> parse(capsTwice, GitService.UPLOAD_PACK));
    byte[] delim = Wire.of(A + " refs/heads/a\0x\n", "0001", "0000").bytes();
    assertThrows(IOException.class, () -> parse(delim, GitService.UPLOAD_PACK));
  }

  private static byte[] advertising(String name) {
    return Wire.of(
            "# service=git-upload-pack\n",
            "0000",
            A + " refs/heads/main\0multi_ack object-format=sha1 agent=git/2\n",
            B + " " + name + "\n",
            "0000")
        .bytes();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "HEAD",
        "FETCH_HEAD",
        "refs/heads/main",
        "refs/heads/feature/x-1_2",
        "refs/tags/v1.0",
        "refs/tags/v1.0^{}",
        "refs/heads/a@b",
        "refs/heads/a.b.c",
        "refs/heads/lock",
        "refs/heads/x.locked",
        "refs/heads/{x}",
        "refs/heads/caf\u00e9",
        "refs/heads/a-.b",
        "refs/pull/12/head",
        "refs/heads/a!b#c$%&'()+,;<=>`|"
      })
  void hardening_1_G3_gitsValidRefNamesAreAccepted(String name) throws IOException {
    Advertisement ad = parse(advertising(name), GitService.UPLOAD_PACK);
    assertEquals(new Advertisement.Ref(B, name), ad.refs().get(1));
    assertTrue(ad.listing(false, false).contains(B + " " + name + "\n"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "refs/heads/zz\n\nx\nlock /tmp/victim",
        "refs/heads/a\rb",
        "refs/heads/a\tb",
        "refs/heads/a\u001bb",
        "refs/heads/a\u007fb",
        "refs/heads/a b",
        "refs/heads/a~1",
        "refs/heads/a^b",
        "refs/heads/a:b",
        "refs/heads/a?",
        "refs/heads/a*",
        "refs/heads/[a",
        "refs/heads/a\\b",
        "refs/heads/a..b",
        "refs/heads/a@{1}",
        "refs/heads/.hidden",
        "refs/.heads/x",
        ".git",
        "refs/heads/x.lock",
        "refs/heads/x.lock/y",
        "refs/heads/x/",
        "refs/heads/x.",
        "refs//heads/x",
        "/refs/heads/x",
        "@",
        "refs/tags/v1^{}^{}",
        "refs/tags/v1^{",
        "refs/tags/^{}",
        "^{}"
      })
  void hardening_1_G3_invalidRefNamesFailTheAdvertisement(String name) {
    IOException e =
        assertThrows(IOException.class, () -> parse(advertising(name), GitService.UPLOAD_PACK));
    assertTrue(e.getMessage().startsWith("invalid ref name \""), e.getMessage());
    assertTrue(e.getMessage().contains("info/refs response of https://node/r"), e.getMessage());
    for (char c : e.getMessage().toCharArray()) {
      assertFalse(c < 0x20 || c == 0x7f, "the message is printable: " + e.getMessage());
    }
  }

  @Test
  void hardening_1_G3_theLockInjectionIsNamedEscaped() {
    IOException e =
        assertThrows(
            IOException.class,
            () ->
                parse(advertising("refs/heads/zz\n\nx\nlock /tmp/victim"), GitService.UPLOAD_PACK));
    assertEquals(
        "invalid ref name \"refs/heads/zz\\n\\nx\\nlock /tmp/victim\""
            + " in info/refs response of https://node/r",
        e.getMessage());
  }

  @Test
  void hardening_1_G3_theFirstRefLineIsCheckedToo() {
    byte[] raw =
        Wire.of("# service=git-upload-pack\n", "0000", A + " HE\nAD\0" + CAPS + "\n", "0000")
            .bytes();
    assertThrows(IOException.class, () -> parse(raw, GitService.UPLOAD_PACK));
  }

  @Test
  void hardening_1_G3_aNulNeverEndsUpInARefName() {
    // A NUL starts the capabilities, which only the first line may carry.
    byte[] raw = advertising("refs/heads/a\0lock /tmp/victim");
    IOException e = assertThrows(IOException.class, () -> parse(raw, GitService.UPLOAD_PACK));
    assertTrue(e.getMessage().contains("capabilities after the first ref line"), e.getMessage());
  }

  @Test
  void hardening_1_G3_haveLinesOfReceivePackStayAccepted() throws IOException {
    byte[] raw = Wire.of(A + " refs/heads/main\0report-status\n", B + " .have\n", "0000").bytes();
    assertEquals(
        A + " refs/heads/main\n\n", parse(raw, GitService.RECEIVE_PACK).listing(true, false));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "HEAD:refs/heads/zz\nlock /tmp/victim",
        "HEAD:refs/heads/a..b",
        "HEAD:refs/heads/a\rb",
        "HE~AD:refs/heads/main"
      })
  void hardening_1_G3_invalidSymrefsFailTheAdvertisement(String symref) {
    byte[] raw =
        Wire.of(A + " HEAD\0symref=" + symref + " agent=x\n", A + " refs/heads/main\n", "0000")
            .bytes();
    IOException e = assertThrows(IOException.class, () -> parse(raw, GitService.UPLOAD_PACK));
    assertTrue(e.getMessage().startsWith("invalid symref "), e.getMessage());
    assertFalse(e.getMessage().contains("\n"), e.getMessage());
  }

  @ParameterizedTest
  @ValueSource(strings = {"sha1\nlock /tmp/victim", "md5", "", "SHA1"})
  void hardening_1_G3_unknownObjectFormatsFailTheAdvertisement(String format) {
    byte[] raw =
        Wire.of(A + " refs/heads/main\0object-format=" + format + " agent=x\n", "0000").bytes();
    IOException e = assertThrows(IOException.class, () -> parse(raw, GitService.UPLOAD_PACK));
    assertTrue(e.getMessage().startsWith("unsupported object format \""), e.getMessage());
    assertFalse(e.getMessage().contains("\n"), e.getMessage());
  }

  @Test
  void hardening_1_G4_version2AdvertisementMustBeWholePacketsEndingInAFlush() {
    for (Wire wire :
        List.of(
            Wire.of("version 2\n", "ls-refs\n"),
            Wire.of("version 2\n", "ls-refs\n", "0000").raw("\nlock /tmp/victim\n"),
            Wire.of("version 2\n", "ls-refs\n", "0000", "0000"))) {
      byte[] raw = wire.bytes();
      assertThrows(IOException.class, () -> parse(raw, GitService.UPLOAD_PACK));
    }
  }

  @Test
  void hardening_5_advertisementOverTheLimitIsRefusedNamingTheLimitAndTheUrl() {
    IOException e =
        assertThrows(
            IOException.class,
            () ->
                Advertisement.read(
                    new java.io.ByteArrayInputStream(v0UploadPack()),
                    GitService.UPLOAD_PACK,
                    "https://node/r",
                    64));
    assertEquals("info/refs response of https://node/r is larger than 64 bytes", e.getMessage());
  }

  @Test
  void hardening_5_advertisementWithinTheLimitIsParsed() throws IOException {
    byte[] raw = v0UploadPack();
    Advertisement ad =
        Advertisement.read(
            new java.io.ByteArrayInputStream(raw),
            GitService.UPLOAD_PACK,
            "https://node/r",
            raw.length);
    assertEquals(4, ad.refs().size());
  }

  @Test
  void serverErrPacketBecomesRemoteError() {
    byte[] raw = Wire.of("# service=git-upload-pack\n", "0000", "ERR access denied\n").bytes();
    IOException e = assertThrows(IOException.class, () -> parse(raw, GitService.UPLOAD_PACK));
    assertEquals("remote error: access denied", e.getMessage());
  }
}
