package io.entire.transport.adapters.git;

import static io.entire.transport.adapters.git.AdvertisementTest.A;
import static io.entire.transport.adapters.git.AdvertisementTest.B;
import static io.entire.transport.adapters.git.AdvertisementTest.C;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.entire.transport.adapters.git.ScriptedTransport.Answer;
import io.entire.transport.domain.GitService;
import io.entire.transport.domain.TransportException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The command loop against a scripted transport: exact stdout bytes for capabilities, options, list
 * and the stateless-connect framing, and the error cases (G2–G4, G7, G8).
 */
class RemoteHelperProtocolTest {
  private static final byte[] V2_ADVERTISEMENT =
      Wire.of("version 2\n", "agent=git/2.39\n", "ls-refs=unborn\n", "fetch=shallow\n", "0000")
          .bytes();
  private static final byte[] LS_REFS_REQUEST =
      Wire.of(
              "command=ls-refs\n",
              "agent=git/2.39\n",
              "0001",
              "peel\n",
              "ref-prefix HEAD\n",
              "0000")
          .bytes();
  private static final byte[] LS_REFS_RESPONSE =
      Wire.of(A + " HEAD symref-target:refs/heads/main\n", A + " refs/heads/main\n", "0000")
          .bytes();

  private static byte[] concat(byte[]... parts) {
    Wire wire = new Wire();
    for (byte[] part : parts) {
      wire.raw(part);
    }
    return wire.bytes();
  }

  private static byte[] text(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void g2CapabilitiesAreGitsHttpHelperSetWithoutConnect() {
    HelperRun run = HelperRun.run(new ScriptedTransport(), "capabilities\n\n");
    assertEquals(
        "stateless-connect\nfetch\npush\noption\ncheck-connectivity\nobject-format\n\n", run.out());
    assertFalse(run.out().contains("\nconnect\n"), "G2: never advertise connect");
    assertEquals(RemoteHelper.EXIT_OK, run.exitCode);
  }

  @Test
  void g7OptionsAnswerOneLineEach() {
    HelperRun run =
        HelperRun.run(
            new ScriptedTransport(),
            "option verbosity 1\n"
                + "option progress false\n"
                + "option depth abc\n"
                + "option servpath /x\n"
                + "option followtags\n"
                + "option push-option \"a\\tb\"\n"
                + "\n");
    assertEquals("ok\nok\nerror invalid depth\nunsupported\nok\nok\n", run.out());
  }

  @Test
  void g3ListPrintsRefsFromTheV0Advertisement() {
    ScriptedTransport transport =
        new ScriptedTransport()
            .infoRefs(GitService.UPLOAD_PACK, Answer.of(AdvertisementTest.v0UploadPack()));
    HelperRun run = HelperRun.run(transport, "option object-format true\nlist\n\n");
    assertEquals(
        "ok\n:object-format sha1\n@refs/heads/main HEAD\n"
            + A
            + " refs/heads/main\n"
            + B
            + " refs/tags/v1\n"
            + C
            + " refs/tags/v1^{}\n\n",
        run.out());
    assertEquals(List.of("info/refs git-upload-pack"), transport.gets());
  }

  @Test
  void g3ListForPushUsesReceivePack() {
    byte[] ad =
        Wire.of(
                "# service=git-receive-pack\n",
                "0000",
                A + " refs/heads/main\0report-status delete-refs\n",
                "0000")
            .bytes();
    ScriptedTransport transport =
        new ScriptedTransport().infoRefs(GitService.RECEIVE_PACK, Answer.of(ad));
    HelperRun run = HelperRun.run(transport, "list for-push\n\n");
    assertEquals(A + " refs/heads/main\n\n", run.out());
    assertEquals(List.of("info/refs git-receive-pack"), transport.gets());
  }

  @Test
  void g4StatelessConnectRelaysEachRequestAndEndsEachResponseWith0002() {
    ScriptedTransport transport =
        new ScriptedTransport()
            .infoRefsV2(Answer.of(V2_ADVERTISEMENT))
            .thenRpc(Answer.of(LS_REFS_RESPONSE))
            .thenRpc(Answer.of(LS_REFS_RESPONSE));
    byte[] stdin =
        concat(text("stateless-connect git-upload-pack\n"), LS_REFS_REQUEST, LS_REFS_REQUEST);
    HelperRun run = HelperRun.run(transport, stdin);

    assertNull(run.failure);
    assertEquals(RemoteHelper.EXIT_OK, run.exitCode);
    byte[] expected =
        concat(
            text("\n"),
            V2_ADVERTISEMENT,
            LS_REFS_RESPONSE,
            text("0002"),
            LS_REFS_RESPONSE,
            text("0002"));
    assertArrayEquals(expected, run.stdout);
    assertEquals(2, transport.posts().size());
    for (ScriptedTransport.Post post : transport.posts()) {
      assertSame(GitService.UPLOAD_PACK, post.service());
      assertArrayEquals(LS_REFS_REQUEST, post.body(), "request relayed verbatim, delim included");
      assertEquals("version=2", post.headers().first("Git-Protocol").orElseThrow());
    }
  }

  @Test
  void g4ServiceSectionBeforeVersion2IsStripped() {
    byte[] sectioned =
        new Wire().lines("# service=git-upload-pack\n", "0000").raw(V2_ADVERTISEMENT).bytes();
    ScriptedTransport transport = new ScriptedTransport().infoRefsV2(Answer.of(sectioned));
    HelperRun run = HelperRun.run(transport, "stateless-connect git-upload-pack\n");
    assertArrayEquals(concat(text("\n"), V2_ADVERTISEMENT), run.stdout);
  }

  @Test
  void g4FallbackWhenTheServerAnswersV0AndTheAnswerIsReusedForList() {
    ScriptedTransport transport =
        new ScriptedTransport().infoRefsV2(Answer.of(AdvertisementTest.v0UploadPack()));
    HelperRun run = HelperRun.run(transport, "stateless-connect git-upload-pack\nlist\n\n");
    assertTrue(run.out().startsWith("fallback\n@refs/heads/main HEAD\n" + A), run.out());
    assertEquals(List.of("info/refs v2"), transport.gets(), "no second discovery for list");
  }

  @Test
  void g4OtherServicesFallBack() {
    HelperRun run =
        HelperRun.run(new ScriptedTransport(), "stateless-connect git-upload-archive\n\n");
    assertEquals("fallback\n", run.out());
  }

  @Test
  void g4TruncatedResponseIsAnErrorAndNever0002() {
    byte[] truncated = new Wire().raw(LS_REFS_RESPONSE).bytes();
    byte[] cut = java.util.Arrays.copyOf(truncated, 30);
    ScriptedTransport transport =
        new ScriptedTransport().infoRefsV2(Answer.of(V2_ADVERTISEMENT)).thenRpc(Answer.of(cut));
    HelperRun run =
        HelperRun.run(
            transport, concat(text("stateless-connect git-upload-pack\n"), LS_REFS_REQUEST));
    assertNotNull(run.failure);
    assertTrue(
        run.failure.getMessage().contains("stream ended inside a pkt-line"),
        run.failure.getMessage());
    assertTrue(run.failure.getMessage().contains("git-upload-pack"), run.failure.getMessage());
    assertArrayEquals(
        concat(text("\n"), V2_ADVERTISEMENT), run.stdout, "nothing of the broken response");
    assertFalse(run.out().contains("0002"));
  }

  @Test
  void g4ResponseEndingInsideAHeaderIsAnError() {
    byte[] cut = concat(Wire.of(A + " refs/heads/main\n").bytes(), text("00"));
    ScriptedTransport transport =
        new ScriptedTransport().infoRefsV2(Answer.of(V2_ADVERTISEMENT)).thenRpc(Answer.of(cut));
    HelperRun run =
        HelperRun.run(
            transport, concat(text("stateless-connect git-upload-pack\n"), LS_REFS_REQUEST));
    assertNotNull(run.failure);
    assertFalse(run.out().endsWith("0002"));
  }

  @Test
  void g4ResponseContaining0002IsAnError() {
    byte[] sneaky = Wire.of(A + " refs/heads/main\n", "0002", "0000").bytes();
    ScriptedTransport transport =
        new ScriptedTransport().infoRefsV2(Answer.of(V2_ADVERTISEMENT)).thenRpc(Answer.of(sneaky));
    HelperRun run =
        HelperRun.run(
            transport, concat(text("stateless-connect git-upload-pack\n"), LS_REFS_REQUEST));
    assertNotNull(run.failure);
    assertTrue(run.failure.getMessage().contains("(0002)"), run.failure.getMessage());
    assertFalse(run.out().contains("0002"), "the server's 0002 is not passed on either");
  }

  @Test
  void g4EmptyResponseIsAnError() {
    ScriptedTransport transport =
        new ScriptedTransport()
            .infoRefsV2(Answer.of(V2_ADVERTISEMENT))
            .thenRpc(Answer.of(new byte[0]));
    HelperRun run =
        HelperRun.run(
            transport, concat(text("stateless-connect git-upload-pack\n"), LS_REFS_REQUEST));
    assertTrue(run.failure.getMessage().contains("empty response"), run.failure.getMessage());
    assertFalse(run.out().contains("0002"));
  }

  @Test
  void g4ReadErrorOfTheResponseStreamIsAnErrorAndNo0002() {
    InputStream breaking =
        new InputStream() {
          private final InputStream first = new ByteArrayInputStream(Wire.of("x\n").bytes());

          @Override
          public int read() throws IOException {
            int b = first.read();
            if (b < 0) {
              throw new IOException("connection reset (S3)");
            }
            return b;
          }
        };
    ScriptedTransport transport =
        new ScriptedTransport().infoRefsV2(Answer.of(V2_ADVERTISEMENT)).thenRpc(() -> breaking);
    HelperRun run =
        HelperRun.run(
            transport, concat(text("stateless-connect git-upload-pack\n"), LS_REFS_REQUEST));
    assertTrue(run.failure.getMessage().contains("connection reset"), run.failure.getMessage());
    assertFalse(run.out().contains("0002"));
  }

  @Test
  void g4MalformedRequestsFromGitAreErrors() {
    for (byte[] request :
        List.of(
            Wire.of("command=ls-refs\n").bytes(), // EOF before the flush
            Wire.of("command=ls-refs\n", "0002").bytes(),
            text("zzzz"))) {
      ScriptedTransport transport = new ScriptedTransport().infoRefsV2(Answer.of(V2_ADVERTISEMENT));
      HelperRun run =
          HelperRun.run(transport, concat(text("stateless-connect git-upload-pack\n"), request));
      assertNotNull(run.failure);
      assertTrue(run.failure.getMessage().contains("request from git"), run.failure.getMessage());
      assertEquals(List.of(), transport.posts(), "nothing is POSTed");
    }
  }

  @Test
  void g8TransportErrorsSurfaceVerbatimAndStdoutStaysClean() {
    ScriptedTransport transport =
        new ScriptedTransport()
            .infoRefs(
                GitService.UPLOAD_PACK,
                Answer.failing(new TransportException("repository not found: https://h/r")));
    HelperRun run = HelperRun.run(transport, "list\n");
    assertEquals("repository not found: https://h/r", run.failure.getMessage());
    assertEquals("", run.out());
  }

  @Test
  void g8TransportErrorDuringStatelessConnect() {
    ScriptedTransport transport =
        new ScriptedTransport()
            .infoRefsV2(Answer.of(V2_ADVERTISEMENT))
            .thenRpc(Answer.failing(new TransportException("all 3 nodes failed")));
    HelperRun run =
        HelperRun.run(
            transport, concat(text("stateless-connect git-upload-pack\n"), LS_REFS_REQUEST));
    assertEquals("all 3 nodes failed", run.failure.getMessage());
    assertFalse(run.out().contains("0002"));
  }

  @Test
  void unknownCommandsAreFatal() {
    HelperRun run = HelperRun.run(new ScriptedTransport(), "connect git-upload-pack\n");
    assertEquals("unknown command 'connect git-upload-pack' from git", run.failure.getMessage());
    assertEquals("", run.out());
  }

  @Test
  void aBlankLineOrEndOfInputEndsTheConversation() {
    assertEquals(RemoteHelper.EXIT_OK, HelperRun.run(new ScriptedTransport(), "").exitCode);
    HelperRun run = HelperRun.run(new ScriptedTransport(), "\ncapabilities\n");
    assertEquals("", run.out(), "nothing after the blank line is read");
  }

  @Test
  void fetchBatchCutShortByEndOfInputDoesNothing() {
    HelperRun run = HelperRun.run(new ScriptedTransport(), "fetch " + A + " refs/heads/main\n");
    assertEquals(RemoteHelper.EXIT_OK, run.exitCode);
    assertEquals("", run.out());
  }

  @Test
  void fetchWithoutRefNameOrWithBadOidIsAProtocolError() {
    HelperRun noName = HelperRun.run(new ScriptedTransport(), "fetch " + A + "\n\n");
    assertTrue(noName.failure.getMessage().contains("without a ref name"));
    HelperRun badOid = HelperRun.run(new ScriptedTransport(), "fetch xyz refs/heads/a\n\n");
    assertTrue(badOid.failure.getMessage().contains("expected 'fetch <oid> <ref>'"));
    HelperRun mixed =
        HelperRun.run(new ScriptedTransport(), "fetch " + A + " refs/heads/a\npush a:b\n\n");
    assertTrue(mixed.failure.getMessage().contains("in a fetch batch"), mixed.failure.getMessage());
  }

  @Test
  void overlongCommandLinesAreRefused() {
    HelperRun run = HelperRun.run(new ScriptedTransport(), "option x " + "y".repeat(70_000) + "\n");
    assertTrue(run.failure.getMessage().contains("longer than"), run.failure.getMessage());
  }

  private static final byte[] LOCK_INJECTION =
      Wire.of(
              "# service=git-upload-pack\n",
              "0000",
              A + " refs/heads/main\0" + AdvertisementTest.CAPS + "\n",
              B + " refs/heads/zz\n\nx\nlock /tmp/victim\n",
              "0000")
          .bytes();

  @Test
  void hardening_1_G3_listNeverRelaysAnInvalidRefName() {
    ScriptedTransport transport =
        new ScriptedTransport().infoRefs(GitService.UPLOAD_PACK, Answer.of(LOCK_INJECTION));
    HelperRun run = HelperRun.run(transport, "list\n\n");
    assertEquals("", run.out(), "nothing of the advertisement reaches git");
    assertNotNull(run.failure);
    assertTrue(
        run.failure.getMessage().startsWith("invalid ref name \"refs/heads/zz\\n\\nx\\nlock "),
        run.failure.getMessage());
  }

  @Test
  void hardening_1_G4_listAfterFallbackNeverRelaysAnInvalidRefName() {
    ScriptedTransport transport = new ScriptedTransport().infoRefsV2(Answer.of(LOCK_INJECTION));
    HelperRun run = HelperRun.run(transport, "stateless-connect git-upload-pack\nlist\n\n");
    assertFalse(run.out().contains("lock"), run.out());
    assertNotNull(run.failure);
    assertTrue(run.failure.getMessage().startsWith("invalid ref name"), run.failure.getMessage());
  }

  @Test
  void hardening_5_anEndlessInfoRefsIsRefusedAtTheLimit() {
    // An endless body of valid-looking packets: only the limit stops it.
    InputStream endless =
        new InputStream() {
          private final byte[] packet = Wire.of(A + " refs/heads/x\n").bytes();
          private long position;

          @Override
          public int read() {
            return packet[(int) (position++ % packet.length)] & 0xff;
          }
        };
    ScriptedTransport transport =
        new ScriptedTransport().infoRefs(GitService.UPLOAD_PACK, () -> endless);
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    RemoteHelper helper =
        new RemoteHelper(
            transport,
            new ByteArrayInputStream(text("list\n\n")),
            out,
            new java.io.PrintStream(new java.io.ByteArrayOutputStream(), true),
            "entire://example.dev/et/org/repo",
            GitProcessLauncher.system(),
            null,
            1024 * 1024);
    RemoteHelperException e =
        org.junit.jupiter.api.Assertions.assertThrows(RemoteHelperException.class, helper::run);
    assertEquals(
        "info/refs response of " + transport.errorBaseUrl() + " is larger than 1 MiB",
        e.getMessage());
    assertEquals(0, out.size());
  }
}
