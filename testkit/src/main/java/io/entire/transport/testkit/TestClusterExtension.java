package io.entire.transport.testkit;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension that runs a {@link TestCluster} for a test class:
 *
 * <pre>{@code
 * @RegisterExtension
 * static final TestClusterExtension cluster =
 *     TestClusterExtension.with(TestCluster.builder().replicas(3).repository("et/org/repo"));
 *
 * @Test
 * void clones() {
 *   String url = cluster.get().replica(0).url() + "/et/org/repo";
 * }
 * }</pre>
 *
 * <ul>
 *   <li>In a {@code static} field the cluster starts once before all tests of the class (nested
 *       classes share it) and closes after them; before each test it is {@link TestCluster#reset()
 *       reset} (faults cleared, entry mode, auth and replicas header restored, logs emptied).
 *   <li>In an instance field every test gets a fresh cluster, closed after the test.
 * </ul>
 *
 * <p>Every test also gets a fresh, empty replica cache ({@link TestCluster#xdgCacheHome()}, {@link
 * TestCluster#replicaCacheFile()}), so what a client cached in one test cannot steer the next; with
 * a static field, {@link #sharingReplicaCache()} keeps one cache for all tests of the class
 * instead.
 *
 * <p>Test methods may also declare a {@link TestCluster} parameter. The extension owns and closes
 * the cluster. Not meant for tests of one class running concurrently (they would share faults).
 *
 * @since 0.1
 */
public final class TestClusterExtension
    implements BeforeAllCallback,
        AfterAllCallback,
        BeforeEachCallback,
        AfterEachCallback,
        ParameterResolver {

  private final TestCluster.Builder builder;
  private final boolean freshCachePerTest;
  private volatile TestCluster cluster;
  private boolean startedPerClass;
  private int classDepth;

  private TestClusterExtension(TestCluster.Builder builder, boolean freshCachePerTest) {
    this.builder = Objects.requireNonNull(builder, "builder");
    this.freshCachePerTest = freshCachePerTest;
  }

  /** An extension starting clusters configured by {@code builder}. */
  public static TestClusterExtension with(TestCluster.Builder builder) {
    return new TestClusterExtension(builder, true);
  }

  /**
   * An extension like this one whose tests share one replica cache: the cluster's cache starts
   * empty and is not replaced before each test, so a test sees what clients of the tests before it
   * cached (run them in a fixed order). Only a static field shares a cluster, and so a cache,
   * between tests; in an instance field every test has its own cluster and cache anyway.
   *
   * @since 0.2
   */
  public TestClusterExtension sharingReplicaCache() {
    return new TestClusterExtension(builder, false);
  }

  /**
   * The running cluster.
   *
   * @throws IllegalStateException outside the extension's lifecycle
   */
  public TestCluster get() {
    TestCluster current = cluster;
    if (current == null) {
      throw new IllegalStateException(
          "the test cluster is not running: use it inside tests (or @BeforeEach/@BeforeAll "
              + "after the extension ran) of a class that registers it with @RegisterExtension");
    }
    return current;
  }

  /** Shortcut for {@code get().entryUrl()}. */
  public String entryUrl() {
    return get().entryUrl();
  }

  /** Shortcut for {@code get().replicaUrls()}. */
  public List<String> replicaUrls() {
    return get().replicaUrls();
  }

  /** Shortcut for {@code get().entry()}. */
  public EntryServer entry() {
    return get().entry();
  }

  /** Shortcut for {@code get().replica(i)}. */
  public ReplicaServer replica(int i) {
    return get().replica(i);
  }

  /**
   * Shortcut for {@code get().replicaCacheFile()}: this test's replica cache file.
   *
   * @since 0.2
   */
  public Path replicaCacheFile() {
    return get().replicaCacheFile();
  }

  /**
   * Shortcut for {@code get().xdgCacheHome()}: this test's {@code XDG_CACHE_HOME}.
   *
   * @since 0.2
   */
  public Path xdgCacheHome() {
    return get().xdgCacheHome();
  }

  /** Shortcut for {@code get().requests()}. */
  public List<RecordedRequest> requests() {
    return get().requests();
  }

  /** Shortcut for {@code get().awaitRequests(count, timeout)}. */
  public List<RecordedRequest> awaitRequests(int count, Duration timeout) {
    return get().awaitRequests(count, timeout);
  }

  @Override
  public synchronized void beforeAll(ExtensionContext context) {
    // nested classes call this again for the same static extension: count, start once
    if (classDepth++ == 0 && cluster == null) {
      cluster = builder.start();
      startedPerClass = true;
    }
  }

  @Override
  public synchronized void afterAll(ExtensionContext context) {
    if (--classDepth == 0 && startedPerClass) {
      closeCluster();
    }
  }

  @Override
  public synchronized void beforeEach(ExtensionContext context) {
    if (cluster == null) {
      cluster = builder.start(); // instance field: a fresh cluster per test
    } else {
      cluster.reset();
      if (freshCachePerTest) {
        cluster.freshReplicaCache();
      }
    }
  }

  @Override
  public synchronized void afterEach(ExtensionContext context) {
    if (!startedPerClass) {
      closeCluster();
    }
  }

  private void closeCluster() {
    TestCluster current = cluster;
    cluster = null;
    startedPerClass = false;
    if (current != null) {
      current.close();
    }
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == TestCluster.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return get();
  }
}
