package io.entire.transport.bootstrap.helper;

import static io.entire.transport.bootstrap.helper.GitRun.mustSucceed;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.entire.transport.testkit.Fault;
import io.entire.transport.testkit.ReplicaServer;
import io.entire.transport.testkit.TestCluster;
import io.entire.transport.testkit.TestClusterExtension;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** O3: real git through the helper; ENTIRE_DEBUG=1 prints the transport's events on stderr. */
class DebugEventsIT {
  private static final String REPO = "et/org/repo";
  private static final String TOKEN = "debug-events-token-7c3e";
  private static final String EVENT = " [DEBUG] event - ";

  @RegisterExtension
  static final TestClusterExtension CLUSTER =
      TestClusterExtension.with(
          TestCluster.builder().replicas(2).repository(REPO).requireBearer(TOKEN));

  @TempDir Path temp;

  @Test
  void O3_entireDebugPrintsEveryEventOfAFailoverOnOneLineWithoutTheToken() {
    HelperSandbox sandbox = new HelperSandbox(temp);
    ReplicaServer failing = CLUSTER.replica(0);
    ReplicaServer answering = CLUSTER.replica(1);
    // Both replicas cached; the first node tried is chosen at random (F1), so each answers its
    // first request with 503: at least one failover whichever comes first, then a 200.
    new ReplicaCacheFile(sandbox.cacheFile())
        .entry(
            ReplicaCacheFile.clusterKey(CLUSTER.entryUrl()),
            "/" + REPO,
            List.of(failing.url(), answering.url()))
        .write();
    failing.fault(Fault.times(1, Fault.status(503)));
    answering.fault(Fault.times(1, Fault.status(503)));

    GitRun lsRemote =
        mustSucceed(
            sandbox.gitIn(
                sandbox.work(),
                Map.of("ENTIRE_DEBUG", "1", "ENTIRE_TOKEN", TOKEN, "LC_ALL", "C"),
                "ls-remote",
                "entire::" + CLUSTER.get().entryUrl(REPO)));

    List<String> events = lsRemote.stderr().lines().filter(line -> line.contains(EVENT)).toList();
    String repository = CLUSTER.get().entryUrl(REPO);
    assertHas(events, "replica cache hit: " + repository);
    assertHas(events, "git-upload-pack discovery started: " + repository);
    assertHas(events, "attempt git-upload-pack -> ");
    assertTrue(
        events.stream()
            .anyMatch(
                line ->
                    line.contains(EVENT + "failover from ")
                        && line.contains(" (server_error): server error (HTTP 503)")
                        && (line.contains(failing.url()) || line.contains(answering.url()))),
        "no failover line in:\n" + String.join("\n", events));
    assertTrue(
        events.stream().anyMatch(line -> line.contains(" ended: HTTP 200 after ")),
        "no answered attempt in:\n" + String.join("\n", events));
    assertHas(events, "git-upload-pack discovery returned its stream after ");
    for (String line : events) {
      assertTrue(line.matches("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} \\[DEBUG] event - .+"), line);
    }
    assertFalse(lsRemote.stderr().contains(TOKEN), "a credential on stderr");
    assertEquals(List.of(), lsRemote.userVisibleProblems(), "events are debug lines only");
  }

  @Test
  void O3_withoutEntireDebugNoEventIsPrinted() {
    HelperSandbox sandbox = new HelperSandbox(temp);

    GitRun lsRemote =
        mustSucceed(
            sandbox.gitIn(
                sandbox.work(),
                Map.of("ENTIRE_TOKEN", TOKEN),
                "ls-remote",
                "entire::" + CLUSTER.get().entryUrl(REPO)));

    assertFalse(lsRemote.stderr().contains(EVENT), lsRemote::describe);
  }

  private static void assertHas(List<String> events, String text) {
    assertTrue(
        events.stream().anyMatch(line -> line.contains(EVENT + text)),
        "no event line with '" + text + "' in:\n" + String.join("\n", events));
  }
}
