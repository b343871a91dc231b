package io.entire.transport.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ConnectException;
import java.net.Socket;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The extension's lifecycles: static (one cluster, reset per test) and instance (per test). */
@Timeout(30)
class TestClusterExtensionTest {

  @Nested
  @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
  class StaticField {
    // a static field in a non-static nested class is allowed since Java 16
    @RegisterExtension
    static final TestClusterExtension cluster =
        TestClusterExtension.with(TestCluster.builder().replicas(2).repository("a/b"));

    static int firstEntryPort;

    @Test
    @Order(1)
    void firstTestBreaksThings() throws Exception {
      firstEntryPort = cluster.entry().port();
      cluster.replica(0).fault(Fault.down());
      cluster.entry().mode(EntryMode.SERVE);
      cluster.entry().allowAnonymous();
      cluster.get().replicasHeader("poison");
      Http.get(Http.infoRefs(cluster.replica(1).url(), "a/b"));
      assertEquals(1, cluster.requests().size());
    }

    @Test
    @Order(2)
    void secondTestSeesTheSameClusterReset(TestCluster injected) throws Exception {
      assertSame(cluster.get(), injected);
      assertEquals(firstEntryPort, cluster.entry().port());
      assertTrue(cluster.replica(0).fault().isNone());
      assertEquals(EntryMode.REDIRECT_WITH_REPLICAS, cluster.entry().mode());
      assertTrue(cluster.requests().isEmpty());
      assertEquals(String.join(",", cluster.replicaUrls()), injected.replicasHeader());
      assertEquals(200, Http.get(Http.infoRefs(cluster.replica(0).url(), "a/b")).statusCode());
    }
  }

  @Nested
  @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
  class InstanceField {
    @RegisterExtension
    final TestClusterExtension cluster =
        TestClusterExtension.with(TestCluster.builder().replicas(1).requireBearer("t"));

    static int previousPort;

    @Test
    @Order(1)
    void firstTestGetsItsOwnCluster() {
      previousPort = cluster.replica(0).port();
      assertTrue(cluster.replica(0).requiresAuthorization());
    }

    @Test
    @Order(2)
    void secondTestGetsAFreshOneAndTheOldOneIsClosed() {
      assertNotEquals(0, previousPort);
      assertThrows(ConnectException.class, () -> new Socket("127.0.0.1", previousPort).close());
      assertTrue(cluster.get().replicaUrls().get(0).startsWith("http://127.0.0.1:"));
    }
  }

  @Test
  void getOutsideTheLifecycleExplains() {
    TestClusterExtension unused = TestClusterExtension.with(TestCluster.builder());
    IllegalStateException e = assertThrows(IllegalStateException.class, unused::get);
    assertTrue(e.getMessage().contains("not running"), e.getMessage());
  }
}
