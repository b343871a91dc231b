package io.entire.transport.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * Runs a {@link TestCluster} as a process, for scripts (demo, benchmark):
 *
 * <pre>
 * java -cp testkit/target/entire-transport-testkit-VERSION.jar \
 *     io.entire.transport.testkit.TestClusterMain --replicas 3 --repo et/org/repo --port-file ports.txt
 * </pre>
 *
 * <p>Prints one line per server, {@code entry http://127.0.0.1:PORT} then {@code replica-0 ...},
 * then (since 0.2) with {@code --names} or {@code --https} {@code hosts-file PATH}, with {@code
 * --https} {@code ca-file PATH}, with {@code --client-cert} {@code client-cert PATH} and {@code
 * client-key PATH}, with {@code --proxy} {@code proxy URL} (with the credentials of {@code
 * --proxy-basic} as userinfo); writes the same lines to the port file (atomically, so a script
 * polling for it never reads half of it), and runs until stdin reaches end of file or the process
 * gets SIGTERM/SIGINT. Run it with {@code --no-stdin} when stdin is not a pipe you control
 * (background jobs of non-interactive shells get {@code /dev/null}, which would stop it at once).
 *
 * @since 0.1
 */
public final class TestClusterMain {

  private static final String USAGE =
      """
      usage: TestClusterMain [options]
        --replicas N          number of replicas (default 3)
        --repo PATH           seeded bare repository, e.g. et/org/repo (repeatable)
        --empty-repo PATH     empty bare repository (repeatable)
        --large-repo PATH:MB  seeded repository plus MB MiB of random payload (repeatable)
        --root DIR            repositories root, kept on exit (default: temporary, deleted)
        --port-file FILE      also write the server lines to FILE
        --host ADDR           bind address (default 127.0.0.1)
        --bearer TOKEN        require Authorization: Bearer TOKEN on every server
        --entry-mode MODE     redirect (default), redirect-without-replicas or serve
        --https               serve https with a CA made for this run (prints ca-file PATH)
        --client-cert         --https, and require a client certificate (prints client-cert
                              and client-key PATH, the key as PKCS#8)
        --names               URLs by loopback name (r0.cluster.test, ...); a JVM resolving
                              them needs -Djdk.net.hosts.file=<the printed hosts-file PATH>
        --blackhole N         replica N drops every connect (Fault.blackhole(); repeatable)
        --proxy               also start a TestProxy (prints proxy URL)
        --proxy-basic U:P     the proxy requires Basic credentials U:P (implies --proxy)
        --no-stdin            ignore stdin; run until SIGTERM/SIGINT
      """;

  private TestClusterMain() {}

  /**
   * Starts the cluster and blocks until stdin ends or the JVM is asked to stop.
   *
   * @param args the options above
   */
  public static void main(String[] args) throws Exception {
    Options options;
    try {
      options = Options.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("TestClusterMain: " + e.getMessage());
      System.err.print(USAGE);
      System.exit(2);
      return;
    }
    if (options.help) {
      System.out.print(USAGE);
      return;
    }
    TestCluster cluster;
    TestProxy proxy = null;
    try {
      cluster = options.builder.start();
    } catch (RuntimeException e) {
      System.err.println("TestClusterMain: cannot start the cluster: " + e.getMessage());
      System.exit(1);
      return;
    }
    for (int replica : options.blackholed) {
      try {
        cluster.replica(replica).fault(Fault.blackhole()); // D1: connects to it never complete
      } catch (RuntimeException e) {
        System.err.println("TestClusterMain: --blackhole " + replica + ": " + e.getMessage());
        cluster.close();
        System.exit(2);
        return;
      }
    }
    if (options.proxy) {
      proxy = TestProxy.start();
      if (options.proxyUser != null) {
        proxy.requireBasic(options.proxyUser, options.proxyPassword);
      }
    }
    TestProxy startedProxy = proxy;
    CountDownLatch stopped = new CountDownLatch(1);
    Thread hook =
        new Thread(
            () -> {
              if (startedProxy != null) {
                startedProxy.close();
              }
              cluster.close();
              stopped.countDown();
            },
            "testkit-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);

    StringBuilder lines = new StringBuilder();
    lines.append("entry ").append(cluster.entryUrl()).append('\n');
    for (ReplicaServer replica : cluster.replicas()) {
      lines.append(replica.name()).append(' ').append(replica.url()).append('\n');
    }
    if (options.https || options.names) {
      lines.append("hosts-file ").append(cluster.hostsFile()).append('\n');
    }
    if (options.https) {
      lines.append("ca-file ").append(cluster.tls().caCertificateFile()).append('\n');
    }
    if (options.clientCert) {
      ClientCertificate client = cluster.tls().clientCertificate();
      lines.append("client-cert ").append(client.certificateFile()).append('\n');
      lines.append("client-key ").append(client.keyFile()).append('\n');
    }
    if (proxy != null) {
      lines.append("proxy ").append(proxy.urlWithCredentials()).append('\n');
    }
    if (options.portFile != null) {
      writeAtomically(options.portFile, lines.toString());
    }
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    out.print(lines);
    out.flush();

    if (options.readStdin) {
      drain(System.in);
      // stdin ended: shut down normally (the hook then only waits)
      if (proxy != null) {
        proxy.close();
      }
      cluster.close();
      System.exit(0);
    } else {
      stopped.await();
    }
  }

  private static void drain(InputStream in) {
    byte[] buf = new byte[1024];
    try {
      while (in.read(buf) >= 0) {
        // input is ignored; only its end matters
      }
    } catch (IOException e) {
      // a broken stdin counts as its end
    }
  }

  private static void writeAtomically(Path file, String content) throws IOException {
    Path absolute = file.toAbsolutePath();
    Path dir = absolute.getParent();
    Files.createDirectories(dir);
    Path tmp = Files.createTempFile(dir, absolute.getFileName().toString(), ".tmp");
    Files.writeString(tmp, content, StandardCharsets.UTF_8);
    Files.move(tmp, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  /** The parsed command line. */
  static final class Options {
    final TestCluster.Builder builder = TestCluster.builder();
    Path portFile;
    boolean readStdin = true;
    boolean help;
    boolean https;
    boolean clientCert;
    boolean names;
    boolean proxy;
    final List<Integer> blackholed = new ArrayList<>();
    String proxyUser;
    String proxyPassword;

    static Options parse(String[] args) {
      Options options = new Options();
      List<String> rest = new ArrayList<>(List.of(args));
      while (!rest.isEmpty()) {
        String flag = rest.remove(0);
        switch (flag) {
          case "--help", "-h" -> options.help = true;
          case "--no-stdin" -> options.readStdin = false;
          case "--replicas" -> options.builder.replicas(intValue(flag, value(flag, rest)));
          case "--repo" -> options.builder.repository(value(flag, rest));
          case "--empty-repo" -> options.builder.emptyRepository(value(flag, rest));
          case "--large-repo" -> {
            String spec = value(flag, rest);
            int colon = spec.lastIndexOf(':');
            if (colon <= 0) {
              throw new IllegalArgumentException("--large-repo needs PATH:MB, got " + spec);
            }
            long mib = intValue(flag, spec.substring(colon + 1));
            options.builder.repository(spec.substring(0, colon), mib * 1024 * 1024);
          }
          case "--root" -> options.builder.repositoriesRoot(Path.of(value(flag, rest)));
          case "--port-file" -> options.portFile = Path.of(value(flag, rest));
          case "--host" -> options.builder.host(value(flag, rest));
          case "--bearer" -> options.builder.requireBearer(value(flag, rest));
          case "--entry-mode" -> options.builder.entryMode(entryMode(value(flag, rest)));
          case "--https" -> {
            options.https = true;
            options.builder.https();
          }
          case "--client-cert" -> {
            options.https = true;
            options.clientCert = true;
            options.builder.requireClientCertificate();
          }
          case "--names" -> {
            options.names = true;
            options.builder.loopbackNames();
          }
          case "--proxy" -> options.proxy = true;
          case "--blackhole" -> options.blackholed.add(intValue(flag, value(flag, rest)));
          case "--proxy-basic" -> {
            String credentials = value(flag, rest);
            int colon = credentials.indexOf(':');
            if (colon <= 0) {
              throw new IllegalArgumentException("--proxy-basic needs USER:PASSWORD");
            }
            options.proxy = true;
            options.proxyUser = credentials.substring(0, colon);
            options.proxyPassword = credentials.substring(colon + 1);
          }
          default -> throw new IllegalArgumentException("unknown option: " + flag);
        }
      }
      return options;
    }

    private static String value(String flag, List<String> rest) {
      if (rest.isEmpty()) {
        throw new IllegalArgumentException(flag + " needs a value");
      }
      return rest.remove(0);
    }

    private static int intValue(String flag, String text) {
      try {
        return Integer.parseInt(text);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(flag + " needs a number, got " + text);
      }
    }

    private static EntryMode entryMode(String name) {
      return switch (name) {
        case "redirect" -> EntryMode.REDIRECT_WITH_REPLICAS;
        case "redirect-without-replicas" -> EntryMode.REDIRECT_WITHOUT_REPLICAS;
        case "serve" -> EntryMode.SERVE;
        default ->
            throw new IllegalArgumentException(
                "--entry-mode must be redirect, redirect-without-replicas or serve, got " + name);
      };
    }
  }
}
