package io.entire.transport.jgit;

import io.entire.transport.EntireClient;
import io.entire.transport.bootstrap.StaticTokenAuthModule;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.transport.RemoteRefUpdate;

/**
 * The child JVM of {@link EntireJGitWithoutGitTest}: first makes sure no {@code git} can be run
 * from here, then clones {@code args[0]} into {@code args[1]/clone} through a client with the
 * bearer of the environment variable {@value #TOKEN_VARIABLE} (not an argument, so it is not in the
 * process list), prints "{@code <id> <ref>}" per ref of the clone, commits a file and pushes it to
 * {@code main}, and prints "{@code pushed <id> <status>}".
 *
 * <p>Exit status 0 when everything worked, 2 when a {@code git} executable could be run (the proof
 * would be void), 1 on any other failure.
 */
final class NoGitCloneAndPushMain {
  static final String TOKEN_VARIABLE = "ENTIRE_TEST_TOKEN";

  private NoGitCloneAndPushMain() {}

  public static void main(String[] args) throws Exception {
    requireNoGit();
    Path dir = Path.of(args[1]);
    try (EntireClient client =
            EntireClient.builder()
                .authentication(new StaticTokenAuthModule(System.getenv(TOKEN_VARIABLE)))
                .cacheFile(dir.resolve("cache/nodes.json"))
                .build();
        EntireJGit.Registration registration = EntireJGit.register(client);
        Git git =
            Git.cloneRepository()
                .setURI(args[0])
                .setDirectory(dir.resolve("clone").toFile())
                .call()) {
      for (Ref ref : git.getRepository().getRefDatabase().getRefs()) {
        if (!ref.isSymbolic()) {
          System.out.println(ref.getObjectId().name() + " " + ref.getName());
        }
      }
      RevCommit pushed = JGitWork.commit(git, "from-the-child.txt");
      RemoteRefUpdate update =
          git.push().call().iterator().next().getRemoteUpdate("refs/heads/main");
      System.out.println("pushed " + pushed.name() + " " + update.getStatus());
      System.out.println("registration " + registration);
    } catch (Exception e) {
      e.printStackTrace();
      System.exit(1);
    }
  }

  /**
   * Exits with 2 if a {@code git} is on the PATH or can be started at all: JGit would run a git it
   * found (e.g. for the system config), and a clone that worked would then prove nothing.
   */
  private static void requireNoGit() {
    for (String entry : System.getenv("PATH").split(File.pathSeparator)) {
      if (Files.exists(Path.of(entry, "git"))) {
        System.err.println("a git executable is on the PATH: " + entry);
        System.exit(2);
      }
    }
    try {
      Process git = new ProcessBuilder("git", "--version").start();
      git.destroyForcibly();
      System.err.println("git could be started although the PATH has none");
      System.exit(2);
    } catch (IOException expected) {
      System.out.println("no git: " + expected.getMessage());
    }
  }
}
