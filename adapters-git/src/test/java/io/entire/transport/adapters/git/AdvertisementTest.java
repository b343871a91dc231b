package io.entire.transport.adapters.git;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.entire.transport.domain.GitService;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

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

  @Test
  void serverErrPacketBecomesRemoteError() {
    byte[] raw = Wire.of("# service=git-upload-pack\n", "0000", "ERR access denied\n").bytes();
    IOException e = assertThrows(IOException.class, () -> parse(raw, GitService.UPLOAD_PACK));
    assertEquals("remote error: access denied", e.getMessage());
  }
}
