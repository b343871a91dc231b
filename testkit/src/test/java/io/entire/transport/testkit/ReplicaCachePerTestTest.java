package io.entire.transport.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Each test of a {@link TestClusterExtension} gets its own replica cache unless told to share. */
@Timeout(60)
class ReplicaCachePerTestTest {

  /** What a client under test would leave behind: a cache file under the K1 layout. */
  static Path writeCache(Path file, String content) throws Exception {
    Files.createDirectories(file.getParent());
    return Files.writeString(file, content);
  }

  @Nested
  @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
  class FreshPerTest {
    @RegisterExtension
    static final TestClusterExtension cluster =
        TestClusterExtension.with(TestCluster.builder().replicas(1));

    static Path firstFile;

    @Test
    @Order(1)
    void aClientOfTheFirstTestCachesSomething() throws Exception {
      Path file = cluster.replicaCacheFile();
      assertEquals(cluster.xdgCacheHome().resolve("entire").resolve("nodes.json"), file);
      assertFalse(Files.exists(file), "empty at first");
      firstFile = writeCache(file, "{\"first\":{}}");
    }

    @Test
    @Order(2)
    void theNextTestStartsWithAnEmptyCacheElsewhere() {
      assertNotEquals(firstFile, cluster.replicaCacheFile());
      assertFalse(Files.exists(cluster.replicaCacheFile()), "nothing leaked into this test");
      assertFalse(Files.exists(firstFile), "the earlier cache was deleted");
    }
  }

  @Nested
  @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
  class SharedByTheClass {
    @RegisterExtension
    static final TestClusterExtension cluster =
        TestClusterExtension.with(TestCluster.builder().replicas(1)).sharingReplicaCache();

    static Path firstFile;

    @Test
    @Order(1)
    void aClientOfTheFirstTestCachesSomething() throws Exception {
      firstFile = writeCache(cluster.replicaCacheFile(), "{\"shared\":{}}");
    }

    @Test
    @Order(2)
    void theNextTestSeesIt() throws Exception {
      assertEquals(firstFile, cluster.replicaCacheFile());
      assertEquals("{\"shared\":{}}", Files.readString(cluster.replicaCacheFile()));
    }
  }

  @Test
  void aClusterDeletesItsCachesOnClose() throws Exception {
    Path home;
    try (TestCluster cluster = TestCluster.builder().replicas(1).start()) {
      home = cluster.xdgCacheHome();
      writeCache(cluster.replicaCacheFile(), "{}");
      Path fresh = cluster.freshReplicaCache();
      assertEquals(cluster.replicaCacheFile(), fresh);
      assertFalse(Files.exists(home), "the previous home is gone");
      assertTrue(Files.isDirectory(cluster.xdgCacheHome()));
      home = cluster.xdgCacheHome();
    }
    assertFalse(Files.exists(home), "deleted on close");
  }
}
