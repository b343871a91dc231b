package io.entire.transport.jgit;

import io.entire.transport.EntireClient;
import io.entire.transport.application.port.out.TransportEventListener;
import io.entire.transport.bootstrap.StaticTokenAuthModule;
import io.entire.transport.domain.NodeUrl;
import io.entire.transport.testkit.TestCluster;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;

/** Test helpers: clients on a testkit cluster, URLs, commits and the server's refs. */
final class JGitWork {
  static final String TOKEN = "jgit-test-token";
  static final PersonIdent AUTHOR = new PersonIdent("Tester", "tester@example.com");

  private JGitWork() {}

  /** A client with the cluster's bearer token, a private cache file and an event recorder. */
  static EntireClient client(Path dir, String token, Events events) {
    return EntireClient.builder()
        .authentication(new StaticTokenAuthModule(token))
        .cacheFile(dir.resolve("cache-" + System.nanoTime() + "/nodes.json"))
        .eventListener(events)
        .build();
  }

  /** {@code entire+http://127.0.0.1:<entry port>/<repo>}. */
  static String entireHttp(TestCluster cluster, String repo) {
    return cluster.entryUrl(repo).replaceFirst("^http://", "entire+http://");
  }

  /** A commit on the checked-out branch adding {@code file}. */
  static RevCommit commit(Git git, String file) throws Exception {
    Files.writeString(git.getRepository().getWorkTree().toPath().resolve(file), file + "\n");
    git.add().addFilepattern(file).call();
    return git.commit().setMessage("add " + file).setAuthor(AUTHOR).setCommitter(AUTHOR).call();
  }

  /** The id of {@code ref} in the cluster's bare repository, or null. */
  static ObjectId serverRef(TestCluster cluster, String repo, String ref) {
    try (Repository bare =
        new FileRepositoryBuilder().setGitDir(cluster.repository(repo).toFile()).build()) {
      Ref found = bare.exactRef(ref);
      return found == null ? null : found.getObjectId();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Whether {@code type} is somewhere in the cause chain of {@code t}; returns it or null. */
  static <T extends Throwable> T causeOf(Throwable t, Class<T> type) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (type.isInstance(c)) {
        return type.cast(c);
      }
    }
    return null;
  }

  /** Records the O1 events the tests look at. */
  static final class Events implements TransportEventListener {
    final List<Call> calls = new CopyOnWriteArrayList<>();
    final List<NodeUrl> failedOver = new CopyOnWriteArrayList<>();

    @Override
    public void callStarted(Call call) {
      calls.add(call);
    }

    @Override
    public void failover(Call call, NodeUrl node, FailureKind kind, String reason) {
      failedOver.add(node);
    }
  }
}
