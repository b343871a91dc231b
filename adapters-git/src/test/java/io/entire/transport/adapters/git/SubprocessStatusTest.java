package io.entire.transport.adapters.git;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.entire.transport.adapters.git.ScriptedTransport.Answer;
import io.entire.transport.domain.GitService;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** hardening_1 (G5, G6): what fetch-pack/send-pack print is checked before it is relayed. */
class SubprocessStatusTest {

  private static void check(String output) throws RemoteHelperException {
    SubprocessStatus.check(output.getBytes(StandardCharsets.UTF_8), "git send-pack");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "ok refs/heads/main\n",
        "ok refs/heads/main\nerror refs/heads/x \"non-fast-forward\"\n",
        "ok refs/for/main\noption refname refs/changes/1/1/1\noption old-oid "
            + "1111111111111111111111111111111111111111\noption forced-update\n",
        "lock /repo/.git/objects/pack/pack-1.keep\nconnectivity-ok\n",
        "ok refs/heads/main" // cut short by a dying send-pack: relayed, git reports it
      })
  void hardening_1_G6_statusLinesOfGitAreRelayed(String output) {
    assertDoesNotThrow(() -> check(output));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "ok refs/for/main\noption refname refs/heads/x\n\nlock /tmp/victim\n",
        "ok refs/for/main\noption refname refs/heads/x\rlock\n",
        "\nok refs/heads/main\n",
        "ok refs/heads/main\n\n",
        "ok refs/heads/a\0b\n",
        "ok refs/for/main\noption refname refs/heads/a..b\n"
      })
  void hardening_1_G6_linesThatCouldDesynchroniseGitAreRefused(String output) {
    RemoteHelperException e = assertThrows(RemoteHelperException.class, () -> check(output));
    assertTrue(e.getMessage().startsWith("unexpected line \""), e.getMessage());
    assertTrue(e.getMessage().endsWith(" in the status of git send-pack"), e.getMessage());
    for (char c : e.getMessage().toCharArray()) {
      assertFalse(c < 0x20, "printable: " + e.getMessage());
    }
  }

  @Test
  void hardening_1_G6_aPushStatusWithABlankLineNeverReachesGit() {
    // A send-pack stand-in: no requests (a lone flush), then a status with an injected blank line.
    GitProcessLauncher launcher =
        arguments ->
            new ProcessBuilder(
                    "sh",
                    "-c",
                    "printf 0000; cat >/dev/null;"
                        + " printf 'ok refs/heads/main\\noption refname refs/heads/x\\n\\nx\\n'")
                .start();
    byte[] advertisement =
        Wire.of(AdvertisementTest.A + " refs/heads/main\0report-status\n", "0000").bytes();
    ScriptedTransport transport =
        new ScriptedTransport().infoRefs(GitService.RECEIVE_PACK, Answer.of(advertisement));

    HelperRun run =
        HelperRun.run(
            transport,
            "push refs/heads/main:refs/heads/main\n\n".getBytes(StandardCharsets.UTF_8),
            launcher,
            null);

    assertNotNull(run.failure, run.out());
    assertEquals("", run.out());
    assertEquals("unexpected line \"\" in the status of git send-pack", run.failure.getMessage());
    assertEquals(List.of(), transport.posts());
  }
}
