package io.entire.transport.jgit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.entire.transport.EntireClient;
import io.entire.transport.NetworkSettings;
import io.entire.transport.bootstrap.StaticTokenAuthModule;
import io.entire.transport.testkit.RecordedRequest;
import io.entire.transport.testkit.TestCluster;
import java.nio.file.Path;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.TransportException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code entire://} is https (J1): a JGit clone over real TLS, from a cluster serving certificates
 * of its own CA, which the client trusts through its {@link NetworkSettings} (N2) and nothing
 * JVM-wide.
 */
@Timeout(60)
class EntireJGitTlsTest {
  private static final String REPO = "et/org/repo";
  private static final String TOKEN = "jgit-tls-token-0815";
  private static TestCluster cluster;

  @TempDir Path dir;

  @BeforeAll
  static void start() {
    cluster =
        TestCluster.builder().replicas(2).https().requireBearer(TOKEN).repository(REPO).start();
  }

  @AfterAll
  static void stop() {
    cluster.close();
  }

  private static String entireUrl() {
    String https = cluster.entryUrl() + "/" + REPO;
    assertTrue(https.startsWith("https://"), https);
    return https.replaceFirst("^https://", "entire://");
  }

  private EntireClient client(NetworkSettings network) {
    return EntireClient.builder()
        .authentication(new StaticTokenAuthModule(TOKEN))
        .cacheFile(dir.resolve("nodes.json"))
        .network(network)
        .build();
  }

  @Test
  void J1_N2_anEntireUrlClonesOverHttpsWithTheClientsTrust() throws Exception {
    cluster.clearRequests();
    NetworkSettings trust =
        NetworkSettings.builder().trustedCertificates(cluster.tls().caCertificateFile()).build();
    try (EntireClient client = client(trust);
        EntireJGit.Registration registration = EntireJGit.register(client);
        Git clone =
            Git.cloneRepository()
                .setURI(entireUrl())
                .setDirectory(dir.resolve("clone").toFile())
                .call()) {
      ObjectId head = clone.getRepository().resolve(Constants.HEAD);
      try (Git server = Git.open(cluster.repository(REPO).toFile())) {
        assertEquals(server.getRepository().resolve(Constants.HEAD), head);
      }
    }
    assertFalse(cluster.requests().isEmpty());
    for (RecordedRequest request : cluster.requests()) {
      assertTrue(request.authorizationPresent(), "the token went over TLS: " + request);
    }
  }

  @Test
  void J1_N2_withoutTheClustersCaTheCloneFailsAndNothingReachesTheCluster() {
    cluster.clearRequests();
    try (EntireClient client = client(NetworkSettings.DEFAULT);
        EntireJGit.Registration registration = EntireJGit.register(client)) {
      assertThrows(
          TransportException.class,
          () ->
              Git.cloneRepository()
                  .setURI(entireUrl())
                  .setDirectory(dir.resolve("refused").toFile())
                  .call()
                  .close());
    }
    assertTrue(cluster.requests().isEmpty(), cluster.requests().toString());
  }
}
