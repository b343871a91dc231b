package io.entire.transport.jgit;

import io.entire.transport.EntireClient;
import io.entire.transport.bootstrap.StaticTokenAuthModule;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.Ref;

/**
 * The child JVM of {@link EntireJGitWithoutGitTest}: clones {@code args[0]} into {@code args[1]}
 * through a client with the bearer of the environment variable {@value #TOKEN_VARIABLE} (not an
 * argument, so it is not in the process list), then prints "{@code <id> <ref>}" per ref of the
 * clone. Exit status 0 when the clone worked, 2 when a {@code git} executable is on the PATH (the
 * proof would be void), 1 on any failure.
 */
final class NoGitCloneMain {
  static final String TOKEN_VARIABLE = "ENTIRE_TEST_TOKEN";

  private NoGitCloneMain() {}

  public static void main(String[] args) throws Exception {
    // JGit would run a git it found on the PATH (e.g. for the system config); there is none.
    for (String entry : System.getenv("PATH").split(File.pathSeparator)) {
      if (Files.exists(Path.of(entry, "git"))) {
        System.err.println("a git executable is on the PATH: " + entry);
        System.exit(2);
      }
    }
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
      System.out.println("registration " + registration);
    } catch (Exception e) {
      e.printStackTrace();
      System.exit(1);
    }
  }
}
