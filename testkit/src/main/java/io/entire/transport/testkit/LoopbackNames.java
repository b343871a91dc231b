package io.entire.transport.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Host names under {@code .test} (RFC 6761: never registered) that resolve to loopback in a JVM
 * started with {@code -Djdk.net.hosts.file=<a file with} {@link #hostsFileContent()}{@code >}, so
 * clusters can be reached by name: {@code entry.cluster.test}, {@code r0.cluster.test} to {@code
 * r15.cluster.test} and {@code token.auth.test} on {@code 127.0.0.1}, {@code outsider.other.test}
 * on {@code 127.0.0.2} (where an {@link OutsiderServer} listens). Every server has its own port, so
 * this one fixed set of names serves every cluster of a JVM.
 *
 * <p>The JDK reads {@value #HOSTS_FILE_PROPERTY} once, when {@link InetAddress} initialises, so it
 * must be given at JVM start: in Maven through surefire's {@code argLine} (the testkit's own pom
 * points it at this class's resource {@code loopback.hosts} under {@code target/classes}), for a
 * child JVM or {@code git-remote-entire} through {@code JAVA_OPTS} with {@link #jvmOption(Path)} of
 * {@link TestCluster#hostsFile()}. With the property set the JDK resolves only the names in that
 * file (no DNS), which is why it maps {@code localhost} too. Native programs do not read it: for
 * {@code git}/curl use {@link TestServer#addressUrl()} (the certificates carry {@code 127.0.0.1}
 * too) or curl's {@code --resolve} ({@code http.curloptResolve} in git 2.37+).
 *
 * <p>Stateless and thread-safe.
 *
 * @since 0.2
 */
public final class LoopbackNames {

  /** The JDK system property naming a hosts file that replaces DNS for {@link InetAddress}. */
  public static final String HOSTS_FILE_PROPERTY = "jdk.net.hosts.file";

  /** The domain of every in-cluster name: a client with cluster host {@code cluster.test}. */
  public static final String CLUSTER_DOMAIN = "cluster.test";

  /** The name of every cluster's entry. */
  public static final String ENTRY = "entry." + CLUSTER_DOMAIN;

  /** The name of a cluster's token endpoint: outside {@link #CLUSTER_DOMAIN} on purpose. */
  public static final String TOKEN_ENDPOINT = "token.auth.test";

  /** The name of an {@link OutsiderServer}, mapped to {@value OutsiderServer#DEFAULT_HOST}. */
  public static final String OUTSIDER = "outsider.other.test";

  /** How many replica names ({@code r0} to {@code r15}) the hosts file maps. */
  public static final int MAX_REPLICAS = 16;

  private static final String RESOURCE = "loopback.hosts";

  private LoopbackNames() {}

  /**
   * The name of replica {@code index}, e.g. {@code r1.cluster.test}.
   *
   * @throws IllegalArgumentException when {@code index} is negative or not below {@link
   *     #MAX_REPLICAS}
   */
  public static String replica(int index) {
    if (index < 0 || index >= MAX_REPLICAS) {
      throw new IllegalArgumentException(
          "loopback names exist for replicas 0 to " + (MAX_REPLICAS - 1) + ", not " + index);
    }
    return "r" + index + "." + CLUSTER_DOMAIN;
  }

  /** The hosts-format text mapping every name above (and {@code localhost}) to loopback. */
  public static String hostsFileContent() {
    try (InputStream in = LoopbackNames.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("testkit resource " + RESOURCE + " is missing");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read testkit resource " + RESOURCE, e);
    }
  }

  /**
   * Writes {@link #hostsFileContent()} to {@code file} (replacing it) and returns it.
   *
   * @throws UncheckedIOException when it cannot be written
   */
  public static Path writeHostsFile(Path file) {
    try {
      Path parent = file.toAbsolutePath().getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
      return Files.writeString(file, hostsFileContent(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write hosts file " + file + ": " + e.getMessage(), e);
    }
  }

  /** The JVM option making a JVM resolve the names through {@code hostsFile}. */
  public static String jvmOption(Path hostsFile) {
    return "-D" + HOSTS_FILE_PROPERTY + "=" + hostsFile.toAbsolutePath();
  }

  /**
   * Checks that this JVM resolves the loopback names, for clusters started with {@link
   * TestCluster.Builder#loopbackNames()}.
   *
   * @throws IllegalStateException naming the missing JVM option when {@link #ENTRY} does not
   *     resolve to loopback
   */
  public static void requireResolvable() {
    String hint =
        "; start the JVM with -D"
            + HOSTS_FILE_PROPERTY
            + "=<file> (e.g. surefire <argLine>), the file holding LoopbackNames.hostsFileContent()";
    try {
      if (!InetAddress.getByName(ENTRY).isLoopbackAddress()) {
        throw new IllegalStateException(ENTRY + " does not resolve to loopback" + hint);
      }
    } catch (UnknownHostException e) {
      throw new IllegalStateException(
          ENTRY
              + " does not resolve ("
              + HOSTS_FILE_PROPERTY
              + "="
              + System.getProperty(HOSTS_FILE_PROPERTY)
              + ")"
              + hint,
          e);
    }
  }
}
