package io.entire.transport.bootstrap.helper;

import io.entire.transport.EntireClient;
import io.entire.transport.EntireSession;
import io.entire.transport.NetworkSettings;
import io.entire.transport.adapters.cache.FileReplicaCache;
import io.entire.transport.adapters.git.GitProcessLauncher;
import io.entire.transport.adapters.git.InvalidRemoteUrlException;
import io.entire.transport.adapters.git.RemoteHelper;
import io.entire.transport.adapters.git.RemoteHelperException;
import io.entire.transport.adapters.git.RemoteUrl;
import io.entire.transport.application.port.in.Cancellation;
import io.entire.transport.application.port.in.TransportConfig;
import io.entire.transport.bootstrap.EnvironmentAuthentication;
import io.entire.transport.bootstrap.EnvironmentSettings;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.LoggerFactory;

/**
 * {@code git-remote-entire <remote> <url>}: the git remote helper for {@code entire://} URLs.
 *
 * <p>stdout carries only git's remote-helper protocol; everything else goes to stderr (G8). Fatal
 * errors print one {@code fatal: <message>} line and exit 128 (G9). SIGINT/SIGTERM cancel in-flight
 * transfers, report {@code fatal: operation cancelled} and end the JVM with 128 + the signal number
 * (G10). Every request carries {@code User-Agent: git-remote-entire/<version>} (G11).
 */
public final class GitRemoteEntireMain {
  static final int EXIT_FATAL = 128;

  /**
   * How long a signal waits for the cancelled command to report before the JVM ends: cancelling
   * aborts a transfer within a second, and the wait ends as soon as the report is printed. Only a
   * helper idle on git's stdin waits it out.
   */
  private static final long REPORT_GRACE_MILLIS = 1_000;

  private final Map<String, String> environment;
  private final InputStream stdin;
  private final OutputStream stdout;
  private final PrintStream stderr;
  private final CountDownLatch finished = new CountDownLatch(1);
  private volatile boolean signalled; // the JVM began its shutdown while a command ran

  GitRemoteEntireMain(
      Map<String, String> environment, InputStream stdin, OutputStream stdout, PrintStream stderr) {
    this.environment = Objects.requireNonNull(environment, "environment");
    this.stdin = stdin;
    this.stdout = stdout;
    this.stderr = stderr;
  }

  /**
   * Runs the helper and exits with its status.
   *
   * @param args {@code <remote> <url>} as git passes them, or {@code --version} / {@code --help}
   */
  public static void main(String[] args) {
    HelperLogging.install();
    StartupWarmUp.early();
    GitRemoteEntireMain helper =
        new GitRemoteEntireMain(System.getenv(), System.in, System.out, System.err);
    int status = helper.run(args);
    System.out.flush();
    System.err.flush();
    if (helper.signalled) {
      // A signal's shutdown is under way: exit waits for it, and the JVM ends with 128 + the
      // signal number (G10).
      System.exit(status);
    }
    // Everything is written and the helper's hook removed. Runtime.exit would first log the exit
    // through System.Logger, whose initialisation searches the JDK's modules and the jar for a
    // logging backend, milliseconds of every git command.
    Runtime.getRuntime().halt(status);
  }

  /** The version of this build, e.g. {@code 0.1.0-SNAPSHOT}. */
  public static String version() {
    String v = GitRemoteEntireMain.class.getPackage().getImplementationVersion();
    return v == null ? "dev" : v;
  }

  int run(String[] args) {
    try {
      return dispatch(args);
    } finally {
      finished.countDown();
    }
  }

  private int dispatch(String[] args) {
    if (args.length == 1 && (args[0].equals("--version") || args[0].equals("-V"))) {
      return print("git-remote-entire " + version() + "\n");
    }
    if (args.length == 1 && (args[0].equals("--help") || args[0].equals("-h"))) {
      return print(HelpText.TEXT);
    }
    if (args.length < 1 || args.length > 2) {
      return fatal(
          "usage: git-remote-entire <remote> <url> (git runs this for entire:// URLs; see --help)");
    }
    String url = args.length == 2 ? args[1] : args[0];
    String remoteName = args[0];
    EnvironmentSettings settings = EnvironmentSettings.from(environment, stderr);
    HelperLogging.configure(settings.debug());
    try {
      RemoteUrl remote = RemoteUrl.parse(url, settings.allowHttp());
      return serve(remoteName, url, remote, settings);
    } catch (InvalidRemoteUrlException e) {
      return fatal(e.getMessage());
    } catch (RemoteHelperException e) {
      return fatal(e.getMessage());
    } catch (IllegalArgumentException | IllegalStateException e) {
      // Configuration errors (environment, URL pieces) carry a message meant for the user.
      return fatal(e.getMessage());
    } catch (OutOfMemoryError e) {
      return fatal("out of memory (raise the heap with JAVA_OPTS=-Xmx…)");
    } catch (RuntimeException | Error e) {
      if (settings.debug()) {
        e.printStackTrace(stderr);
      }
      return fatal("internal error: " + e + " (rerun with ENTIRE_DEBUG=1 for details)");
    }
  }

  private int print(String text) {
    try {
      stdout.write(text.getBytes(StandardCharsets.UTF_8));
      stdout.flush();
      return 0;
    } catch (IOException e) {
      return EXIT_FATAL;
    }
  }

  private int serve(String remoteName, String url, RemoteUrl remote, EnvironmentSettings settings)
      throws RemoteHelperException {
    Path cacheFile = FileReplicaCache.defaultFile(environment);
    // The repository, checked before anything starts (G1). The connection settings are the
    // client's (newClient), whose configuration builder gives the session a copy of them.
    repository(TransportConfig.builder().allowHttp(settings.allowHttp()), remote).build();
    boolean https = "https".equals(remote.baseUrl().getScheme());
    StartupWarmUp.begin(remote.clusterHost(), https);
    // N5: one git process per invocation (bin/git-remote-entire starts it beside the JVM); the
    // client waits for it.
    StartupGitConfig gitConfig = StartupGitConfig.begin(GitProcessLauncher.system());
    Cancellation cancellation = new Cancellation();
    EnvironmentAuthentication auth = new EnvironmentAuthentication(environment);
    // G10: SIGINT/SIGTERM run shutdown hooks. The JVM halts when the hooks return, so the hook
    // waits (briefly) for the aborted command to print why it failed.
    Thread onSignal =
        new Thread(
            () -> {
              signalled = true;
              cancellation.cancel();
              awaitFinished();
            },
            "git-remote-entire-cancel");
    Runtime.getRuntime().addShutdownHook(onSignal);
    // Wired without a Guice injector: the same parts, but the injector was the largest share of the
    // startup time, which git pays for every command.
    HelperNetwork network =
        HelperNetwork.choose(environment, gitConfig.await(), remoteName, remote.toString());
    // ENTIRE_TLS_SKIP_VERIFY, or git's GIT_SSL_NO_VERIFY / http.sslVerify=false.
    boolean skipTlsVerify = settings.skipTlsVerify() || network.skipTlsVerify();
    if (https && network.caBundle().isEmpty() && !skipTlsVerify) {
      StartupWarmUp.defaultTrust();
    }
    try (EntireClient client = newClient(settings, network, skipTlsVerify, cacheFile, auth);
        EntireSession session =
            client.open(
                repository(client.configBuilder(), remote).cancellation(cancellation).build())) {
      RemoteHelper helper =
          new RemoteHelper(session, stdin, stdout, stderr, url, GitProcessLauncher.system(), null);
      return helper.run();
    } finally {
      try {
        Runtime.getRuntime().removeShutdownHook(onSignal);
      } catch (IllegalStateException shuttingDown) {
        // Already exiting because of a signal; the hook is running.
        signalled = true;
      }
    }
  }

  /** Sets the repository git named on {@code config}. */
  private static TransportConfig.Builder repository(
      TransportConfig.Builder config, RemoteUrl remote) {
    return config
        .entryUrl(remote.baseUrl())
        .clusterHost(remote.clusterHost())
        .repoPath(remote.repoPath());
  }

  /**
   * The helper's one client, as {@code EntireTransports.openWithoutInjector} makes it, with the
   * environment's settings, G11's User-Agent and O3: with {@code ENTIRE_DEBUG} every transport
   * event is a line on stderr.
   */
  private EntireClient newClient(
      EnvironmentSettings settings,
      HelperNetwork network,
      boolean skipTlsVerify,
      Path cacheFile,
      EnvironmentAuthentication auth) {
    // Outside the try below: its messages already name the variable or key (N5).
    NetworkSettings networkSettings = network.settings();
    LoggerFactory.getLogger(GitRemoteEntireMain.class).debug("{}", network);
    EntireClient.Builder builder =
        settings
            .applyTo(EntireClient.builder())
            .network(networkSettings)
            .skipTlsVerify(skipTlsVerify)
            .userAgent("git-remote-entire/" + version())
            .cacheFile(cacheFile)
            .authentication(auth);
    if (settings.debug()) {
      builder.eventListener(new DebugEventLog(stderr, Clock.systemDefaultZone())); // O3
    }
    try {
      return builder.build();
    } catch (IllegalArgumentException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("cannot create the transport: " + e.getMessage(), e);
    }
  }

  private void awaitFinished() {
    try {
      finished.await(REPORT_GRACE_MILLIS, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private int fatal(String message) {
    stderr.println(FatalLine.of(message));
    stderr.flush();
    return EXIT_FATAL;
  }
}
