package io.entire.transport.adapters.git;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.entire.transport.domain.GitService;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The {@code --stateless-rpc} bridge against a stand-in subprocess whose stdin is recorded, to see
 * when response bytes reach it (G5).
 */
class StatelessRpcBridgeTest {

  /** Plays {@code git fetch-pack --stateless-rpc}: a scripted stdout, a recorded stdin. */
  private static final class FakeFetchPack extends Process {
    final ByteArrayOutputStream stdin = new ByteArrayOutputStream();
    private final InputStream stdout;

    FakeFetchPack(byte[] stdout) {
      this.stdout = new ByteArrayInputStream(stdout);
    }

    @Override
    public OutputStream getOutputStream() {
      return stdin;
    }

    @Override
    public InputStream getInputStream() {
      return stdout;
    }

    @Override
    public InputStream getErrorStream() {
      return InputStream.nullInputStream();
    }

    @Override
    public int waitFor() {
      return 0;
    }

    @Override
    public int exitValue() {
      return 0;
    }

    @Override
    public void destroy() {}
  }

  private static boolean endsWith(byte[] bytes, byte[] suffix) {
    return bytes.length >= suffix.length
        && Arrays.equals(
            bytes, bytes.length - suffix.length, bytes.length, suffix, 0, suffix.length);
  }

  @Test
  void g5ResponseBytesReachFetchPackAsTheyArriveNotWhenTheResponseEnds() throws Exception {
    byte[] want = PktLine.text("want " + AdvertisementTest.A + "\n").encode();
    // One request (its pkt-lines wrapped in outer pkt-lines, then a flush), then a lone flush.
    byte[] requests = new Wire().raw(PktLine.data(want).encode()).lines("0000", "0000").bytes();
    FakeFetchPack child = new FakeFetchPack(requests);
    byte[] progress = Wire.of("\u0002Counting objects: 1\n").bytes();
    byte[] rest = Wire.of("\u0001PACK\n", "0000").bytes();
    byte[][] arrivals = {progress, rest};
    InputStream response =
        new InputStream() {
          private int next;

          @Override
          public int read() {
            throw new AssertionError("the bridge reads in bulk");
          }

          @Override
          public int read(byte[] b, int off, int len) {
            if (next == 1) {
              assertTrue(
                  endsWith(child.stdin.toByteArray(), progress),
                  "progress reached fetch-pack before the rest");
            }
            if (next == arrivals.length) {
              return -1;
            }
            byte[] part = arrivals[next++];
            System.arraycopy(part, 0, b, off, part.length);
            return part.length;
          }
        };
    ScriptedTransport transport = new ScriptedTransport().thenRpc(() -> response);
    StatelessRpcBridge bridge =
        new StatelessRpcBridge(
            transport,
            GitService.UPLOAD_PACK,
            arguments -> child,
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
            null,
            1,
            false,
            List.of());

    StatelessRpcBridge.Outcome outcome =
        bridge.run(List.of("fetch-pack"), Wire.of("0000").bytes(), Wire.of("0000").bytes());

    assertEquals(0, outcome.exitCode());
    assertArrayEquals(want, transport.posts().get(0).body(), "the request, unwrapped");
    assertTrue(endsWith(child.stdin.toByteArray(), new Wire().raw(progress).raw(rest).bytes()));
  }
}
